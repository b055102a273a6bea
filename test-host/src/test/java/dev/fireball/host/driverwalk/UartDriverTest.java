package dev.fireball.host.driverwalk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fireball.hal.Ioctl;
import dev.fireball.hal.OpenFlags;
import dev.fireball.kernel.Coroutine;
import dev.fireball.kernel.Errno;
import dev.fireball.kernel.Modules;
import dev.fireball.kernel.Scheduler;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A register-level USART driver ({@link UsartDriver}) under two modules, in virtual time: the peer
 * sends {@code "ping\n"} at ticks 10..14 and 40..44; {@code shell} answers each line with 24 bytes
 * through an 8-byte TX queue; {@code monitor} only listens.
 */
class UartDriverTest
{
    private static final String REPLIES = "ACK 1: 0123456789abcdef\nACK 2: 0123456789abcdef\n";

    private static UartRig twoPings()
    {
        final UartRig rig = new UartRig().start();
        rig.usart.peerSends(UartRig.PING, 10, 30); // ticks 10..14, 40..44, 70..74, ...
        rig.runTo(69);
        return rig;
    }

    @Test
    void bothModulesSeeEveryByteAtTheTickItArrived()
    {
        final UartRig rig = twoPings();

        final long[] ticks = ByteLog.concat(ByteLog.range(10, 5), ByteLog.range(40, 5));
        assertEquals("ping\nping\n", rig.monitor.seen.text());
        assertArrayEquals(ticks, rig.monitor.seen.ticks(), "each byte read in the tick its interrupt was raised");
        assertEquals("ping\nping\n", rig.shell.seen.text());
        assertArrayEquals(ticks, rig.shell.seen.ticks());
        assertEquals(10, rig.driver.delivered, "the bottom half delivered each byte once, for both readers");
        assertEquals(0, rig.monitor.overruns);
        assertEquals(0, rig.usart.lostInFifo);
        assertEquals("", rig.console.text(), "no fault, no report");
    }

    @Test
    void theReplyLeavesOneBytePerTickAndTheWriterIsHeldBackByTheTxQueue()
    {
        final UartRig rig = twoPings();

        assertEquals(REPLIES, rig.usart.wire.text());
        assertArrayEquals(ByteLog.concat(ByteLog.range(15, 24), ByteLog.range(45, 24)), rig.usart.wire.ticks(),
            "the first byte leaves the tick after the newline, then one per tick, no gap");
        // 24 bytes through 8 places: 9 at tick 14 (8 queued, one moved at once to DATAR), then one
        // per TXE interrupt; so 15 waits for room per reply, each ended by the driver's signalReady.
        assertEquals(30, rig.shell.writeWaits);
        // The driver signals whenever its full queue gets room: 16 per reply, the last one after the
        // shell has queued everything (a driver cannot ask whether anyone waits for POLLOUT).
        assertEquals(32, rig.driver.txSignals);
        assertEquals(2 * (2 + 15), rig.shell.writes, "8 + 1, then 15 single bytes, per reply");
        assertEquals(59, rig.shell.lastReplyQueuedAt, "the second reply's last byte was queued at 44 + 15");
        assertEquals(Scheduler.WAITING, rig.k.scheduler.stateOf(rig.k.modules.initHandle(rig.shellModule)));
        assertEquals(0, rig.usart.read(UsartModel.CTLR1) & UsartModel.CTLR1_TXEIE,
            "TXE interrupt off again once the queue drained");
    }

    /**
     * The walk-through's finding, fixed: wake-ups go by direction. The driver signals TX room with
     * {@code POLLOUT}, which wakes the shell when it waits to write and never the monitor, which
     * only reads; received bytes wake readers only. With one wait queue per stream, each of the 32
     * TX-room signals also woke the monitor (and the last signal of each reply the shell, waiting to
     * read by then): 84 wake-ups for 10 received bytes, 34 of which found nothing (monitor 42 with 32
     * spurious, shell 12 reads with 2 spurious and 30 writes; the 32 signals woke 64). Now 50, none
     * spurious.
     */
    @Test
    void txRoomSignalsWakeOnlyTheWriterAndReceivedBytesOnlyTheReaders()
    {
        final UartRig rig = twoPings();

        assertEquals(32, rig.driver.txSignals);
        assertEquals(0, rig.monitor.spuriousWakeups, "no TX-room signal woke the read-only monitor");
        assertEquals(10, rig.monitor.wakeups, "one wake-up per received byte, each with a byte to read");
        assertEquals(30, rig.driver.txSignalWakeups, "a signal wakes the shell when it waits for room, nobody else");
        assertEquals(30, rig.shell.writeWakeups);
        assertEquals(0, rig.shell.spuriousWriteWakeups, "every wake for room found room");
        assertEquals(10, rig.shell.readWakeups, "the shell, reading, was woken by its bytes only");
        assertEquals(0, rig.shell.spuriousReadWakeups);
        assertEquals(50, rig.monitor.wakeups + rig.shell.readWakeups + rig.shell.writeWakeups, "84 with one queue");
    }

    /** The finding in its smallest form: a reader waiting on the device sleeps through a TX-room signal. */
    @Test
    void aReaderWaitingWhileTxRoomIsSignalledIsNotWoken()
    {
        final UartRig rig = new UartRig().start(); // the peer is silent: both modules wait to read
        rig.runTo(5);

        assertEquals(0, rig.driver.signalTxRoom(), "nobody waits for room, so the signal wakes nobody");
        rig.runTo(10);

        assertEquals(0, rig.monitor.wakeups, "the reader was not woken");
        assertEquals(0, rig.shell.readWakeups);
        assertEquals(Scheduler.WAITING, rig.k.scheduler.stateOf(rig.k.modules.initHandle(rig.monitorModule)));
    }

    @Test
    void aBurstLargerThanTheFifoIsAHardwareOverrunTheDriverSeesButNoReaderCanAskFor()
    {
        final UartRig rig = new UartRig().start();
        rig.runTo(5);
        rig.usart.burst("0123456".getBytes(StandardCharsets.US_ASCII)); // 7 bytes, FIFO of 4
        rig.runTo(6);

        assertEquals("0123", rig.monitor.seen.text());
        assertEquals(3, rig.usart.lostInFifo);
        assertEquals(1, rig.driver.hardwareOverruns, "the driver saw ORE");
        assertEquals(0, rig.monitor.overruns, "FIOC_OVERRUNS counts ring overruns only: the HAL has no way in for "
            + "bytes the hardware lost");
    }

    @Test
    void ioctlsOfTheSerialFamilyReachTheDriverOthersAreRefused()
    {
        final UartRig rig = new UartRig().start();
        final int[] r = new int[6];
        final Coroutine probe = new Coroutine("probe")
        {
            @Override
            protected int resume(final Scheduler s)
            {
                final int fd = rig.hal.open("device://uart/0", OpenFlags.O_RDONLY);
                r[0] = rig.hal.ioctl(fd, Ioctl.TIOCBAUD, 9600);
                r[1] = rig.hal.ioctl(fd, Ioctl.TIOCBAUD, 0);
                r[2] = rig.hal.ioctl(fd, Ioctl.I2C_SET_ADDR, 0x48);
                r[3] = rig.hal.ioctl(fd, Ioctl.FIONREAD, 0);
                r[4] = rig.hal.ioctl(fd, Ioctl.TIOCBAUD, new byte[4], 0, 4);
                r[5] = rig.hal.close(fd);
                return s.done(0);
            }
        };
        rig.k.scheduler.spawnDetached(probe); // a kernel coroutine: module 0 may open anything
        rig.runTo(1);

        assertEquals(0, r[0]);
        assertEquals(UsartModel.PCLK_HZ / 9600, rig.usart.read(UsartModel.BRR));
        assertEquals(-Errno.EINVAL, r[1]);
        assertEquals(-Errno.ENOTTY, r[2], "an i2c command on a uart: refused before the driver");
        assertEquals(0, r[3], "FIONREAD of a receive-ring stream is the HAL's");
        assertEquals(-Errno.ENOTSUP, r[4], "the byte[] variant the driver does not override");
        assertEquals(0, r[5]);
    }

    @Test
    void theLastCloseShutsTheUsartDownAndTheFirstOpenPowersItUp()
    {
        final UartRig rig = twoPings();
        assertEquals(1, rig.driver.setups);
        assertEquals(2, rig.driver.opens);
        assertTrue(0 != (rig.usart.read(UsartModel.CTLR1) & UsartModel.CTLR1_UE));

        assertEquals(1, rig.k.modules.stop(rig.monitorModule));
        assertEquals(0, rig.driver.shutdowns, "the shell still has it open");
        assertEquals(1, rig.k.modules.stop(rig.shellModule));

        assertEquals(1, rig.driver.shutdowns);
        assertEquals(2, rig.driver.closes);
        assertEquals(0, rig.usart.read(UsartModel.CTLR1), "USART disabled, every interrupt off");
        assertEquals(0, rig.hal.openCount());
        assertEquals(Modules.STOPPED, rig.k.modules.state(rig.shellModule));
    }

    @Test
    void aModuleWithAReadGrantCannotOpenForWriting()
    {
        final UartRig rig = new UartRig();
        final int[] r = new int[1];
        // the monitor module's grant is READ: a coroutine spawned into it tries O_RDWR
        final Coroutine writer = new Coroutine("writer")
        {
            @Override
            protected int resume(final Scheduler s)
            {
                r[0] = rig.hal.open("device://uart/0", OpenFlags.O_RDWR);
                return s.done(0);
            }
        };
        rig.start();
        assertTrue(rig.k.scheduler.spawnInModule(writer, rig.monitorModule, true) >= 0);
        rig.runTo(1);

        assertEquals(-Errno.EACCES, r[0]);
    }
}
