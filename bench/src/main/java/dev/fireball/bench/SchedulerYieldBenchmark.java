package dev.fireball.bench;

import java.util.concurrent.TimeUnit;

import dev.fireball.kernel.Coroutine;
import dev.fireball.kernel.Scheduler;
import dev.fireball.kernel.VirtualClock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost of one context switch: {@code coroutines} coroutines that do nothing but yield, resumed
 * round-robin. One operation is one resume that returns {@code yield()}: the Fireball
 * {@link Scheduler#step} (due-timer check, ready-queue poll, state and directive bookkeeping,
 * re-queue) against {@link MinimalScheduler#step} (ring poll, one virtual call, re-queue) running
 * the same two-state body. With 2 coroutines everything sits in L1; with 100 the per-slot tables
 * are still small, so the difference shows the scheduler's own work, not cache misses.
 * <p>Each invocation makes {@link #SWITCHES} switches ({@code @OperationsPerInvocation}), so JMH's
 * per-call overhead, the same constant for both sides, does not dilute the ratio. The resume call
 * site sees one coroutine class on each side, so the JIT may inline it on both.
 * <p>Target (issue 2): Fireball at most 1.5x the baseline, 0 B/op.
 * <p>Run: {@code java -jar bench/target/benchmarks.jar SchedulerYield -f 1 -wi 3 -i 5 -w 1s -r 1s -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SchedulerYieldBenchmark
{
    /** Context switches per benchmark invocation. */
    public static final int SWITCHES = 1024;

    @Param({"2", "100"})
    public int coroutines;

    Scheduler scheduler;
    MinimalScheduler baseline;
    Yielder[] yielders;
    MinimalYielder[] minimalYielders;

    /** Alternates between two resume points, yielding at each: the smallest state machine that yields. */
    static final class Yielder extends Coroutine
    {
        long resumes;

        Yielder()
        {
            super("yielder");
        }

        @Override
        protected int resume(final Scheduler s)
        {
            resumes++;
            switch (pc)
            {
                case 0:
                    pc = 1;
                    return s.yield();
                default:
                    pc = 0;
                    return s.yield();
            }
        }
    }

    /** {@link Yielder} for the baseline, line for line. */
    static final class MinimalYielder extends MinimalCoroutine
    {
        long resumes;

        @Override
        protected int resume(final MinimalScheduler s)
        {
            resumes++;
            switch (pc)
            {
                case 0:
                    pc = 1;
                    return s.yield();
                default:
                    pc = 0;
                    return s.yield();
            }
        }
    }

    @Setup(Level.Trial)
    public void spawn()
    {
        scheduler = new Scheduler(coroutines, new VirtualClock(), new FailOnWriteConsole());
        baseline = new MinimalScheduler(coroutines);
        yielders = new Yielder[coroutines];
        minimalYielders = new MinimalYielder[coroutines];
        for (int i = 0; i < coroutines; i++)
        {
            yielders[i] = new Yielder();
            minimalYielders[i] = new MinimalYielder();
            if (scheduler.spawn(yielders[i]) <= 0)
            {
                throw new IllegalStateException("spawn failed at coroutine " + i);
            }
            baseline.spawn(minimalYielders[i]);
        }
    }

    @Benchmark
    @OperationsPerInvocation(SWITCHES)
    public void fireballYield()
    {
        final Scheduler s = scheduler;
        for (int i = 0; i < SWITCHES; i++)
        {
            s.step();
        }
    }

    @Benchmark
    @OperationsPerInvocation(SWITCHES)
    public void baselineYield()
    {
        final MinimalScheduler s = baseline;
        for (int i = 0; i < SWITCHES; i++)
        {
            s.step();
        }
    }
}
