package dev.fireball.host;

import dev.fireball.config.BoardConfig;
import dev.fireball.config.Boards;
import dev.fireball.kernel.AsciiSink;
import dev.fireball.kernel.Channel;
import dev.fireball.kernel.Clock;
import dev.fireball.kernel.Coroutine;
import dev.fireball.kernel.Errno;
import dev.fireball.kernel.Kernel;
import dev.fireball.kernel.Scheduler;
import dev.fireball.kernel.Select;
import dev.fireball.kernel.VirtualClock;

/**
 * The host demo (the README's run command): a kernel booted from the selected board's config
 * ({@code -Dfireball.board=...}, default host) runs a blinker that sleeps, workers that yield, a
 * parent that computes fibonacci through nested joins, and a monitor selecting over a sensor
 * channel and a timer channel (the seed's {@code coos::select(sensor_ch, timer_ch)}), all
 * interleaving on one scheduler; next to them a "logger" module with its own heap crashes on a bad
 * heap access and is restarted twice by its fault policy, then stopped, without disturbing anything
 * else.
 * {@code --real} runs them on the wall clock (1 ms ticks) instead of virtual time.
 */
public final class Demo
{
    private Demo()
    {
    }

    public static void main(final String[] args)
    {
        final int status = run(args);
        if (0 != status)
        {
            System.exit(status); // a deadlock, a panic or a failed join must not look like success
        }
    }

    /**
     * 0 only when the run ended idle and the fibonacci parent completed; 1 otherwise (the scripts
     * and CI that run the demo read its exit status).
     */
    static int exitStatus(final int runResult, final int fibOutcome)
    {
        return Scheduler.RUN_IDLE == runResult && Scheduler.COMPLETED == fibOutcome ? 0 : 1;
    }

    /** Runs the demo; returns its exit status ({@link #exitStatus}). */
    static int run(final String[] args)
    {
        final boolean real = args.length > 0 && "--real".equals(args[0]);
        final Clock clock = real ? WallClock.millis() : new VirtualClock();
        final BoardConfig board = Boards.selected();
        final Kernel kernel = Kernel.boot(board, clock, StreamConsole.to(System.out));
        final Scheduler s = kernel.scheduler;
        final int logger = kernel.create(kernel.module("logger", new Logger(clock)).frameBytes(64).restart(2, 1000));
        final Channel sensorCh = kernel.channel(4, 0); // counted against the board's MAX_CHANNELS
        final Channel timerCh = kernel.channel(1, 0);
        kernel.seal();
        System.out.println("Fireball host demo on board '" + board.board + "': " + board.maxCoroutines + " coroutine slots, "
            + board.maxModules + " guest module slots, " + board.guestHeapSizeKb + " KB per module heap, "
            + (real ? "wall clock (1 ms ticks)" : "virtual time"));
        kernel.modules.start(logger);

        s.spawnDetached(new Blinker(clock));
        s.spawnDetached(new Worker(clock, "worker-a"));
        s.spawnDetached(new Worker(clock, "worker-b"));
        final Fib.Pool pool = new Fib.Pool(24);
        // fib(n) holds n slots at its deepest: on a board with fewer than 8 (a tuned one), a smaller n.
        final int fibN = Math.min(8, board.maxCoroutines);
        final int fib = s.spawn(pool.take(fibN));
        final Select select = kernel.select; // MAX_SELECT_ARMS arms; the monitor uses two
        s.spawnDetached(new Sensor(sensorCh));
        s.spawnDetached(new Ticker(timerCh));
        s.spawnDetached(new Monitor(clock, select, sensorCh, timerCh));

        s.runUntil(5);
        final AsciiSink dump = new AsciiSink(4096);
        s.dump(dump);
        System.out.println("--- dump_coroutines at tick " + clock.now() + " ---");
        System.out.print(dump);
        System.out.println("---");

        final int result = s.run();
        final int fibOutcome = s.outcomeOf(fib);
        System.out.println("fib(" + fibN + ") = " + s.valueOf(fib) + " (outcome " + fibOutcome + ", 0 = COMPLETED)");
        s.release(fib);
        System.out.println("run() = " + (Scheduler.RUN_IDLE == result ? "RUN_IDLE" : String.valueOf(result))
            + " at tick " + clock.now() + "; spawned " + s.spawnedCount() + ", completed " + s.completedCount()
            + ", failed " + s.failedCount() + ", context switches " + s.contextSwitchCount() + ", max ready depth "
            + s.maxReadyDepth());
        final AsciiSink report = new AsciiSink(4096);
        kernel.modules.dump(report);
        kernel.trace.dump(report);
        System.out.println("--- modules and trace ---");
        System.out.print(report);
        return exitStatus(result, fibOutcome);
    }

    /**
     * The "logger" module's init: stores a record in its frame (module heap memory) every 4 ticks;
     * its third record is written past the frame's end, which faults the module.
     */
    static final class Logger extends Coroutine
    {
        private final Clock clock;
        private int samples;

        Logger(final Clock clock)
        {
            super("logger");
            this.clock = clock;
        }

        @Override
        protected int resume(final Scheduler s)
        {
            if (0 == pc)
            {
                samples = 0; // restarted incarnations start fresh
                pc = 1;
            }
            samples++;
            final int offset = samples < 3 ? 4 * samples : 4096; // bug: the third record overruns the frame
            heap().putInt(frame(), offset, 20 + samples);
            System.out.println("[tick " + clock.now() + "] logger: record " + samples + " = "
                + heap().getInt(frame(), offset) + " stored in its module heap");
            return s.sleep(4);
        }
    }

    /** Toggles an LED every 3 ticks, 4 times. */
    static final class Blinker extends Coroutine
    {
        private final Clock clock;
        private int toggles;

        Blinker(final Clock clock)
        {
            super("blinker");
            this.clock = clock;
        }

        @Override
        protected int resume(final Scheduler s)
        {
            if (toggles == 4)
            {
                return s.done(toggles);
            }
            toggles++;
            System.out.println("[tick " + clock.now() + "] blinker: LED " + ((toggles & 1) == 1 ? "on" : "off"));
            return s.sleep(3);
        }
    }

    /** Does three slices of work, yielding between them, then sleeps and does one more. */
    static final class Worker extends Coroutine
    {
        private final Clock clock;
        private int slice;

        Worker(final Clock clock, final String name)
        {
            super(name);
            this.clock = clock;
        }

        @Override
        protected int resume(final Scheduler s)
        {
            switch (pc)
            {
                case 0:
                    slice++;
                    System.out.println("[tick " + clock.now() + "] " + name() + ": slice " + slice);
                    if (slice < 3)
                    {
                        return s.yield();
                    }
                    pc = 1;
                    return s.sleep(7);
                default:
                    System.out.println("[tick " + clock.now() + "] " + name() + ": woke after sleep, done");
                    return s.done(slice);
            }
        }
    }

    /** Reports a reading (tick x 10) every 4 ticks, 3 times, then closes its channel. */
    static final class Sensor extends Coroutine
    {
        private final Channel out;
        private int readings;

        Sensor(final Channel out)
        {
            super("sensor");
            this.out = out;
        }

        @Override
        protected int resume(final Scheduler s)
        {
            if (0 == pc)
            {
                if (readings == 3)
                {
                    out.close();
                    return s.done(readings);
                }
                pc = 1;
                return s.sleep(4);
            }
            pc = 0;
            readings++;
            return out.send(s.now() * 10, Scheduler.FOREVER);
        }
    }

    /** Sends the time every 10 ticks, twice (a timer channel). */
    static final class Ticker extends Coroutine
    {
        private final Channel out;
        private int ticks;

        Ticker(final Channel out)
        {
            super("ticker");
            this.out = out;
        }

        @Override
        protected int resume(final Scheduler s)
        {
            if (0 == pc)
            {
                if (ticks == 2)
                {
                    return s.done(ticks);
                }
                pc = 1;
                return s.sleep(10);
            }
            pc = 0;
            ticks++;
            return out.send(s.now(), Scheduler.NO_WAIT);
        }
    }

    /** select(sensor, timer) until the sensor closes its channel and the timer has ticked twice. */
    static final class Monitor extends Coroutine
    {
        private final Clock clock;
        private final Select select;
        private final Channel sensor;
        private final Channel timer;
        private int timerEvents;

        Monitor(final Clock clock, final Select select, final Channel sensor, final Channel timer)
        {
            super("monitor");
            this.clock = clock;
            this.select = select;
            this.sensor = sensor;
            this.timer = timer;
        }

        @Override
        protected int resume(final Scheduler s)
        {
            if (1 == pc)
            {
                final int arm = s.status();
                if (0 == arm && Channel.CLOSED == select.outcome())
                {
                    System.out.println("[tick " + clock.now() + "] monitor: sensor channel closed");
                    if (timerEvents == 2)
                    {
                        return s.done(0);
                    }
                    pc = 2;
                }
                else if (0 == arm)
                {
                    System.out.println("[tick " + clock.now() + "] monitor: sensor reading " + s.value());
                }
                else if (1 == arm)
                {
                    timerEvents++;
                    System.out.println("[tick " + clock.now() + "] monitor: timer " + s.value());
                    if (timerEvents == 2 && sensor.isClosed())
                    {
                        return s.done(0);
                    }
                }
            }
            if (2 == pc)
            {
                pc = 3;
                return timer.receive(Scheduler.FOREVER); // the sensor is gone: the timer alone
            }
            if (3 == pc)
            {
                timerEvents++;
                System.out.println("[tick " + clock.now() + "] monitor: timer " + s.value());
                if (timerEvents == 2)
                {
                    return s.done(0);
                }
                pc = 2;
                return s.yield();
            }
            pc = 1;
            select.begin();
            select.receive(sensor);
            select.receive(timer);
            return select.await(Scheduler.FOREVER);
        }
    }

    /**
     * fib(n) = fib(n-1) + fib(n-2), each child a coroutine joined by its parent: fib(n) holds n
     * coroutine slots at its deepest. A spawn refused for a full table (-EAGAIN, a board with few
     * MAX_COROUTINES) is retried a tick later, when another coroutine may have finished; a child that
     * did not complete fails its parent. (It used to join the refused spawn's -EAGAIN as a handle and
     * add the value 0 of that failed join: fib(8) = 0 on the ch32v307's 8 slots, reported COMPLETED.)
     */
    static final class Fib extends Coroutine
    {
        private final Pool pool;
        private int n;
        private long sum;

        Fib(final Pool pool)
        {
            super("fib");
            this.pool = pool;
        }

        @Override
        protected int resume(final Scheduler s)
        {
            switch (pc)
            {
                case 0:
                    if (n < 2)
                    {
                        return s.done(n);
                    }
                    pc = 1;
                    // fall through
                case 1: // spawn fib(n - 1) and join it
                    return spawnAndJoin(s, n - 1, 2);
                case 2: // fib(n - 1) finished
                    if (Scheduler.COMPLETED != s.status())
                    {
                        return s.fail(s.status());
                    }
                    sum = s.value();
                    pc = 3;
                    // fall through
                case 3: // spawn fib(n - 2) and join it
                    return spawnAndJoin(s, n - 2, 4);
                default: // fib(n - 2) finished
                    if (Scheduler.COMPLETED != s.status())
                    {
                        return s.fail(s.status());
                    }
                    return s.done(sum + s.value());
            }
        }

        /** Joins a new fib(k), resuming at {@code next}; with every slot in use, retries at this pc next tick. */
        private int spawnAndJoin(final Scheduler s, final int k, final int next)
        {
            final int child = s.spawn(pool.take(k));
            if (-Errno.EAGAIN == child)
            {
                return s.sleep(1);
            }
            pc = next;
            return s.join(child);
        }

        /** Preallocated Fib frames, reused once their coroutine has finished. */
        static final class Pool
        {
            private final Fib[] frames;

            Pool(final int size)
            {
                frames = new Fib[size];
                for (int i = 0; i < size; i++)
                {
                    frames[i] = new Fib(this);
                }
            }

            Fib take(final int n)
            {
                for (final Fib f : frames)
                {
                    if (!f.isSpawned())
                    {
                        f.n = n;
                        return f;
                    }
                }
                throw new IllegalStateException("fib pool exhausted");
            }
        }
    }
}
