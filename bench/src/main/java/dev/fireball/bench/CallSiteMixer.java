package dev.fireball.bench;

import dev.fireball.kernel.Coroutine;
import dev.fireball.kernel.Scheduler;

/**
 * Makes the coroutine call sites of a benchmark JVM megamorphic, as in a system with many coroutine
 * types: runs four coroutine classes through {@link Scheduler}'s resume call and four task classes
 * through {@link MiniLoop}'s, before any benchmark code is compiled. HotSpot's type profile of each
 * call site then holds more than two receiver classes, so C2 compiles {@code resume} as a real
 * virtual call there instead of inlining the benchmark's two coroutines into the scheduler. Kernel
 * and baseline get the same treatment.
 * <p>Run it from a benchmark state's {@code @Setup}, which JMH runs in the fork's fresh JVM before
 * the first warm-up iteration.
 */
final class CallSiteMixer
{
    /** Switches per coroutine: well past the JIT's C1 and C2 compile thresholds. */
    static final int ROUNDS = 50_000;

    private CallSiteMixer()
    {
    }

    /** Boot only (allocates): mix both call sites. */
    static void mix()
    {
        final Scheduler s = new Scheduler(4, new ChannelBenchmark.StillClock(), ChannelBenchmark.SILENT);
        s.spawn(new YieldA());
        s.spawn(new YieldB());
        s.spawn(new YieldC());
        s.spawn(new YieldD());
        while (s.step())
        {
            // four types round-robin until all are done
        }
        if (4 != s.completedCount())
        {
            throw new IllegalStateException("call-site mixer: " + s.completedCount() + " of 4 coroutines completed");
        }
        final TaskA a = new TaskA();
        final MiniLoop loop = new MiniLoop(a, new TaskB(), new TaskC(), new TaskD());
        while (loop.step())
        {
            // four types round-robin until all stop
        }
        if (ROUNDS != a.pc)
        {
            throw new IllegalStateException("call-site mixer: a task ran " + a.pc + " of " + ROUNDS + " rounds");
        }
    }

    /**
     * Yields {@link #ROUNDS} times, then completes. Each subclass overrides {@code resume} itself:
     * four receiver classes with one shared target might let the JIT treat the call as one target.
     */
    abstract static class Yielder extends Coroutine
    {
        Yielder(final String name)
        {
            super(name);
        }

        final int next(final Scheduler s)
        {
            return ++pc < ROUNDS ? s.yield() : s.done(pc);
        }
    }

    static final class YieldA extends Yielder
    {
        YieldA()
        {
            super("mix-a");
        }

        @Override
        protected int resume(final Scheduler s)
        {
            return next(s);
        }
    }

    static final class YieldB extends Yielder
    {
        YieldB()
        {
            super("mix-b");
        }

        @Override
        protected int resume(final Scheduler s)
        {
            return next(s);
        }
    }

    static final class YieldC extends Yielder
    {
        YieldC()
        {
            super("mix-c");
        }

        @Override
        protected int resume(final Scheduler s)
        {
            return next(s);
        }
    }

    static final class YieldD extends Yielder
    {
        YieldD()
        {
            super("mix-d");
        }

        @Override
        protected int resume(final Scheduler s)
        {
            return next(s);
        }
    }

    /** Goes to the back of the ready ring {@link #ROUNDS} times, then stops. */
    abstract static class Requeuer extends MiniLoop.Task
    {
        final void next(final MiniLoop loop)
        {
            if (++pc < ROUNDS)
            {
                loop.push(id);
            }
        }
    }

    static final class TaskA extends Requeuer
    {
        @Override
        void resume(final MiniLoop loop)
        {
            next(loop);
        }
    }

    static final class TaskB extends Requeuer
    {
        @Override
        void resume(final MiniLoop loop)
        {
            next(loop);
        }
    }

    static final class TaskC extends Requeuer
    {
        @Override
        void resume(final MiniLoop loop)
        {
            next(loop);
        }
    }

    static final class TaskD extends Requeuer
    {
        @Override
        void resume(final MiniLoop loop)
        {
            next(loop);
        }
    }
}
