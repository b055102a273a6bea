package dev.fireball.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.fireball.kernel.BottomHalf;
import dev.fireball.kernel.Channel;
import dev.fireball.kernel.Clock;
import dev.fireball.kernel.Console;
import dev.fireball.kernel.Coroutine;
import dev.fireball.kernel.EventGroup;
import dev.fireball.kernel.InterruptBridge;
import dev.fireball.kernel.InterruptLines;
import dev.fireball.kernel.Scheduler;
import dev.fireball.kernel.Select;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Kernel communication against two baselines in the same run: the minimal cooperative runtime
 * ({@link MiniLoop}: no kernel at all), and for ping-pong also the kernel's own cheapest blocking
 * primitive ({@code pingPongParkWake}: a plain field plus park/wake on the same scheduler).
 * <ul>
 * <li>{@code pingPong}: one round trip between two coroutines over two channels (capacity 0 and
 *     16; in a strict ping-pong the receiver always waits, so both hand off directly); one op =
 *     one round trip = two context switches. {@code pingPongInline} continues inline after an
 *     operation that completed at once (the baseline's shape); {@code pingPongMixed} and its baseline
 *     run with a megamorphic {@code resume} call site, as in a system with many coroutine types
 *     ({@link CallSiteMixer}).</li>
 * <li>{@code stream}: a producer and a consumer over one capacity-16 channel, the ring path; one op
 *     = 16 values (the ops average exactly 16: see {@link Stream}). {@code streamInline} continues
 *     inline after an operation that completed at once, as the baseline does.</li>
 * <li>{@code select4}: one coroutine selecting over four channels, each fed by a producer
 *     coroutine; one op = 4 selects completed (on average: see {@link Select4}).</li>
 * <li>{@code interrupt}: raise a line, then step the scheduler until the coroutine waiting for it
 *     (directly, or through a bottom half posting an event group) has resumed and waits again; one
 *     op = one raise. Same thread: the raise-to-resume path without OS wake-up latency. The baseline
 *     takes the word and calls a handler directly.</li>
 * </ul>
 * All of it allocates nothing: check {@code gc.alloc.rate.norm} with {@code -prof gc}.
 * <p>Run: {@code java -jar bench/target/benchmarks.jar ChannelBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChannelBenchmark
{
    static final Console SILENT = new Console()
    {
        @Override
        public void write(final byte[] buf, final int off, final int len)
        {
        }
    };

    /** Time never moves and idle never sleeps: the benchmarks never idle, and wake-ups cost nothing. */
    static final class StillClock implements Clock
    {
        @Override
        public long now()
        {
            return 0;
        }

        @Override
        public void idle(final long deadlineTick)
        {
        }

        @Override
        public void wakeUp()
        {
        }
    }

    /** The host port's lock-free pending word (as test-host's HostInterruptLines), without a wake-up. */
    static final class AtomicLines implements InterruptLines
    {
        final AtomicInteger pending = new AtomicInteger();

        @Override
        public void raise(final int mask)
        {
            pending.getAndAccumulate(mask, (w, m) -> w | m);
        }

        @Override
        public int pending()
        {
            return pending.get();
        }

        @Override
        public int takeAndClear()
        {
            return 0 == pending.get() ? 0 : pending.getAndSet(0);
        }
    }

    // =============================================================================================
    // Ping-pong
    // =============================================================================================

    /** The side of a ping-pong that counts round trips; its benchmark steps until one more is done. */
    abstract static class Pinging extends Coroutine
    {
        final Channel ping;
        final Channel pong;
        long rounds;
        long value;

        Pinging(final String name, final Channel ping, final Channel pong)
        {
            super(name);
            this.ping = ping;
            this.pong = pong;
        }
    }

    static final class Pinger extends Pinging
    {
        Pinger(final Channel ping, final Channel pong)
        {
            super("pinger", ping, pong);
        }

        @Override
        protected int resume(final Scheduler s)
        {
            switch (pc)
            {
                case 0:
                    pc = 1;
                    return ping.send(value, Scheduler.FOREVER);
                case 1:
                    pc = 2;
                    return pong.receive(Scheduler.FOREVER);
                default:
                    rounds++;
                    value = s.value();
                    pc = 1;
                    return ping.send(value, Scheduler.FOREVER);
            }
        }
    }

    static final class Ponger extends Coroutine
    {
        final Channel ping;
        final Channel pong;

        Ponger(final Channel ping, final Channel pong)
        {
            super("ponger");
            this.ping = ping;
            this.pong = pong;
        }

        @Override
        protected int resume(final Scheduler s)
        {
            if (0 == pc)
            {
                pc = 1;
                return ping.receive(Scheduler.FOREVER);
            }
            pc = 0;
            return pong.send(s.value() + 1, Scheduler.FOREVER);
        }
    }

    /**
     * {@link Pinger} in the baseline's shape: an operation that completes at once continues in the
     * same resume ({@link Scheduler#completedNow}), as {@link MiniPinger} continues its loop.
     */
    static final class InlinePinger extends Pinging
    {
        InlinePinger(final Channel ping, final Channel pong)
        {
            super("inline-pinger", ping, pong);
        }

        @Override
        protected int resume(final Scheduler s)
        {
            while (true)
            {
                switch (pc)
                {
                    case 0: // send
                        pc = 1;
                        final int sent = ping.send(value, Scheduler.FOREVER);
                        if (!s.completedNow(sent))
                        {
                            return sent;
                        }
                        continue;
                    case 1: // receive
                        pc = 2;
                        final int received = pong.receive(Scheduler.FOREVER);
                        if (!s.completedNow(received))
                        {
                            return received;
                        }
                        continue;
                    default: // received
                        rounds++;
                        value = s.value();
                        pc = 0;
                        continue;
                }
            }
        }
    }

    /** {@link Ponger} in the baseline's shape (see {@link InlinePinger}). */
    static final class InlinePonger extends Coroutine
    {
        final Channel ping;
        final Channel pong;

        InlinePonger(final Channel ping, final Channel pong)
        {
            super("inline-ponger");
            this.ping = ping;
            this.pong = pong;
        }

        @Override
        protected int resume(final Scheduler s)
        {
            while (true)
            {
                if (0 == pc)
                {
                    pc = 1;
                    final int received = ping.receive(Scheduler.FOREVER);
                    if (!s.completedNow(received))
                    {
                        return received;
                    }
                }
                pc = 0;
                final int sent = pong.send(s.value() + 1, Scheduler.FOREVER);
                if (!s.completedNow(sent))
                {
                    return sent;
                }
            }
        }
    }

    static final class MiniPinger extends MiniLoop.Task
    {
        final MiniLoop.Channel ping;
        final MiniLoop.Channel pong;
        long rounds;
        long value;

        MiniPinger(final MiniLoop.Channel ping, final MiniLoop.Channel pong)
        {
            this.ping = ping;
            this.pong = pong;
        }

        @Override
        void resume(final MiniLoop loop)
        {
            while (true)
            {
                switch (pc)
                {
                    case 0: // send
                        pc = 1;
                        if (!ping.send(loop, this, value))
                        {
                            return;
                        }
                        continue;
                    case 1: // receive
                        pc = 2;
                        if (!pong.receive(loop, this))
                        {
                            return;
                        }
                        continue;
                    default: // received
                        rounds++;
                        value = received;
                        pc = 0;
                        continue;
                }
            }
        }
    }

    static final class MiniPonger extends MiniLoop.Task
    {
        final MiniLoop.Channel ping;
        final MiniLoop.Channel pong;

        MiniPonger(final MiniLoop.Channel ping, final MiniLoop.Channel pong)
        {
            this.ping = ping;
            this.pong = pong;
        }

        @Override
        void resume(final MiniLoop loop)
        {
            while (true)
            {
                if (0 == pc)
                {
                    pc = 1;
                    if (!ping.receive(loop, this))
                    {
                        return;
                    }
                }
                pc = 0;
                if (!pong.send(loop, this, received + 1))
                {
                    return;
                }
            }
        }
    }

    /**
     * The kernel baseline: the same exchange with the scheduler's cheapest blocking primitive, a plain
     * field plus park/wake, so the difference to {@code pingPong} is what channels add to the kernel.
     */
    static final class Parker extends Coroutine
    {
        final long[] field;
        int partner;
        long rounds;

        Parker(final long[] field)
        {
            super("parker");
            this.field = field;
        }

        @Override
        protected int resume(final Scheduler s)
        {
            rounds++;
            field[0]++;
            s.wake(partner);
            return s.park(Scheduler.FOREVER);
        }
    }

    /**
     * The three ping-pongs every ping-pong state runs: the kernel's with each operation returning
     * its directive ({@code s}), the kernel's in the baseline's inline shape ({@code inline}), and
     * the baseline's ({@code mini}), all over channels of one capacity.
     */
    abstract static class Pairs
    {
        Scheduler s;
        Pinger pinger;
        Scheduler inline;
        InlinePinger inlinePinger;
        MiniLoop mini;
        MiniPinger miniPinger;

        final void build(final int capacity)
        {
            s = new Scheduler(8, new StillClock(), SILENT);
            final Select select = new Select(s, 1);
            final Channel ping = new Channel(select, 0, capacity, 0);
            final Channel pong = new Channel(select, 1, capacity, 0);
            pinger = new Pinger(ping, pong);
            s.spawn(new Ponger(ping, pong));
            s.spawn(pinger);
            inline = new Scheduler(8, new StillClock(), SILENT);
            final Select inlineSelect = new Select(inline, 1);
            final Channel inlinePing = new Channel(inlineSelect, 0, capacity, 0);
            final Channel inlinePong = new Channel(inlineSelect, 1, capacity, 0);
            inlinePinger = new InlinePinger(inlinePing, inlinePong);
            inline.spawn(new InlinePonger(inlinePing, inlinePong));
            inline.spawn(inlinePinger);
            final MiniLoop.Channel miniPing = new MiniLoop.Channel(capacity);
            final MiniLoop.Channel miniPong = new MiniLoop.Channel(capacity);
            miniPinger = new MiniPinger(miniPing, miniPong);
            mini = new MiniLoop(new MiniPonger(miniPing, miniPong), miniPinger);
        }
    }

    @State(Scope.Thread)
    public static class PingPong extends Pairs
    {
        @Param({"0", "16"})
        public int capacity;

        Scheduler parkScheduler;
        Parker parker;

        @Setup(Level.Trial)
        public void boot()
        {
            build(capacity);
            parkScheduler = new Scheduler(8, new StillClock(), SILENT);
            final long[] field = new long[1];
            parker = new Parker(field);
            final Parker other = new Parker(field);
            final int a = parkScheduler.spawn(parker);
            final int b = parkScheduler.spawn(other);
            parker.partner = b;
            other.partner = a;
        }
    }

    @Benchmark
    public long pingPong(final PingPong st)
    {
        return roundTrip(st.s, st.pinger);
    }

    /** The same round trip with coroutines in the baseline's shape (inline continuation). */
    @Benchmark
    public long pingPongInline(final PingPong st)
    {
        return roundTrip(st.inline, st.inlinePinger);
    }

    /** Steps {@code s} until {@code p} has completed one more round trip; its value then. */
    private static long roundTrip(final Scheduler s, final Pinging p)
    {
        final long target = p.rounds + 1;
        while (p.rounds < target)
        {
            s.step();
        }
        return p.value;
    }

    @Benchmark
    public long pingPongBaseline(final PingPong st)
    {
        return miniRoundTrip(st.mini, st.miniPinger);
    }

    /** Steps {@code loop} until {@code p} has completed one more round trip; its value then. */
    private static long miniRoundTrip(final MiniLoop loop, final MiniPinger p)
    {
        final long target = p.rounds + 1;
        while (p.rounds < target)
        {
            loop.step();
        }
        return p.value;
    }

    @Benchmark
    public long pingPongParkWake(final PingPong st)
    {
        final Parker p = st.parker;
        final long target = p.rounds + 1;
        final Scheduler s = st.parkScheduler;
        while (p.rounds < target)
        {
            s.step();
        }
        return p.field[0];
    }

    /**
     * The ping-pong (rendezvous) with a megamorphic {@code resume} call site on both sides, as in a
     * system with many coroutine types: {@link CallSiteMixer} runs four other coroutine and task
     * classes through the scheduler and the baseline before anything is compiled, so neither gets
     * its two ping-pong coroutines inlined into its loop.
     * <p>{@code pingPongMixed} runs {@link Pinger}/{@link Ponger}, whose send returns its proceed
     * directive: four {@code resume} calls per round trip, each now a real virtual call, against the
     * baseline's two. {@code pingPongMixedInline} runs {@link InlinePinger}/{@link InlinePonger}, the
     * baseline's loop shape (two {@code resume} calls per round trip), so it is the like-for-like
     * comparison with {@code pingPongMixedBaseline}.
     */
    @State(Scope.Thread)
    public static class Mixed extends Pairs
    {
        @Setup(Level.Trial)
        public void boot()
        {
            CallSiteMixer.mix();
            build(0);
        }
    }

    /** {@code pingPong}, capacity 0, with a megamorphic resume call site (see {@link Mixed}). */
    @Benchmark
    public long pingPongMixed(final Mixed st)
    {
        return roundTrip(st.s, st.pinger);
    }

    /**
     * {@code pingPongInline}, capacity 0, with a megamorphic resume call site (see {@link Mixed}): the
     * same loop shape and number of resume calls per round trip as {@code pingPongMixedBaseline}.
     */
    @Benchmark
    public long pingPongMixedInline(final Mixed st)
    {
        return roundTrip(st.inline, st.inlinePinger);
    }

    /** {@code pingPongBaseline}, capacity 0, with a megamorphic resume call site (see {@link Mixed}). */
    @Benchmark
    public long pingPongMixedBaseline(final Mixed st)
    {
        return miniRoundTrip(st.mini, st.miniPinger);
    }

    // =============================================================================================
    // Stream through a capacity-16 ring
    // =============================================================================================

    static final class Producer extends Coroutine
    {
        final Channel ch;
        long next;

        Producer(final Channel ch)
        {
            super("producer");
            this.ch = ch;
        }

        @Override
        protected int resume(final Scheduler s)
        {
            return ch.send(next++, Scheduler.FOREVER);
        }
    }

    static final class Consumer extends Coroutine
    {
        final Channel ch;
        long count;
        long sum;

        Consumer(final Channel ch)
        {
            super("consumer");
            this.ch = ch;
        }

        @Override
        protected int resume(final Scheduler s)
        {
            if (1 == pc)
            {
                count++;
                sum += s.value();
            }
            pc = 1;
            return ch.receive(Scheduler.FOREVER);
        }
    }

    /**
     * {@link Producer} in the baseline's shape: a send that completes at once continues in the same
     * resume ({@link Scheduler#completedNow}), as {@link MiniProducer} loops.
     */
    static final class InlineProducer extends Coroutine
    {
        final Channel ch;
        long next;

        InlineProducer(final Channel ch)
        {
            super("inline-producer");
            this.ch = ch;
        }

        @Override
        protected int resume(final Scheduler s)
        {
            while (true)
            {
                final int sent = ch.send(next++, Scheduler.FOREVER);
                if (!s.completedNow(sent))
                {
                    return sent;
                }
            }
        }
    }

    /** {@link Consumer} in the baseline's shape (see {@link InlineProducer}). */
    static final class InlineConsumer extends Coroutine
    {
        final Channel ch;
        long count;
        long sum;

        InlineConsumer(final Channel ch)
        {
            super("inline-consumer");
            this.ch = ch;
        }

        @Override
        protected int resume(final Scheduler s)
        {
            while (true)
            {
                if (1 == pc)
                {
                    count++;
                    sum += s.value();
                }
                pc = 1;
                final int received = ch.receive(Scheduler.FOREVER);
                if (!s.completedNow(received))
                {
                    return received;
                }
            }
        }
    }

    static final class MiniProducer extends MiniLoop.Task
    {
        final MiniLoop.Channel ch;
        long next;

        MiniProducer(final MiniLoop.Channel ch)
        {
            this.ch = ch;
        }

        @Override
        void resume(final MiniLoop loop)
        {
            while (ch.send(loop, this, next++))
            {
                // a send that found room continues
            }
        }
    }

    static final class MiniConsumer extends MiniLoop.Task
    {
        final MiniLoop.Channel ch;
        long count;
        long sum;

        MiniConsumer(final MiniLoop.Channel ch)
        {
            this.ch = ch;
        }

        @Override
        void resume(final MiniLoop loop)
        {
            while (true)
            {
                if (1 == pc)
                {
                    count++;
                    sum += received;
                }
                pc = 1;
                if (!ch.receive(loop, this))
                {
                    return;
                }
            }
        }
    }

    @State(Scope.Thread)
    public static class Stream
    {
        Scheduler s;
        Consumer consumer;
        Scheduler inline;
        InlineConsumer inlineConsumer;
        MiniLoop mini;
        MiniConsumer miniConsumer;
        /**
         * Running targets: one step can take several values (an operation that completes at once
         * continues), so an op may end past its 16; the next op's target does not move with that
         * overshoot, and the ops average exactly 16 values on both sides.
         */
        long target;
        long inlineTarget;
        long miniTarget;

        @Setup(Level.Trial)
        public void boot()
        {
            s = new Scheduler(8, new StillClock(), SILENT);
            final Channel ch = new Channel(new Select(s, 1), 0, 16, 0);
            consumer = new Consumer(ch);
            s.spawn(new Producer(ch));
            s.spawn(consumer);
            inline = new Scheduler(8, new StillClock(), SILENT);
            final Channel inlineCh = new Channel(new Select(inline, 1), 0, 16, 0);
            inlineConsumer = new InlineConsumer(inlineCh);
            inline.spawn(new InlineProducer(inlineCh));
            inline.spawn(inlineConsumer);
            final MiniLoop.Channel miniCh = new MiniLoop.Channel(16);
            miniConsumer = new MiniConsumer(miniCh);
            mini = new MiniLoop(new MiniProducer(miniCh), miniConsumer);
        }
    }

    @Benchmark
    public long stream(final Stream st)
    {
        final Consumer c = st.consumer;
        final long target = st.target += 16;
        final Scheduler s = st.s;
        while (c.count < target)
        {
            s.step();
        }
        return c.sum;
    }

    /** The same stream with coroutines in the baseline's shape (inline continuation). */
    @Benchmark
    public long streamInline(final Stream st)
    {
        final InlineConsumer c = st.inlineConsumer;
        final long target = st.inlineTarget += 16;
        final Scheduler s = st.inline;
        while (c.count < target)
        {
            s.step();
        }
        return c.sum;
    }

    @Benchmark
    public long streamBaseline(final Stream st)
    {
        final MiniConsumer c = st.miniConsumer;
        final long target = st.miniTarget += 16;
        final MiniLoop loop = st.mini;
        while (c.count < target)
        {
            loop.step();
        }
        return c.sum;
    }

    // =============================================================================================
    // Select over four channels
    // =============================================================================================

    static final class Selector extends Coroutine
    {
        final Select select;
        final Channel[] chs;
        long selects;
        long sum;

        Selector(final Select select, final Channel[] chs)
        {
            super("selector");
            this.select = select;
            this.chs = chs;
        }

        @Override
        protected int resume(final Scheduler s)
        {
            if (1 == pc)
            {
                selects++;
                sum += s.value();
            }
            pc = 1;
            select.begin();
            select.receive(chs[0]);
            select.receive(chs[1]);
            select.receive(chs[2]);
            select.receive(chs[3]);
            return select.await(Scheduler.FOREVER);
        }
    }

    @State(Scope.Thread)
    public static class Select4
    {
        Scheduler s;
        Selector selector;
        /** Running target, as in {@link Stream}: the ops average exactly 4 selects. */
        long target;

        @Setup(Level.Trial)
        public void boot()
        {
            s = new Scheduler(8, new StillClock(), SILENT);
            final Select select = new Select(s, 4);
            final Channel[] chs = new Channel[4];
            for (int i = 0; i < 4; i++)
            {
                chs[i] = new Channel(select, i, 0, 0);
                s.spawn(new Producer(chs[i]));
            }
            selector = new Selector(select, chs);
            s.spawn(selector);
        }
    }

    /** One op = 4 selects completed, on average (rendezvous channels, four producers; see {@link Select4}). */
    @Benchmark
    public long select4(final Select4 st)
    {
        final Selector sel = st.selector;
        final long target = st.target += 4;
        final Scheduler s = st.s;
        while (sel.selects < target)
        {
            s.step();
        }
        return sel.sum;
    }

    // =============================================================================================
    // Interrupt raise -> waiting coroutine resumed
    // =============================================================================================

    static final class LineWaiter extends Coroutine
    {
        final InterruptBridge bridge;
        long resumed;

        LineWaiter(final InterruptBridge bridge)
        {
            super("line-waiter");
            this.bridge = bridge;
        }

        @Override
        protected int resume(final Scheduler s)
        {
            if (1 == pc)
            {
                resumed++;
            }
            pc = 1;
            return bridge.await(0, Scheduler.FOREVER);
        }
    }

    static final class EventWaiter extends Coroutine
    {
        final EventGroup events;
        long resumed;

        EventWaiter(final EventGroup events)
        {
            super("event-waiter");
            this.events = events;
        }

        @Override
        protected int resume(final Scheduler s)
        {
            if (1 == pc)
            {
                resumed++;
            }
            pc = 1;
            return events.await(1, EventGroup.ANY | EventGroup.CLEAR, Scheduler.FOREVER);
        }
    }

    @State(Scope.Thread)
    public static class Interrupts
    {
        Scheduler s;
        AtomicLines lines;
        LineWaiter lineWaiter;
        EventWaiter eventWaiter;
        AtomicLines baselineLines;
        BaselineHandler baselineHandler;

        @Setup(Level.Trial)
        public void boot()
        {
            s = new Scheduler(8, new StillClock(), SILENT);
            lines = new AtomicLines();
            final InterruptBridge bridge = new InterruptBridge(s, lines, 2);
            final EventGroup events = new EventGroup(s, 0);
            bridge.register(1, new BottomHalf()
            {
                @Override
                public void onInterrupt(final int line)
                {
                    events.post(1);
                }
            });
            lineWaiter = new LineWaiter(bridge);
            eventWaiter = new EventWaiter(events);
            s.spawn(lineWaiter);
            s.spawn(eventWaiter);
            while (s.step())
            {
                // both wait now
            }
            baselineLines = new AtomicLines();
            baselineHandler = new BaselineHandler();
        }
    }

    /** Raise line 0; a coroutine waiting on the line directly resumes and waits again. */
    @Benchmark
    public long interruptToLineWaiter(final Interrupts st)
    {
        final LineWaiter w = st.lineWaiter;
        final long target = w.resumed + 1;
        st.lines.raise(1);
        final Scheduler s = st.s;
        while (w.resumed < target)
        {
            s.step();
        }
        return w.resumed;
    }

    /** Raise line 1; its bottom half posts an event; the coroutine waiting for it resumes and waits again. */
    @Benchmark
    public long interruptToEventWaiter(final Interrupts st)
    {
        final EventWaiter w = st.eventWaiter;
        final long target = w.resumed + 1;
        st.lines.raise(2);
        final Scheduler s = st.s;
        while (w.resumed < target)
        {
            s.step();
        }
        return w.resumed;
    }

    /** The baseline's interrupt handler: counts the lines it was called for. */
    static final class BaselineHandler implements BottomHalf
    {
        long handled;

        @Override
        public void onInterrupt(final int line)
        {
            handled++;
        }
    }

    /** The baseline: raise, take the word, call the handler directly; no scheduler, no coroutine. */
    @Benchmark
    public long interruptBaseline(final Interrupts st)
    {
        st.baselineLines.raise(1);
        final int word = st.baselineLines.takeAndClear();
        final BaselineHandler h = st.baselineHandler;
        if (0 != (word & 1))
        {
            h.onInterrupt(0);
        }
        return h.handled;
    }
}
