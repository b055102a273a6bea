package dev.fireball.bench;

import java.util.concurrent.TimeUnit;

import dev.fireball.kernel.Coroutine;
import dev.fireball.kernel.Scheduler;
import dev.fireball.kernel.WaitQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Where a channel ping-pong's time goes: the same round trip as {@link ChannelBenchmark}'s
 * {@code pingPong} built from the scheduler's pieces alone, one piece added at a time. One op = one
 * round trip = two context switches.
 * <ul>
 * <li>{@code pendWake}: each side wakes the other's wait queue ({@code wakeFirst}) and pends on its
 *     own: the wait-queue protocol every kernel object uses.</li>
 * <li>{@code pendWakeProceed}: the same, but the wake is one resume and the pend the next one of
 *     the same step ({@code proceed}), as a channel send that completes at once followed by a
 *     receive that blocks.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChannelAnatomyBenchmark
{
    static final class Waker extends Coroutine
    {
        final boolean proceed;
        WaitQueue mine;
        WaitQueue other;
        long rounds;

        Waker(final boolean proceed)
        {
            super("waker");
            this.proceed = proceed;
        }

        @Override
        protected int resume(final Scheduler s)
        {
            if (!proceed)
            {
                rounds++;
                s.wakeFirst(other, 0, rounds);
                return s.pend(mine, Scheduler.FOREVER);
            }
            if (0 == pc)
            {
                pc = 1;
                rounds++;
                s.wakeFirst(other, 0, rounds);
                return s.proceed(0, 0);
            }
            pc = 0;
            return s.pend(mine, Scheduler.FOREVER);
        }
    }

    @State(Scope.Thread)
    public static class Pair
    {
        Scheduler plain;
        Waker plainWaker;
        Scheduler cont;
        Waker contWaker;

        @Setup(Level.Trial)
        public void boot()
        {
            plain = new Scheduler(8, new ChannelBenchmark.StillClock(), ChannelBenchmark.SILENT);
            plainWaker = pair(plain, false);
            cont = new Scheduler(8, new ChannelBenchmark.StillClock(), ChannelBenchmark.SILENT);
            contWaker = pair(cont, true);
        }

        private static Waker pair(final Scheduler s, final boolean proceed)
        {
            final WaitQueue qa = s.newWaitQueue(Scheduler.WAIT_EVENT, 0);
            final WaitQueue qb = s.newWaitQueue(Scheduler.WAIT_EVENT, 1);
            final Waker a = new Waker(proceed);
            final Waker b = new Waker(proceed);
            a.mine = qa;
            a.other = qb;
            b.mine = qb;
            b.other = qa;
            s.spawn(a);
            s.spawn(b);
            return a;
        }
    }

    @Benchmark
    public long pendWake(final Pair st)
    {
        return roundTrip(st.plain, st.plainWaker);
    }

    @Benchmark
    public long pendWakeProceed(final Pair st)
    {
        return roundTrip(st.cont, st.contWaker);
    }

    /** Steps {@code s} until {@code w} has begun one more round. */
    private static long roundTrip(final Scheduler s, final Waker w)
    {
        final long target = w.rounds + 1;
        while (w.rounds < target)
        {
            s.step();
        }
        return w.rounds;
    }
}
