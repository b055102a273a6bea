package dev.fireball.bench;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import dev.fireball.kernel.Coroutine;
import dev.fireball.kernel.Scheduler;
import dev.fireball.kernel.TimerQueue;
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
 * Cost of one timer fire with {@link #SLEEPERS} coroutines asleep, each on its own deadline.
 * Every sleeper sleeps {@link #PERIOD_TICKS} = {@link #SLEEPERS} ticks each time it wakes; the first
 * deadlines are a seeded permutation of 1..SLEEPERS, so exactly one timer is due per tick and the
 * deadlines stay distinct forever. One operation is what the run loop does when idle: jump the
 * virtual clock to the next deadline, fire that timer, resume the sleeper, which sleeps again (its
 * new deadline is the latest, so arming is cheap and the O(log n) work is removing the earliest).
 * The timer heap holds {@code SLEEPERS - 1} to {@code SLEEPERS} entries throughout, and
 * {@code MAX_COROUTINES} is exactly {@code SLEEPERS}.
 * <p>End to end: {@link Scheduler} (kernel {@code TimerQueue}) against {@link MinimalScheduler}
 * (the {@link PackedTimerHeap} of longs) running the same sleeper body. Heap alone, the same pop
 * and re-arm pattern without coroutines: {@link TimerQueue}, {@link PackedTimerHeap} and, for
 * reference, {@link PriorityQueue} of preallocated entries (it allocates nothing once sized, so it
 * would have been an admissible baseline, but it is the slower one).
 * <p>Target: 0 B/op for Fireball.
 * <p>Run: {@code java -jar bench/target/benchmarks.jar SchedulerTimer -f 1 -wi 3 -i 5 -w 1s -r 1s -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SchedulerTimerBenchmark
{
    public static final int SLEEPERS = 10_000;
    public static final long PERIOD_TICKS = SLEEPERS;
    /** Timer fires per benchmark invocation. */
    public static final int FIRES = TimerQueueBenchmark.OPS; // the queue-alone benchmarks share its pop-rearm loop
    static final long SEED = 20261123L;

    VirtualClock clock;
    Scheduler scheduler;
    MinimalScheduler baseline;
    Sleeper[] sleepers;
    MinimalSleeper[] minimalSleepers;
    TimerQueue timerQueue;
    PackedTimerHeap packedHeap;
    PriorityQueue<TimerEntry> priorityQueue;

    /** Sleeps its first deadline, then {@link #PERIOD_TICKS} at every wake, forever. */
    static final class Sleeper extends Coroutine
    {
        final long firstTicks;
        long fires;

        Sleeper(final long firstTicks)
        {
            super("sleeper");
            this.firstTicks = firstTicks;
        }

        @Override
        protected int resume(final Scheduler s)
        {
            switch (pc)
            {
                case 0:
                    pc = 1;
                    return s.sleep(firstTicks);
                default:
                    fires++;
                    return s.sleep(PERIOD_TICKS);
            }
        }
    }

    /** {@link Sleeper} for the baseline, line for line. */
    static final class MinimalSleeper extends MinimalCoroutine
    {
        final long firstTicks;
        long fires;

        MinimalSleeper(final long firstTicks)
        {
            this.firstTicks = firstTicks;
        }

        @Override
        protected int resume(final MinimalScheduler s)
        {
            switch (pc)
            {
                case 0:
                    pc = 1;
                    return s.sleep(firstTicks);
                default:
                    fires++;
                    return s.sleep(PERIOD_TICKS);
            }
        }
    }

    /** A preallocated PriorityQueue element; re-armed in place, never created per operation. */
    static final class TimerEntry
    {
        final int id;
        long deadlineTick;

        TimerEntry(final int id, final long deadlineTick)
        {
            this.id = id;
            this.deadlineTick = deadlineTick;
        }
    }

    /** First deadlines: 1..SLEEPERS in a seeded order, so the heap does not start out sorted. */
    static long[] firstDeadlines()
    {
        final long[] d = new long[SLEEPERS];
        for (int i = 0; i < SLEEPERS; i++)
        {
            d[i] = i + 1;
        }
        final SplittableRandom random = new SplittableRandom(SEED);
        for (int i = SLEEPERS - 1; i > 0; i--)
        {
            final int j = random.nextInt(i + 1);
            final long t = d[i];
            d[i] = d[j];
            d[j] = t;
        }
        return d;
    }

    @Setup(Level.Trial)
    public void fallAsleep()
    {
        final long[] first = firstDeadlines();
        clock = new VirtualClock();
        scheduler = new Scheduler(SLEEPERS, clock, new FailOnWriteConsole());
        baseline = new MinimalScheduler(SLEEPERS);
        sleepers = new Sleeper[SLEEPERS];
        minimalSleepers = new MinimalSleeper[SLEEPERS];
        timerQueue = new TimerQueue(SLEEPERS);
        packedHeap = new PackedTimerHeap(SLEEPERS);
        priorityQueue = new PriorityQueue<>(SLEEPERS, Comparator.comparingLong((TimerEntry e) -> e.deadlineTick));
        for (int i = 0; i < SLEEPERS; i++)
        {
            sleepers[i] = new Sleeper(first[i]);
            minimalSleepers[i] = new MinimalSleeper(first[i]);
            if (scheduler.spawn(sleepers[i]) <= 0)
            {
                throw new IllegalStateException("spawn failed at sleeper " + i);
            }
            baseline.spawn(minimalSleepers[i]);
            timerQueue.arm(i, first[i]);
            packedHeap.push(first[i], i);
            priorityQueue.add(new TimerEntry(i, first[i]));
        }
        // Each sleeper's first resume arms its first deadline; time stays at 0 meanwhile.
        for (int i = 0; i < SLEEPERS; i++)
        {
            scheduler.step();
            baseline.step();
        }
        if (scheduler.armedTimerCount() != SLEEPERS || baseline.armedTimerCount() != SLEEPERS)
        {
            throw new IllegalStateException("not every sleeper is asleep: " + scheduler.armedTimerCount() + ", "
                + baseline.armedTimerCount());
        }
    }

    @Benchmark
    @OperationsPerInvocation(FIRES)
    public void fireballSleepWake()
    {
        final Scheduler s = scheduler;
        final VirtualClock c = clock;
        for (int i = 0; i < FIRES; i++)
        {
            // Jump to the next deadline with a plain store, as the baseline's idle does: not
            // VirtualClock.idle, whose wake-up latch takes the clock's monitor on every call, a
            // cost of the host's simulation clock, not of the scheduler or its timers.
            c.advance(s.nextDeadline() - c.now());
            s.step();
        }
    }

    @Benchmark
    @OperationsPerInvocation(FIRES)
    public void baselineSleepWake()
    {
        final MinimalScheduler s = baseline;
        for (int i = 0; i < FIRES; i++)
        {
            s.idle(s.nextDeadline());
            s.step();
        }
    }

    @Benchmark
    @OperationsPerInvocation(FIRES)
    public long timerQueuePopRearm()
    {
        return TimerQueueBenchmark.popRearm(timerQueue, PERIOD_TICKS); // FIRES == TimerQueueBenchmark.OPS
    }

    @Benchmark
    @OperationsPerInvocation(FIRES)
    public long packedHeapPopRearm()
    {
        return TimerQueueBenchmark.popRearm(packedHeap, PERIOD_TICKS);
    }

    @Benchmark
    @OperationsPerInvocation(FIRES)
    public long priorityQueuePopRearm()
    {
        final PriorityQueue<TimerEntry> q = priorityQueue;
        long last = 0;
        for (int i = 0; i < FIRES; i++)
        {
            final TimerEntry e = q.poll();
            last = e.deadlineTick;
            e.deadlineTick = last + PERIOD_TICKS;
            q.offer(e);
        }
        return last;
    }
}
