package dev.fireball.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import dev.fireball.kernel.TimerQueue;
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
 * The kernel's {@link TimerQueue} alone, at an MCU's size ({@code timers} = 64) and at
 * {@link SchedulerTimerBenchmark}'s (10,000), and in the shapes that benchmark does not cover:
 * <ul>
 * <li>{@code ...PopRearm}: SchedulerTimerBenchmark's heap-alone pattern (pop the earliest, re-arm
 *     it behind the latest; distinct deadlines), here also at 64 timers. Baseline:
 *     {@link PackedTimerHeap}.</li>
 * <li>{@code ...PopRearmTies}: pop the earliest and re-arm it behind the latest, as in
 *     SchedulerTimerBenchmark, but every deadline shared by {@link #TIE_GROUP} timers, so the FIFO
 *     tie-break is compared all the time. Baseline: {@link PackedTimerHeap} in the same shape (its
 *     ties leave in id order; it has no tie-break to pay for).</li>
 * <li>{@code timerQueueRearm}: re-arm a random armed timer for a random deadline (a timeout
 *     restarted: the entry moves up or down from the middle of the heap).</li>
 * <li>{@code timerQueueDisarmArm}: disarm a random timer and arm it again (a wait that ends
 *     before its timeout, then the next timed wait).</li>
 * </ul>
 * The packed heap can neither re-arm nor disarm, so the last two have no baseline in the run:
 * compare them A/B against another build (docs/performance.md, "TimerQueue by heap position").
 * Random ids and deadlines come from seeded tables, so every build sees the same sequence; the
 * heap stays full throughout.
 * <p>Target: 0 B/op.
 * <p>Run: {@code java -jar bench/target/benchmarks.jar TimerQueueBenchmark -f 2 -wi 3 -i 4 -w 1s -r 1s -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TimerQueueBenchmark
{
    /** Operations per invocation. */
    public static final int OPS = 256;
    /** Timers per deadline in the tie shape. */
    public static final int TIE_GROUP = 8;
    /** Length of the random tables (a power of two). */
    static final int RANDOM = 4096;
    static final long SEED = 20261123L;

    @Param({"64", "10000"})
    public int timers;

    TimerQueue distinctQueue;
    PackedTimerHeap distinctPacked;
    TimerQueue tiedQueue;
    PackedTimerHeap tiedPacked;
    TimerQueue queue;
    int[] randomIds;
    long[] randomDeadlines;
    int next;

    /** Deadlines 1..timers/group, each {@code group} times, in a seeded order. */
    static long[] shuffledDeadlines(final int timers, final int group, final SplittableRandom random)
    {
        final long[] d = new long[timers];
        for (int i = 0; i < timers; i++)
        {
            d[i] = i / group + 1;
        }
        for (int i = timers - 1; i > 0; i--)
        {
            final int j = random.nextInt(i + 1);
            final long t = d[i];
            d[i] = d[j];
            d[j] = t;
        }
        return d;
    }

    @Setup(Level.Trial)
    public void armAll()
    {
        final SplittableRandom random = new SplittableRandom(SEED);
        final long[] tied = shuffledDeadlines(timers, TIE_GROUP, random);
        final long[] distinct = shuffledDeadlines(timers, 1, random);
        distinctQueue = new TimerQueue(timers);
        distinctPacked = new PackedTimerHeap(timers);
        tiedQueue = new TimerQueue(timers);
        tiedPacked = new PackedTimerHeap(timers);
        queue = new TimerQueue(timers);
        for (int i = 0; i < timers; i++)
        {
            distinctQueue.arm(i, distinct[i]);
            distinctPacked.push(distinct[i], i);
            tiedQueue.arm(i, tied[i]);
            tiedPacked.push(tied[i], i);
            queue.arm(i, distinct[i]);
        }
        randomIds = new int[RANDOM];
        randomDeadlines = new long[RANDOM];
        for (int i = 0; i < RANDOM; i++)
        {
            randomIds[i] = random.nextInt(timers);
            randomDeadlines[i] = 1 + random.nextInt(4 * timers);
        }
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long timerQueuePopRearm()
    {
        return popRearm(distinctQueue, timers);
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long packedHeapPopRearm()
    {
        return popRearm(distinctPacked, timers);
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long timerQueuePopRearmTies()
    {
        return popRearm(tiedQueue, timers / TIE_GROUP);
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long packedHeapPopRearmTies()
    {
        return popRearm(tiedPacked, timers / TIE_GROUP);
    }

    /** {@link #OPS} times: fire the earliest timer and re-arm it {@code period} later. */
    static long popRearm(final TimerQueue q, final long period)
    {
        long last = 0;
        for (int i = 0; i < OPS; i++)
        {
            last = q.peekDeadline();
            final int id = q.popDue(last);
            q.arm(id, last + period);
        }
        return last;
    }

    static long popRearm(final PackedTimerHeap q, final long period)
    {
        long last = 0;
        for (int i = 0; i < OPS; i++)
        {
            last = q.peekDeadline();
            final int id = q.pop();
            q.push(last + period, id);
        }
        return last;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void timerQueueRearm()
    {
        final TimerQueue q = queue;
        int j = next;
        for (int i = 0; i < OPS; i++)
        {
            q.arm(randomIds[j], randomDeadlines[j]);
            j = (j + 1) & (RANDOM - 1);
        }
        next = j;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void timerQueueDisarmArm()
    {
        final TimerQueue q = queue;
        int j = next;
        for (int i = 0; i < OPS; i++)
        {
            final int id = randomIds[j];
            q.disarm(id);
            q.arm(id, randomDeadlines[j]);
            j = (j + 1) & (RANDOM - 1);
        }
        next = j;
    }
}
