package dev.fireball.hal;

import static dev.fireball.hal.OpenFlags.O_NONBLOCK;
import static dev.fireball.hal.OpenFlags.O_RDONLY;
import static dev.fireball.hal.OpenFlags.O_RDWR;
import static dev.fireball.hal.OpenFlags.O_WRONLY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fireball.hal.support.CountingDriver;
import dev.fireball.hal.support.Rig;
import dev.fireball.kernel.Errno;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Streams: independence of opens, fan-out, overruns, positions, open counting. */
class HalStreamTest
{
    private final Rig rig = new Rig();
    private final Hal hal = rig.hal;

    @AfterEach
    void invariantsHold()
    {
        hal.checkInvariants();
        rig.scheduler.checkInvariants();
    }

    @Test
    void loopbackWriteIsReadBackByTheSameStream()
    {
        final int fd = hal.open("device://loop/0", O_RDWR | O_NONBLOCK);
        assertEquals(5, hal.write(fd, bytes("hello"), 0, 5));
        final byte[] in = new byte[8];
        assertEquals(5, hal.read(fd, in, 0, 8));
        assertArrayEquals(bytes("hello"), Arrays.copyOf(in, 5));
        assertEquals(-Errno.EAGAIN, hal.read(fd, in, 0, 8));
    }

    @Test
    void twoReadersOfOneDeviceEachSeeEveryByte()
    {
        final int writer = hal.open("device://uart/1", O_WRONLY);
        final int a = hal.open("device://uart/1", O_RDONLY | O_NONBLOCK);
        final int b = hal.open("device://uart/1", O_RDONLY | O_NONBLOCK);
        hal.write(writer, bytes("abc"), 0, 3);
        final byte[] in = new byte[3];
        assertEquals(2, hal.read(a, in, 0, 2));
        assertEquals(3, hal.read(b, in, 0, 3));
        assertArrayEquals(bytes("abc"), in);
        assertEquals(1, hal.read(a, in, 0, 3));
        assertEquals('c', in[0]);
    }

    @Test
    void otherDeviceInstancesDoNotSeeTheBytes()
    {
        final int w = hal.open("device://uart/0", O_WRONLY);
        final int other = hal.open("device://uart/1", O_RDONLY | O_NONBLOCK);
        final int otherType = hal.open("device://loop/0", O_RDONLY | O_NONBLOCK);
        hal.write(w, bytes("x"), 0, 1);
        assertEquals(0, hal.ioctl(other, Ioctl.FIONREAD, 0));
        assertEquals(0, hal.ioctl(otherType, Ioctl.FIONREAD, 0));
    }

    @Test
    void aReaderThatFallsBehindLosesBytesCountedOnItsStreamOnly()
    {
        final int w = hal.open("device://loop/2", O_WRONLY);
        final int slow = hal.open("device://loop/2", O_RDONLY | O_NONBLOCK);
        final int fast = hal.open("device://loop/2", O_RDONLY | O_NONBLOCK);
        final byte[] chunk = new byte[48];
        final byte[] in = new byte[64];
        for (int i = 0; i < 4; i++)
        {
            Arrays.fill(chunk, (byte) i);
            assertEquals(48, hal.write(w, chunk, 0, 48));
            assertEquals(48, hal.read(fast, in, 0, 64));
        }
        assertEquals(0, hal.ioctl(fast, Ioctl.FIOC_OVERRUNS, 0));
        assertEquals(4 * 48 - Hal.DEFAULT_RX_RING_BYTES, hal.ioctl(slow, Ioctl.FIOC_OVERRUNS, 0));
        assertEquals(Hal.DEFAULT_RX_RING_BYTES, hal.ioctl(slow, Ioctl.FIONREAD, 0));
        // The oldest bytes are kept, the newest dropped (like a UART's hardware overrun).
        assertEquals(64, hal.read(slow, in, 0, 64));
        assertEquals(0, in[0]);
        assertEquals(1, in[63]);
    }

    @Test
    void ringWrapsAroundWithoutLosingOrder()
    {
        final int fd = hal.open("device://loop/0", O_RDWR | O_NONBLOCK);
        final byte[] out = new byte[40];
        final byte[] in = new byte[40];
        for (int round = 0; round < 10; round++)
        {
            for (int i = 0; i < out.length; i++)
            {
                out[i] = (byte) (round * 40 + i);
            }
            hal.write(fd, out, 0, 40);
            assertEquals(40, hal.read(fd, in, 0, 40));
            assertArrayEquals(out, in);
        }
    }

    @Test
    void writeOnlyStreamsReceiveNothing()
    {
        final int w = hal.open("device://loop/0", O_WRONLY);
        hal.write(w, bytes("abc"), 0, 3);
        assertEquals(0, hal.ioctl(w, Ioctl.FIONREAD, 0));
    }

    @Test
    void seekOnAStreamIsEspipe()
    {
        final int fd = hal.open("device://loop/0", O_RDWR);
        assertEquals(-Errno.ESPIPE, hal.seek(fd, 0, Hal.SEEK_SET));
        assertEquals(-Errno.ESPIPE, hal.seek(fd, 5, Hal.SEEK_CUR));
    }

    @Test
    void ramStreamsHaveIndependentPositions()
    {
        final int a = hal.open("device://ram/0", O_RDWR);
        final int b = hal.open("device://ram/0", O_RDWR);
        assertEquals(4, hal.write(a, bytes("abcd"), 0, 4));
        final byte[] in = new byte[4];
        assertEquals(4, hal.read(b, in, 0, 4));
        assertArrayEquals(bytes("abcd"), in);
        assertEquals(4, hal.seek(a, 0, Hal.SEEK_CUR));
        assertEquals(4, hal.seek(b, 0, Hal.SEEK_CUR));
        assertEquals(1, hal.seek(a, 1, Hal.SEEK_SET));
        assertEquals(2, hal.read(a, in, 0, 2));
        assertEquals('b', in[0]);
        assertEquals(4, hal.seek(b, 0, Hal.SEEK_CUR));
    }

    @Test
    void ramSeekStaysInsideTheDevice()
    {
        final int fd = hal.open("device://ram/1", O_RDWR);
        assertEquals(Rig.RAM_BYTES, hal.seek(fd, 0, Hal.SEEK_END));
        assertEquals(Rig.RAM_BYTES - 6, hal.seek(fd, -6, Hal.SEEK_END));
        assertEquals(-Errno.EINVAL, hal.seek(fd, 1, Hal.SEEK_END));
        assertEquals(-Errno.EINVAL, hal.seek(fd, -1, Hal.SEEK_SET));
        assertEquals(-Errno.EINVAL, hal.seek(fd, Integer.MAX_VALUE, Hal.SEEK_CUR));
        assertEquals(-Errno.EINVAL, hal.seek(fd, 0, 3));
        assertEquals(Rig.RAM_BYTES - 6, hal.seek(fd, 0, Hal.SEEK_CUR), "a failed seek leaves the position");
    }

    @Test
    void ramReadAtEndIsZeroAndWriteAtEndIsEnospc()
    {
        final int fd = hal.open("device://ram/0", O_RDWR);
        hal.seek(fd, -2, Hal.SEEK_END);
        assertEquals(2, hal.write(fd, bytes("xyz"), 0, 3), "a write is cut at the end");
        assertEquals(-Errno.ENOSPC, hal.write(fd, bytes("z"), 0, 1));
        assertEquals(0, hal.read(fd, new byte[4], 0, 4));
        assertEquals(0, hal.ioctl(fd, Ioctl.FIONREAD, 0));
        hal.seek(fd, 10, Hal.SEEK_SET);
        assertEquals(Rig.RAM_BYTES - 10, hal.ioctl(fd, Ioctl.FIONREAD, 0));
    }

    @Test
    void ramDevicesAreSeparate()
    {
        final int a = hal.open("device://ram/0", O_RDWR);
        final int b = hal.open("device://ram/1", O_RDWR);
        hal.write(a, bytes("A"), 0, 1);
        final byte[] in = new byte[1];
        hal.read(b, in, 0, 1);
        assertEquals(0, in[0]);
    }

    @Test
    void zeroLengthReadAndWriteReturnZero()
    {
        final int fd = hal.open("device://loop/0", O_RDWR);
        assertEquals(0, hal.read(fd, new byte[0], 0, 0));
        assertEquals(0, hal.write(fd, new byte[4], 4, 0));
    }

    @Test
    void firstOpenSetsTheDeviceUpAndLastCloseShutsItDown()
    {
        final int a = hal.open("device://uart/0", O_RDONLY);
        assertTrue(rig.uart.isRunning(0));
        assertFalse(rig.uart.isRunning(1));
        final int b = hal.open("device://uart/0", O_WRONLY);
        assertEquals(0, hal.close(a));
        assertTrue(rig.uart.isRunning(0), "one open left");
        assertEquals(0, hal.close(b));
        assertFalse(rig.uart.isRunning(0));
    }

    @Test
    void setupAndShutdownRunOncePerDeviceLifetime()
    {
        final Rig r = Rig.unsealed();
        final CountingDriver c = new CountingDriver(2, Driver.SEEKABLE);
        r.hal.register("device://adc/*", c);
        final int a = r.hal.open("device://adc/0", O_RDONLY);
        final int b = r.hal.open("device://adc/0", O_RDONLY);
        final int other = r.hal.open("device://adc/1", O_RDONLY);
        assertEquals(2, c.setups);
        assertEquals(3, c.opens);
        r.hal.close(a);
        r.hal.close(b);
        r.hal.close(other);
        assertEquals(3, c.closes);
        assertEquals(2, c.shutdowns);
        r.hal.checkInvariants();
    }

    @Test
    void failedSetupFailsTheOpenAndLeavesNothingOpen()
    {
        final Rig r = Rig.unsealed();
        final CountingDriver c = new CountingDriver(1, Driver.STREAM);
        r.hal.register("device://adc/*", c);
        c.failSetupWith = -Errno.EIO;
        assertEquals(-Errno.EIO, r.hal.open("device://adc/0", O_RDONLY));
        assertEquals(0, r.hal.openCount());
        assertEquals(0, r.hal.streamsInUse());
        c.failOpenWith = -Errno.EBUSY;
        assertEquals(-Errno.EBUSY, r.hal.open("device://adc/0", O_RDONLY));
        assertEquals(1, c.setups);
        assertEquals(1, c.shutdowns, "a first open that fails shuts the device down again");
        assertEquals(0, r.hal.openCount());
        r.hal.checkInvariants();
    }

    @Test
    void closeReportsTheDriverErrorButClosesAnyway()
    {
        final Rig r = Rig.unsealed();
        final CountingDriver c = new CountingDriver(1, Driver.SEEKABLE);
        r.hal.register("device://adc/*", c);
        final int fd = r.hal.open("device://adc/0", O_RDONLY);
        c.failCloseWith = -Errno.EIO;
        assertEquals(-Errno.EIO, r.hal.close(fd));
        assertEquals(-Errno.EBADF, r.hal.close(fd));
        assertEquals(1, c.shutdowns);
    }

    @Test
    void bottomHalfReachesItsDriver()
    {
        final Rig r = Rig.unsealed();
        final CountingDriver c = new CountingDriver(1, Driver.STREAM);
        final int id = r.hal.register("device://adc/*", c);
        r.hal.bottomHalf(id, 0, 0x5);
        r.hal.bottomHalf(99, 0, 0x5);
        r.hal.bottomHalf(-1, 0, 0x5);
        assertEquals(1, c.bottomHalves);
        assertEquals(0x5, c.lastPending);
    }

    @Test
    void seekableOpensUseNoStreamingSlot()
    {
        hal.open("device://ram/0", O_RDWR);
        assertEquals(0, hal.streamsInUse());
        hal.open("device://loop/0", O_RDWR);
        assertEquals(1, hal.streamsInUse());
    }

    static byte[] bytes(final String s)
    {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
