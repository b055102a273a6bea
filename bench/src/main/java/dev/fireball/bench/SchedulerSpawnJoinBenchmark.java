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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost of a short-lived coroutine's whole life: a parent spawns a child, joins it and collects its
 * value; the child yields twice and completes. One operation is one such cycle, exactly
 * {@link #STEPS_PER_CYCLE} resumes (the parent once: collect, spawn, join; the child three times),
 * so it covers spawn, the join wait, completion, waking the joiner, handing over the value and
 * freeing the slot. The same parent and child objects are respawned every cycle (the kernel's way
 * to start work without allocating), and {@code MAX_COROUTINES} is 2, so the slot is reused at once.
 * <p>Baseline: {@link MinimalScheduler} running the same two bodies (bare slots as handles, one
 * joiner per slot, no states). Target: 0 B/op for Fireball; the ratio shows what the kernel's handle
 * generations, states and checks cost on this path.
 * <p>Run: {@code java -jar bench/target/benchmarks.jar SchedulerSpawnJoin -f 1 -wi 3 -i 5 -w 1s -r 1s -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SchedulerSpawnJoinBenchmark
{
    /** Spawn-run-join cycles per benchmark invocation. */
    public static final int CYCLES = 256;
    /** Resumes in one cycle in steady state: parent once, child three times. */
    public static final int STEPS_PER_CYCLE = 4;
    /** The child's result; the parent adds it up, so a lost value shows in {@link Parent#sum}. */
    static final long CHILD_VALUE = 7;

    Scheduler scheduler;
    MinimalScheduler baseline;
    Parent parent;
    MinimalParent minimalParent;

    /** Yields twice, then completes with {@link #CHILD_VALUE}. */
    static final class Child extends Coroutine
    {
        Child()
        {
            super("child");
        }

        @Override
        protected int resume(final Scheduler s)
        {
            switch (pc)
            {
                case 0:
                    pc = 1;
                    return s.yield();
                case 1:
                    pc = 2;
                    return s.yield();
                default:
                    return s.done(CHILD_VALUE);
            }
        }
    }

    /** Forever: spawn the child, join it, add its value, count the cycle. */
    static final class Parent extends Coroutine
    {
        final Child child = new Child();
        long cycles;
        long sum;

        Parent()
        {
            super("parent");
        }

        @Override
        protected int resume(final Scheduler s)
        {
            switch (pc)
            {
                case 0: // first resume: nothing to collect yet
                    pc = 1;
                    return s.join(s.spawn(child));
                default: // the child finished: collect, then start the next cycle
                    sum += s.value();
                    cycles++;
                    return s.join(s.spawn(child));
            }
        }
    }

    /** {@link Child} for the baseline, line for line. */
    static final class MinimalChild extends MinimalCoroutine
    {
        @Override
        protected int resume(final MinimalScheduler s)
        {
            switch (pc)
            {
                case 0:
                    pc = 1;
                    return s.yield();
                case 1:
                    pc = 2;
                    return s.yield();
                default:
                    return s.done(CHILD_VALUE);
            }
        }
    }

    /** {@link Parent} for the baseline, line for line. */
    static final class MinimalParent extends MinimalCoroutine
    {
        final MinimalChild child = new MinimalChild();
        long cycles;
        long sum;

        @Override
        protected int resume(final MinimalScheduler s)
        {
            switch (pc)
            {
                case 0:
                    pc = 1;
                    return s.join(s.spawn(child));
                default:
                    sum += s.value();
                    cycles++;
                    return s.join(s.spawn(child));
            }
        }
    }

    @Setup(Level.Trial)
    public void spawnParents()
    {
        scheduler = new Scheduler(2, new VirtualClock(), new FailOnWriteConsole());
        baseline = new MinimalScheduler(2);
        parent = new Parent();
        minimalParent = new MinimalParent();
        scheduler.spawn(parent);
        baseline.spawn(minimalParent);
        // The first resume only spawns; from here on every STEPS_PER_CYCLE steps end one cycle.
        scheduler.step();
        baseline.step();
    }

    @Benchmark
    @OperationsPerInvocation(CYCLES)
    public void fireballSpawnJoin()
    {
        final Scheduler s = scheduler;
        for (int i = 0; i < CYCLES * STEPS_PER_CYCLE; i++)
        {
            s.step();
        }
    }

    @Benchmark
    @OperationsPerInvocation(CYCLES)
    public void baselineSpawnJoin()
    {
        final MinimalScheduler s = baseline;
        for (int i = 0; i < CYCLES * STEPS_PER_CYCLE; i++)
        {
            s.step();
        }
    }
}
