package dev.fireball.host.driverwalk;

import dev.fireball.config.Boards;
import dev.fireball.hal.Hal;
import dev.fireball.hal.Ioctl;
import dev.fireball.hal.ModuleGrants;
import dev.fireball.hal.OpenFlags;
import dev.fireball.host.example.FixedConsole;
import dev.fireball.kernel.Coroutine;
import dev.fireball.kernel.InterruptBridge;
import dev.fireball.kernel.Kernel;
import dev.fireball.kernel.ModuleSpec;
import dev.fireball.kernel.Scheduler;
import dev.fireball.kernel.SoftInterruptLines;
import dev.fireball.kernel.VirtualClock;
import java.nio.charset.StandardCharsets;
import java.util.function.LongConsumer;

/**
 * A host board with one USART ({@link UsartModel} + {@link UsartDriver}) on interrupt line 3,
 * booted as docs/modules.md and docs/hal.md say, and two modules that open {@code device://uart/0}:
 * {@code shell} (read + write) answers every line it receives with a 24-byte reply, {@code monitor}
 * (read only) logs what it receives.
 */
final class UartRig
{
    static final int IRQ_LINE = 3;
    static final byte[] PING = "ping\n".getBytes(StandardCharsets.US_ASCII);

    final VirtualClock clock = new VirtualClock();
    final FixedConsole console = new FixedConsole();
    final Kernel k;
    final Hal hal;
    final SoftInterruptLines lines;
    final InterruptBridge bridge;
    final UsartModel usart;
    private final LongConsumer hardware;
    final UsartDriver driver;
    final Shell shell;
    final Monitor monitor;
    final int shellModule;
    final int monitorModule;

    UartRig()
    {
        k = Kernel.boot(Boards.byName("host"), clock, console);
        final ModuleGrants grants = new ModuleGrants(k.modules);
        hal = Hal.forBoard(k.scheduler, grants, k.config);
        lines = new SoftInterruptLines(clock);
        bridge = k.bridge(lines);
        usart = new UsartModel(lines, IRQ_LINE);
        hardware = usart::tick; // made once: a method reference per runTo would allocate
        driver = new UsartDriver(usart);
        final int id = hal.register("device://uart/*", driver);
        hal.routeInterrupt(bridge, IRQ_LINE, id, 0);
        shell = new Shell(hal);
        monitor = new Monitor(hal);
        shellModule = k.create(k.module("shell", shell).maxFds(1)
            .grant("device://uart/0", ModuleSpec.READ | ModuleSpec.WRITE).restart(3, 10_000));
        monitorModule = k.create(k.module("monitor", monitor).maxFds(1).grant("device://uart/0", ModuleSpec.READ));
        grants.bind(hal);
        hal.seal();
        k.seal();
    }

    /** Starts both modules at tick 0 and runs them until they wait for the first byte. */
    UartRig start()
    {
        k.modules.start(shellModule);
        k.modules.start(monitorModule);
        k.scheduler.runUntil(clock.now());
        return this;
    }

    /** Runs to {@code target} in lock-step with the device model ({@link Lockstep}). */
    void runTo(final long target)
    {
        Lockstep.runTo(k.scheduler, clock, target, hardware);
    }

    /** Answers each received line with {@code "ACK n: 0123456789abcdef\n"} (24 bytes: three times the TX queue). */
    static final class Shell extends Coroutine
    {
        static final int READ = 1;
        static final int WRITE = 2;

        private final Hal hal;
        private final byte[] in = new byte[16];
        final byte[] reply = "ACK 0: 0123456789abcdef\n".getBytes(StandardCharsets.US_ASCII);
        final ByteLog seen = new ByteLog();
        int fd;
        int off;
        int replies;
        int readWaits;
        int writeWaits;
        /** Resumes after awaitReadable, and those whose retry still had nothing to read. */
        int readWakeups;
        int spuriousReadWakeups;
        /** Resumes after awaitWritable, and those whose retry still had no room. */
        int writeWakeups;
        int spuriousWriteWakeups;
        /** What the last wait was for: 0 none, READ or WRITE. */
        private int waitedFor;
        /** Calls of write() that accepted bytes. */
        int writes;
        long lastReplyQueuedAt = -1;

        Shell(final Hal hal)
        {
            super("shell");
            this.hal = hal;
        }

        @Override
        protected int resume(final Scheduler s)
        {
            while (true)
            {
                switch (pc)
                {
                    case 0:
                        fd = hal.open("device://uart/0", OpenFlags.O_RDWR);
                        if (fd < 0)
                        {
                            return s.fail(fd);
                        }
                        pc = READ;
                        break;
                    case READ:
                    {
                        final int n = hal.read(fd, in, 0, in.length);
                        countWakeup(Hal.WOULD_BLOCK == n);
                        if (Hal.WOULD_BLOCK == n)
                        {
                            readWaits++;
                            waitedFor = READ;
                            return hal.awaitReadable(fd, Scheduler.FOREVER);
                        }
                        if (n < 0)
                        {
                            return s.fail(n);
                        }
                        seen.add(in, 0, n, s.now());
                        for (int i = 0; i < n; i++)
                        {
                            if ('\n' == in[i])
                            {
                                replies++;
                                reply[4] = (byte) ('0' + replies % 10);
                                off = 0;
                                pc = WRITE;
                            }
                        }
                        break;
                    }
                    case WRITE:
                    {
                        final int n = hal.write(fd, reply, off, reply.length - off);
                        countWakeup(Hal.WOULD_BLOCK == n);
                        if (Hal.WOULD_BLOCK == n)
                        {
                            writeWaits++;
                            waitedFor = WRITE;
                            return hal.awaitWritable(fd, Scheduler.FOREVER);
                        }
                        if (n < 0)
                        {
                            return s.fail(n);
                        }
                        writes++;
                        off += n;
                        if (reply.length == off)
                        {
                            lastReplyQueuedAt = s.now();
                            pc = READ;
                        }
                        break;
                    }
                    default:
                        throw new IllegalStateException("pc " + pc);
                }
            }
        }

        /** After the first call following a wait: counts the wake-up, spurious if that call would block again. */
        private void countWakeup(final boolean blocked)
        {
            if (READ == waitedFor)
            {
                readWakeups++;
                spuriousReadWakeups += blocked ? 1 : 0;
            }
            else if (WRITE == waitedFor)
            {
                writeWakeups++;
                spuriousWriteWakeups += blocked ? 1 : 0;
            }
            waitedFor = 0;
        }
    }

    /** Logs every byte it receives with its tick; counts wake-ups and the ones that found nothing. */
    static final class Monitor extends Coroutine
    {
        private final Hal hal;
        private final byte[] in = new byte[16];
        final ByteLog seen = new ByteLog();
        int fd;
        boolean waited;
        int wakeups;
        int spuriousWakeups;
        int overruns;

        Monitor(final Hal hal)
        {
            super("monitor");
            this.hal = hal;
        }

        @Override
        protected int resume(final Scheduler s)
        {
            if (0 == pc)
            {
                fd = hal.open("device://uart/0", OpenFlags.O_RDONLY);
                if (fd < 0)
                {
                    return s.fail(fd);
                }
                pc = 1;
            }
            while (true)
            {
                final int n = hal.read(fd, in, 0, in.length);
                if (waited)
                {
                    waited = false;
                    wakeups++;
                    if (Hal.WOULD_BLOCK == n)
                    {
                        spuriousWakeups++;
                    }
                }
                if (Hal.WOULD_BLOCK == n)
                {
                    waited = true;
                    return hal.awaitReadable(fd, Scheduler.FOREVER);
                }
                if (n < 0)
                {
                    return s.fail(n);
                }
                seen.add(in, 0, n, s.now());
                overruns = hal.ioctl(fd, Ioctl.FIOC_OVERRUNS, 0);
            }
        }
    }
}
