package dev.fireball.kernel;

import dev.fireball.kernel.support.Rig;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Tuple;

/**
 * Channels and select against a reference model of Go-like channel semantics, under random
 * programs: 1..3 value channels (capacity 0, 1, 2 or 4) and 2..5 coroutines, each running a
 * random script of blocking sends and receives with random timeouts (FOREVER, NO_WAIT, 1..5
 * ticks), try-operations, selects over 1..3 mixed arms, closes, sleeps and yields. Every send
 * carries a value unique to its coroutine, step and arm, so every value can be traced.
 *
 * <p>Two layers of checks:
 * <ol>
 * <li><b>Lock-step model.</b> The model keeps each channel's ring, its closed flag and its waiters
 *     in arrival order (plain waiters and select arms in one list), and the round-robin start of
 *     each coroutine's select scan. Every channel operation is applied to the model at the same
 *     instant it is issued to the kernel (inside the issuing coroutine's resume); timer expiries are
 *     applied at the start of the next resume (the scheduler fires due timers only before it
 *     resumes). The model predicts every result exactly: status, received value, select arm and
 *     outcome, whether it completed without waiting, and when a timeout fires. At every resume the
 *     kernel's ring depths, closed flags and live waiter counts must equal the model's.</li>
 * <li><b>Interleaving-free invariants</b> over what the coroutines observed (independent of the
 *     model's choices): a received value was sent on that channel and is received at most once;
 *     received plus still-buffered values are exactly the sends that reported success; losing select
 *     send arms, timed-out and closed sends deliver nothing; one sender's values on one channel are
 *     taken in send order; a rendezvous send completes only after its receiver arrived; statuses
 *     stay in their documented domains (a timeout only after its ticks, never for FOREVER; CLOSED
 *     only after the close); at a deadlock every waiter is really blocked, and the kernel's waiters
 *     are the model's. The scheduler's, selector's and channels' invariants hold after every step.</li>
 * </ol>
 */
class ChannelModelPropertyTest
{
    static final int EAGAIN = -Errno.EAGAIN;
    static final int ETIMEDOUT = -Errno.ETIMEDOUT;

    enum Kind
    {
        SEND, RECEIVE, TRY_SEND, TRY_RECEIVE, SELECT, CLOSE, SLEEP, YIELD
    }

    record Arm(boolean send, int ch)
    {
        @Override
        public String toString()
        {
            return (send ? "send c" : "recv c") + ch;
        }
    }

    /** One script step; {@code inline}: consume an at-once completion with completedNow instead of returning it. */
    record Step(Kind kind, int ch, long timeout, List<Arm> arms, int ticks, boolean inline)
    {
        Step on(final int channels)
        {
            final List<Arm> a = new ArrayList<>();
            for (final Arm arm : arms)
            {
                a.add(new Arm(arm.send(), arm.ch() % channels));
            }
            return new Step(kind, ch % channels, timeout, a, ticks, inline);
        }

        String describe(final long value)
        {
            final String in = inline ? " inline" : "";
            switch (kind)
            {
                case SEND: return "send c" + ch + " v=" + value + " t=" + t(timeout) + in;
                case RECEIVE: return "recv c" + ch + " t=" + t(timeout) + in;
                case TRY_SEND: return "trySend c" + ch + " v=" + value;
                case TRY_RECEIVE: return "tryRecv c" + ch;
                case SELECT:
                    final StringBuilder b = new StringBuilder("select[");
                    for (int i = 0; i < arms.size(); i++)
                    {
                        b.append(i > 0 ? ", " : "").append(arms.get(i));
                        if (arms.get(i).send())
                        {
                            b.append(" v=").append(value + i);
                        }
                    }
                    return b.append("] t=").append(t(timeout)).append(in).toString();
                case CLOSE: return "close c" + ch;
                case SLEEP: return "sleep " + ticks;
                default: return "yield";
            }
        }
    }

    record Program(List<Integer> capacities, List<List<Step>> scripts)
    {
        @Override
        public String toString()
        {
            final StringBuilder b = new StringBuilder("channels (capacities) " + capacities);
            for (int co = 0; co < scripts.size(); co++)
            {
                b.append("\n  co").append(co).append(':');
                final List<Step> steps = scripts.get(co);
                for (int i = 0; i < steps.size(); i++)
                {
                    b.append("\n    ").append(i).append(": ").append(steps.get(i).describe(valueOf(co, i)));
                }
            }
            return b.toString();
        }
    }

    /** The value of coroutine {@code co}'s step {@code step} (arm {@code a} of a select sends this + a). */
    static long valueOf(final int co, final int step)
    {
        return (co + 1) * 1000L + step * 10L;
    }

    static String t(final long timeout)
    {
        return Scheduler.FOREVER == timeout ? "FOREVER" : Scheduler.NO_WAIT == timeout ? "NO_WAIT" : Long.toString(timeout);
    }

    static String st(final int status)
    {
        switch (status)
        {
            case 0: return "0";
            case Channel.CLOSED: return "CLOSED";
            case EAGAIN: return "EAGAIN";
            case ETIMEDOUT: return "ETIMEDOUT";
            case -Errno.EALREADY: return "EALREADY";
            default: return Integer.toString(status);
        }
    }

    // =============================================================================================
    // Generators
    // =============================================================================================

    @Provide
    Arbitrary<Program> programs()
    {
        final Arbitrary<Integer> ch = Arbitraries.integers().between(0, 2);
        final Arbitrary<Long> timeout = Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.just(Scheduler.FOREVER)),
            Tuple.of(2, Arbitraries.just(Scheduler.NO_WAIT)),
            Tuple.of(3, Arbitraries.longs().between(1, 5)));
        final Arbitrary<Boolean> inline = Arbitraries.of(false, true);
        final Arbitrary<Step> send = Combinators.combine(ch, timeout, inline)
            .as((c, t, in) -> new Step(Kind.SEND, c, t, List.of(), 0, in));
        final Arbitrary<Step> receive = Combinators.combine(ch, timeout, inline)
            .as((c, t, in) -> new Step(Kind.RECEIVE, c, t, List.of(), 0, in));
        final Arbitrary<Step> trySend = ch.map(c -> new Step(Kind.TRY_SEND, c, 0, List.of(), 0, false));
        final Arbitrary<Step> tryReceive = ch.map(c -> new Step(Kind.TRY_RECEIVE, c, 0, List.of(), 0, false));
        final Arbitrary<List<Arm>> arms = Combinators.combine(Arbitraries.of(false, true), ch)
            .as(Arm::new).list().ofMinSize(1).ofMaxSize(3);
        final Arbitrary<Step> select = Combinators.combine(arms, timeout, inline)
            .as((a, t, in) -> new Step(Kind.SELECT, 0, t, a, 0, in));
        final Arbitrary<Step> close = ch.map(c -> new Step(Kind.CLOSE, c, 0, List.of(), 0, false));
        final Arbitrary<Step> sleep = Arbitraries.integers().between(0, 3)
            .map(n -> new Step(Kind.SLEEP, 0, 0, List.of(), n, false));
        final Arbitrary<Step> yield = Arbitraries.just(new Step(Kind.YIELD, 0, 0, List.of(), 0, false));
        final Arbitrary<Step> step = Arbitraries.frequencyOf(
            Tuple.of(6, send), Tuple.of(6, receive), Tuple.of(3, trySend), Tuple.of(3, tryReceive),
            Tuple.of(5, select), Tuple.of(1, close), Tuple.of(3, sleep), Tuple.of(2, yield));
        final Arbitrary<List<Integer>> capacities = Arbitraries.of(0, 1, 2, 4).list().ofMinSize(1).ofMaxSize(3);
        final Arbitrary<List<List<Step>>> scripts = step.list().ofMinSize(1).ofMaxSize(8).list().ofMinSize(2).ofMaxSize(5);
        return Combinators.combine(capacities, scripts).as((caps, raw) ->
        {
            final List<List<Step>> scr = new ArrayList<>();
            for (final List<Step> steps : raw)
            {
                final List<Step> s = new ArrayList<>();
                for (final Step x : steps)
                {
                    s.add(x.on(caps.size()));
                }
                scr.add(s);
            }
            return new Program(caps, scr);
        });
    }

    @Property(tries = 300)
    void channelsAndSelectsAgreeWithTheReferenceModel(@ForAll("programs") final Program program)
    {
        new Trial(program).run();
    }

    // =============================================================================================
    // One run: kernel and model in lock step
    // =============================================================================================

    /** A waiter in a model channel: a plain operation ({@code arm < 0}) or one select arm. */
    record Waiter(int co, int arm, long value)
    {
    }

    /** What an operation completed with, as the coroutine must observe it. */
    record Result(int status, long value, int outcome)
    {
    }

    /** What a coroutine observed of one operation (for the interleaving-free checks). */
    static final class Op
    {
        final int co;
        final int step;
        final Step s;
        final long base;
        final int startSeq;
        final long startTick;
        int endSeq = -1;
        long endTick;
        int status;
        long value;
        int outcome;
        boolean waited;

        Op(final int co, final int step, final Step s, final int startSeq, final long startTick)
        {
            this.co = co;
            this.step = step;
            this.s = s;
            this.base = valueOf(co, step);
            this.startSeq = startSeq;
            this.startTick = startTick;
        }

        /** The channel whose result this is (a select's completed arm's). */
        int channel()
        {
            return Kind.SELECT == s.kind() ? s.arms().get(status).ch() : s.ch();
        }
    }

    static final class Trial
    {
        final Program p;
        final int nch;
        final int nco;
        final Rig rig = new Rig(8, 4);
        final Channel[] ch;
        final List<String> log = new ArrayList<>();
        final List<Op> ops = new ArrayList<>();
        String failure;
        int seq;

        // ---- model: channels ----
        final int[] cap;
        final List<ArrayDeque<Long>> ring = new ArrayList<>();
        final boolean[] closed;
        final int[] closeSeq;
        final List<List<Waiter>> sendQ = new ArrayList<>();
        final List<List<Waiter>> recvQ = new ArrayList<>();

        // ---- model: coroutines ----
        final int[] handle;
        final boolean[] waiting;      // in the model's waiter lists
        final boolean[] awaiting;     // an operation was issued and its result not yet observed
        final Result[] result;
        final long[] deadline;        // -1: FOREVER
        final int[] lastArm;
        final boolean[] inSelect;
        final boolean[] finished;

        Trial(final Program p)
        {
            this.p = p;
            nch = p.capacities().size();
            nco = p.scripts().size();
            ch = new Channel[nch];
            cap = new int[nch];
            closed = new boolean[nch];
            closeSeq = new int[nch];
            for (int c = 0; c < nch; c++)
            {
                cap[c] = p.capacities().get(c);
                ch[c] = rig.channel(cap[c]);
                ring.add(new ArrayDeque<>());
                sendQ.add(new ArrayList<>());
                recvQ.add(new ArrayList<>());
                closeSeq[c] = Integer.MAX_VALUE;
            }
            handle = new int[nco];
            waiting = new boolean[nco];
            awaiting = new boolean[nco];
            result = new Result[nco];
            deadline = new long[nco];
            lastArm = new int[nco];
            inSelect = new boolean[nco];
            finished = new boolean[nco];
            java.util.Arrays.fill(lastArm, -1);
        }

        void log(final String line)
        {
            log.add(rig.clock.now() + ": " + line);
        }

        AssertionError fail(final String message)
        {
            if (null == failure)
            {
                failure = message;
                log("FAILED: " + message);
            }
            return new AssertionError(message);
        }

        void check(final boolean ok, final String message)
        {
            if (!ok)
            {
                throw fail(message);
            }
        }

        AssertionError report(final String message)
        {
            final StringBuilder b = new StringBuilder(message).append("\nprogram: ").append(p).append("\nevents:");
            for (final String line : log)
            {
                b.append("\n  ").append(line);
            }
            return new AssertionError(b.toString());
        }

        // ---- model operations (applied at the instant the kernel's are issued) -------------------

        void complete(final int co, final int status, final long value, final int outcome)
        {
            for (int c = 0; c < nch; c++)
            {
                sendQ.get(c).removeIf(w -> w.co() == co);
                recvQ.get(c).removeIf(w -> w.co() == co);
            }
            waiting[co] = false;
            result[co] = new Result(status, value, outcome);
            if (inSelect[co] && status >= 0)
            {
                lastArm[co] = status;
            }
        }

        int mTrySend(final int c, final long v)
        {
            if (closed[c])
            {
                return Channel.CLOSED;
            }
            if (!recvQ.get(c).isEmpty())
            {
                final Waiter w = recvQ.get(c).get(0);
                complete(w.co(), Math.max(0, w.arm()), v, 0);
                log("  model: co" + w.co() + " receives " + v + " on c" + c + " (hand-off)");
                return 0;
            }
            if (ring.get(c).size() < cap[c])
            {
                ring.get(c).add(v);
                return 0;
            }
            return EAGAIN;
        }

        /** @return {status, value} */
        long[] mTryReceive(final int c)
        {
            if (!ring.get(c).isEmpty())
            {
                final long v = ring.get(c).poll();
                if (!sendQ.get(c).isEmpty())
                {
                    final Waiter w = sendQ.get(c).get(0);
                    ring.get(c).add(w.value());
                    complete(w.co(), Math.max(0, w.arm()), 0, 0);
                    log("  model: co" + w.co() + "'s " + w.value() + " moves into c" + c + "'s ring");
                }
                return new long[] {0, v};
            }
            if (!sendQ.get(c).isEmpty())
            {
                final Waiter w = sendQ.get(c).get(0);
                complete(w.co(), Math.max(0, w.arm()), 0, 0);
                log("  model: co" + w.co() + "'s " + w.value() + " is taken from it on c" + c);
                return new long[] {0, w.value()};
            }
            return new long[] {closed[c] ? Channel.CLOSED : EAGAIN, 0};
        }

        int mClose(final int c)
        {
            if (closed[c])
            {
                return -Errno.EALREADY;
            }
            closed[c] = true;
            // A select with arms on c completes through its first receive arm on c, else its first send arm.
            while (!recvQ.get(c).isEmpty())
            {
                final Waiter w = recvQ.get(c).get(0);
                complete(w.co(), w.arm() < 0 ? Channel.CLOSED : w.arm(), 0, w.arm() < 0 ? 0 : Channel.CLOSED);
                log("  model: co" + w.co() + " sees c" + c + " closed");
            }
            while (!sendQ.get(c).isEmpty())
            {
                final Waiter w = sendQ.get(c).get(0);
                complete(w.co(), w.arm() < 0 ? Channel.CLOSED : w.arm(), 0, w.arm() < 0 ? 0 : Channel.CLOSED);
                log("  model: co" + w.co() + " sees c" + c + " closed");
            }
            return 0;
        }

        void pend(final int co, final long timeout)
        {
            waiting[co] = true;
            deadline[co] = Scheduler.FOREVER == timeout ? -1 : rig.clock.now() + timeout;
        }

        void mBegin(final int co, final Step s, final long base)
        {
            result[co] = null;
            awaiting[co] = true;
            inSelect[co] = Kind.SELECT == s.kind();
            final long t = s.timeout();
            switch (s.kind())
            {
                case SEND:
                {
                    final int r = mTrySend(s.ch(), base);
                    if (EAGAIN != r)
                    {
                        complete(co, r, 0, 0);
                    }
                    else if (Scheduler.NO_WAIT == t)
                    {
                        complete(co, ETIMEDOUT, 0, 0);
                    }
                    else
                    {
                        sendQ.get(s.ch()).add(new Waiter(co, -1, base));
                        pend(co, t);
                    }
                    break;
                }
                case RECEIVE:
                {
                    final long[] r = mTryReceive(s.ch());
                    if (EAGAIN != r[0])
                    {
                        complete(co, (int) r[0], r[1], 0);
                    }
                    else if (Scheduler.NO_WAIT == t)
                    {
                        complete(co, ETIMEDOUT, 0, 0);
                    }
                    else
                    {
                        recvQ.get(s.ch()).add(new Waiter(co, -1, 0));
                        pend(co, t);
                    }
                    break;
                }
                default: // SELECT: round robin from the arm after the last winner
                {
                    final List<Arm> arms = s.arms();
                    final int n = arms.size();
                    int arm = lastArm[co] + 1;
                    for (int i = 0; i < n; i++, arm++)
                    {
                        if (arm >= n)
                        {
                            arm = 0;
                        }
                        final Arm a = arms.get(arm);
                        if (a.send())
                        {
                            final int r = mTrySend(a.ch(), base + arm);
                            if (EAGAIN != r)
                            {
                                complete(co, arm, 0, r);
                                return;
                            }
                        }
                        else
                        {
                            final long[] r = mTryReceive(a.ch());
                            if (EAGAIN != r[0])
                            {
                                complete(co, arm, r[1], (int) r[0]);
                                return;
                            }
                        }
                    }
                    if (Scheduler.NO_WAIT == t)
                    {
                        complete(co, ETIMEDOUT, 0, 0);
                        return;
                    }
                    for (int a = 0; a < n; a++)
                    {
                        final Arm x = arms.get(a);
                        (x.send() ? sendQ : recvQ).get(x.ch()).add(new Waiter(co, a, base + a));
                    }
                    pend(co, t);
                }
            }
        }

        /**
         * At the start of every resume (and at the end): timers the scheduler fired since the last
         * resume are applied to the model; then the kernel's channels must look like the model's.
         */
        void sync()
        {
            final long now = rig.clock.now();
            for (int co = 0; co < nco; co++)
            {
                final boolean kernelWaits = Scheduler.WAITING == rig.s.stateOf(handle[co]);
                if (waiting[co])
                {
                    final boolean due = deadline[co] >= 0 && now >= deadline[co];
                    check(kernelWaits != due, "co" + co + (kernelWaits ? " still waits" : " no longer waits")
                        + " at tick " + now + " with its deadline at " + deadline[co]);
                    if (due)
                    {
                        complete(co, ETIMEDOUT, 0, 0);
                        log("  model: co" + co + " times out");
                    }
                }
                else if (awaiting[co])
                {
                    check(!kernelWaits, "co" + co + "'s operation completed in the model, but the kernel still has it waiting");
                }
            }
            for (int c = 0; c < nch; c++)
            {
                final int c0 = c;
                check(ch[c].size() == ring.get(c).size(), "c" + c + " holds " + ch[c].size() + " values, model " + ring.get(c));
                check(ch[c].isClosed() == closed[c], "c" + c + " closed=" + ch[c].isClosed() + ", model " + closed[c]);
                check(ch[c].waitingSenders() == sendQ.get(c).size(),
                    "c" + c + " has " + ch[c].waitingSenders() + " waiting senders, model " + sendQ.get(c0));
                check(ch[c].waitingReceivers() == recvQ.get(c).size(),
                    "c" + c + " has " + ch[c].waitingReceivers() + " waiting receivers, model " + recvQ.get(c0));
            }
        }

        // ---- the coroutines ----------------------------------------------------------------------

        final class Runner
        {
            final int co;
            final List<Step> steps;
            int idx;
            Op op;

            Runner(final int co)
            {
                this.co = co;
                this.steps = p.scripts().get(co);
            }

            int resume(final Scheduler sch)
            {
                sync();
                if (null != op)
                {
                    observe(sch);
                }
                while (idx < steps.size())
                {
                    final Step s = steps.get(idx);
                    final long base = valueOf(co, idx);
                    final String what = "co" + co + " step " + idx + " " + s.describe(base);
                    switch (s.kind())
                    {
                        case YIELD:
                            log(what);
                            idx++;
                            return sch.yield();
                        case SLEEP:
                            log(what);
                            idx++;
                            return sch.sleep(s.ticks());
                        case CLOSE:
                        {
                            final int expected = mClose(s.ch());
                            final int actual = ch[s.ch()].close();
                            log(what + " -> " + st(actual));
                            check(expected == actual, what + ": " + st(actual) + ", model " + st(expected));
                            if (0 == actual)
                            {
                                closeSeq[s.ch()] = ++seq;
                            }
                            idx++;
                            break;
                        }
                        case TRY_SEND:
                        {
                            final Op o = new Op(co, idx, s, ++seq, rig.clock.now());
                            final int expected = mTrySend(s.ch(), base);
                            final int actual = ch[s.ch()].trySend(base);
                            log(what + " -> " + st(actual));
                            check(expected == actual, what + ": " + st(actual) + ", model " + st(expected));
                            end(o, actual, 0, 0);
                            idx++;
                            break;
                        }
                        case TRY_RECEIVE:
                        {
                            final Op o = new Op(co, idx, s, ++seq, rig.clock.now());
                            final long[] expected = mTryReceive(s.ch());
                            final int actual = ch[s.ch()].tryReceive();
                            final long v = 0 == actual ? ch[s.ch()].lastReceived() : 0;
                            log(what + " -> " + st(actual) + (0 == actual ? " v=" + v : ""));
                            check(expected[0] == actual && expected[1] == v, what + ": " + st(actual) + " v=" + v
                                + ", model " + st((int) expected[0]) + " v=" + expected[1]);
                            end(o, actual, v, 0);
                            idx++;
                            break;
                        }
                        default: // SEND, RECEIVE, SELECT
                        {
                            op = new Op(co, idx, s, ++seq, rig.clock.now());
                            mBegin(co, s, base);
                            final boolean modelNow = !waiting[co];
                            op.waited = !modelNow;
                            log(what + (modelNow ? " (model: at once)" : " (model: waits)"));
                            final int d = issue(s, base);
                            if (s.inline())
                            {
                                final boolean kernelNow = sch.completedNow(d);
                                check(kernelNow == modelNow, what + ": completed at once=" + kernelNow + ", model " + modelNow);
                                if (kernelNow)
                                {
                                    observe(sch);
                                    break;
                                }
                            }
                            return d;
                        }
                    }
                }
                finished[co] = true;
                log("co" + co + " done");
                return sch.done(0);
            }

            int issue(final Step s, final long base)
            {
                switch (s.kind())
                {
                    case SEND:
                        return ch[s.ch()].send(base, s.timeout());
                    case RECEIVE:
                        return ch[s.ch()].receive(s.timeout());
                    default:
                        rig.select.begin();
                        for (int a = 0; a < s.arms().size(); a++)
                        {
                            final Arm arm = s.arms().get(a);
                            if (arm.send())
                            {
                                rig.select.send(ch[arm.ch()], base + a);
                            }
                            else
                            {
                                rig.select.receive(ch[arm.ch()]);
                            }
                        }
                        return rig.select.await(s.timeout());
                }
            }

            void observe(final Scheduler sch)
            {
                final Op o = op;
                op = null;
                final boolean select = Kind.SELECT == o.s.kind();
                final int status = sch.status();
                final long value = sch.value();
                final int outcome = select ? rig.select.outcome() : 0;
                final String what = "co" + co + " step " + o.step + " " + o.s.kind().name().toLowerCase();
                log(what + " -> " + (select && status >= 0 ? "arm " + status + " " + st(outcome) : st(status))
                    + " v=" + value);
                final Result r = result[co];
                check(null != r, what + ": resumed, but the model still has it waiting");
                final boolean receivedValue = select ? status >= 0 && 0 == outcome && !o.s.arms().get(status).send()
                    : Kind.RECEIVE == o.s.kind() && 0 == status;
                check(r.status() == status && r.outcome() == outcome && (!receivedValue || r.value() == value),
                    what + ": status " + st(status) + " outcome " + st(outcome) + " v=" + value + ", model status "
                        + st(r.status()) + " outcome " + st(r.outcome()) + " v=" + r.value());
                awaiting[co] = false;
                result[co] = null;
                end(o, status, value, outcome);
                idx++;
            }
        }

        void end(final Op o, final int status, final long value, final int outcome)
        {
            o.endSeq = ++seq;
            o.endTick = rig.clock.now();
            o.status = status;
            o.value = value;
            o.outcome = outcome;
            ops.add(o);
        }

        // ---- the run and the final checks --------------------------------------------------------

        void run()
        {
            for (int co = 0; co < nco; co++)
            {
                final Runner r = new Runner(co);
                handle[co] = rig.spawn("co" + co, (sch, me) -> r.resume(sch));
            }
            final int outcome;
            try
            {
                outcome = rig.runChecked(); // scheduler, selector and channel invariants after every step
            }
            catch (final RuntimeException | AssertionError e)
            {
                throw report("invariant broken: " + e + (null != failure ? " (first failure: " + failure + ")" : ""));
            }
            if (null != failure)
            {
                throw report(failure);
            }
            for (int co = 0; co < nco; co++)
            {
                if (Scheduler.FAILED == rig.s.outcomeOf(handle[co]))
                {
                    throw report("co" + co + " faulted: " + rig.s.faultOf(handle[co]));
                }
            }
            try
            {
                sync();
                finalChecks(outcome);
            }
            catch (final AssertionError e)
            {
                throw report(e.getMessage());
            }
        }

        void finalChecks(final int outcome)
        {
            log("run -> " + outcome);
            Statistics.label("run ends").collect(Scheduler.RUN_IDLE == outcome ? "idle" : "deadlock");
            int completedWaits = 0;
            int timeouts = 0;
            int closedResults = 0;
            for (final Op o : ops)
            {
                completedWaits += o.waited ? 1 : 0;
                timeouts += ETIMEDOUT == o.status ? 1 : 0;
                closedResults += Channel.CLOSED == o.status || Channel.CLOSED == o.outcome ? 1 : 0;
            }
            Statistics.label("an operation waited").collect(completedWaits > 0);
            Statistics.label("an operation timed out").collect(timeouts > 0);
            Statistics.label("an operation saw CLOSED").collect(closedResults > 0);
            int modelWaiters = 0;
            for (int co = 0; co < nco; co++)
            {
                if (waiting[co])
                {
                    modelWaiters++;
                    check(deadline[co] < 0, "co" + co + " still waits with a deadline");
                    check(Scheduler.WAITING == rig.s.stateOf(handle[co]), "co" + co + " waits in the model only");
                }
                else
                {
                    check(finished[co], "co" + co + " neither finished nor waits");
                }
            }
            if (Scheduler.RUN_IDLE == outcome)
            {
                check(0 == modelWaiters, "the run ended idle while " + modelWaiters + " coroutines wait in the model");
            }
            else
            {
                check(Scheduler.RUN_DEADLOCK == outcome, "run returned " + outcome);
                check(modelWaiters > 0, "a deadlock was reported but nothing waits in the model");
            }
            // Really blocked: no waiter could be served by what the channels hold or by another waiter.
            for (int c = 0; c < nch; c++)
            {
                final List<Waiter> s = sendQ.get(c);
                final List<Waiter> r = recvQ.get(c);
                check(s.isEmpty() && r.isEmpty() || !closed[c], "c" + c + " is closed but has waiters");
                check(r.isEmpty() || ring.get(c).isEmpty(), "c" + c + " has receivers waiting and values in its ring");
                check(s.isEmpty() || ring.get(c).size() == cap[c], "c" + c + " has senders waiting and room in its ring");
                for (final Waiter ws : s)
                {
                    for (final Waiter wr : r)
                    {
                        check(ws.co() == wr.co(), "c" + c + ": co" + ws.co() + " waits to send while co" + wr.co()
                            + " waits to receive");
                    }
                }
            }
            // What the rings still hold (the first size() values; later tryReceives would move waiting senders in).
            final List<List<Long>> buffered = new ArrayList<>();
            for (int c = 0; c < nch; c++)
            {
                final List<Long> held = new ArrayList<>();
                for (int i = ch[c].size(); i > 0; i--)
                {
                    check(0 == ch[c].tryReceive(), "c" + c + ": a buffered value cannot be taken");
                    held.add(ch[c].lastReceived());
                }
                check(held.equals(new ArrayList<>(ring.get(c))), "c" + c + " holds " + held + ", model " + ring.get(c));
                buffered.add(held);
            }
            traceInvariants(buffered);
        }

        /** Checks over what the coroutines observed only, whatever the interleaving. */
        void traceInvariants(final List<List<Long>> buffered)
        {
            final Map<Long, Integer> channelOfValue = new HashMap<>();
            for (int co = 0; co < nco; co++)
            {
                final List<Step> steps = p.scripts().get(co);
                for (int i = 0; i < steps.size(); i++)
                {
                    final Step s = steps.get(i);
                    if (Kind.SEND == s.kind() || Kind.TRY_SEND == s.kind())
                    {
                        channelOfValue.put(valueOf(co, i), s.ch());
                    }
                    for (int a = 0; a < s.arms().size(); a++)
                    {
                        if (s.arms().get(a).send())
                        {
                            channelOfValue.put(valueOf(co, i) + a, s.arms().get(a).ch());
                        }
                    }
                }
            }
            final Map<Long, Op> sentOk = new HashMap<>();
            final Map<Long, Op> receivedBy = new HashMap<>();
            final Set<Long> notSent = new HashSet<>();
            for (final Op o : ops)
            {
                final Kind k = o.s.kind();
                final String what = "co" + o.co + " step " + o.step + " " + k.name().toLowerCase();
                switch (k)
                {
                    case TRY_SEND:
                    case TRY_RECEIVE:
                        check(0 == o.status || EAGAIN == o.status || Channel.CLOSED == o.status, what + ": " + st(o.status));
                        break;
                    case SELECT:
                        check(ETIMEDOUT == o.status || (o.status >= 0 && o.status < o.s.arms().size()),
                            what + ": status " + st(o.status) + " is no arm");
                        check(0 == o.outcome || Channel.CLOSED == o.outcome, what + ": outcome " + st(o.outcome));
                        check(o.status >= 0 || 0 == o.outcome, what + ": timed out with outcome " + st(o.outcome));
                        break;
                    default:
                        check(0 == o.status || ETIMEDOUT == o.status || Channel.CLOSED == o.status, what + ": " + st(o.status));
                }
                if (ETIMEDOUT == o.status)
                {
                    check(Scheduler.FOREVER != o.s.timeout(), what + ": timed out without a timeout");
                    check(o.endTick >= o.startTick + o.s.timeout(), what + ": timed out after "
                        + (o.endTick - o.startTick) + " of " + o.s.timeout() + " ticks");
                }
                final int closedStatus = Kind.SELECT == k ? (o.status >= 0 ? o.outcome : 0) : o.status;
                if (Channel.CLOSED == closedStatus)
                {
                    check(closeSeq[o.channel()] < o.endSeq, what + ": CLOSED before c" + o.channel() + " was closed");
                }
                if (Kind.SELECT == k)
                {
                    for (final Arm a : o.s.arms())
                    {
                        // A closed channel makes its arms ready: a select begun after the close never times out.
                        check(o.startSeq < closeSeq[a.ch()] || o.status >= 0, what + ": timed out with c" + a.ch() + " closed");
                    }
                }
                else if (o.startSeq > closeSeq[o.s.ch()])
                {
                    // Begun after the close: a send fails; a receive gets a buffered value or CLOSED, never waits.
                    if (Kind.SEND == k || Kind.TRY_SEND == k)
                    {
                        check(Channel.CLOSED == o.status, what + ": " + st(o.status) + " on a closed channel");
                    }
                    else
                    {
                        check(0 == o.status || Channel.CLOSED == o.status, what + ": " + st(o.status) + " on a closed channel");
                    }
                }
                if (Kind.SELECT == k)
                {
                    for (int a = 0; a < o.s.arms().size(); a++)
                    {
                        if (o.s.arms().get(a).send())
                        {
                            if (a == o.status && 0 == o.outcome)
                            {
                                sentOk.put(o.base + a, o);
                            }
                            else
                            {
                                notSent.add(o.base + a);
                            }
                        }
                    }
                    if (o.status >= 0 && 0 == o.outcome && !o.s.arms().get(o.status).send())
                    {
                        received(o, o.s.arms().get(o.status).ch(), channelOfValue, receivedBy);
                    }
                }
                else if (Kind.SEND == k || Kind.TRY_SEND == k)
                {
                    if (0 == o.status)
                    {
                        sentOk.put(o.base, o);
                    }
                    else
                    {
                        notSent.add(o.base);
                    }
                }
                else if (0 == o.status)
                {
                    received(o, o.s.ch(), channelOfValue, receivedBy);
                }
            }
            // Conservation: received + buffered == the sends that reported success, disjointly.
            final Set<Long> delivered = new TreeSet<>(receivedBy.keySet());
            for (int c = 0; c < nch; c++)
            {
                for (final long v : buffered.get(c))
                {
                    check(channelOfValue.containsKey(v) && channelOfValue.get(v) == c, "c" + c + " holds " + v
                        + ", never sent there");
                    check(delivered.add(v), v + " is both received and still buffered (or buffered twice)");
                }
            }
            final Set<Long> lost = new TreeSet<>(sentOk.keySet());
            lost.removeAll(delivered);
            check(lost.isEmpty(), "sends reported success but were neither received nor buffered: " + lost);
            final Set<Long> extra = new TreeSet<>(delivered);
            extra.removeAll(sentOk.keySet());
            check(extra.isEmpty(), "received or buffered without a successful send: " + extra
                + (extra.stream().anyMatch(notSent::contains) ? " (some of them failed, timed out or lost a select)" : ""));
            // FIFO per sender and channel: values are valueOf(co, step) + arm, so numeric order is send order.
            final Map<Long, Integer> position = new HashMap<>();
            for (int c = 0; c < nch; c++)
            {
                for (int i = 0; i < buffered.get(c).size(); i++)
                {
                    position.put(buffered.get(c).get(i), i);
                }
            }
            final List<Long> sorted = new ArrayList<>(delivered);
            for (int i = 0; i < sorted.size(); i++)
            {
                for (int j = i + 1; j < sorted.size(); j++)
                {
                    final long v1 = sorted.get(i);
                    final long v2 = sorted.get(j);
                    if (v1 / 1000 != v2 / 1000 || !channelOfValue.get(v1).equals(channelOfValue.get(v2)))
                    {
                        continue;
                    }
                    final Op r1 = receivedBy.get(v1);
                    final Op r2 = receivedBy.get(v2);
                    final String pair = v1 + " and " + v2 + " (sent in that order on c" + channelOfValue.get(v1) + ")";
                    if (null != r1 && null != r2)
                    {
                        check(r1.startSeq < r2.endSeq, pair + ": " + v2 + " was taken before " + v1);
                    }
                    else if (null == r1 && null != r2)
                    {
                        check(false, pair + ": " + v2 + " was received while " + v1 + " is still buffered");
                    }
                    else if (null == r1)
                    {
                        check(position.get(v1) < position.get(v2), pair + ": buffered in the other order");
                    }
                }
            }
            // Rendezvous: a send completes only when its receiver takes the value, so the receiver came first.
            for (final Map.Entry<Long, Op> e : receivedBy.entrySet())
            {
                final int c = channelOfValue.get(e.getKey());
                if (0 == cap[c])
                {
                    check(e.getValue().startSeq < sentOk.get(e.getKey()).endSeq, "rendezvous c" + c + ": "
                        + e.getKey() + "'s send completed before its receiver began");
                }
            }
        }

        void received(final Op o, final int c, final Map<Long, Integer> channelOfValue, final Map<Long, Op> receivedBy)
        {
            final String what = "co" + o.co + " step " + o.step + " received " + o.value + " on c" + c;
            check(channelOfValue.containsKey(o.value) && channelOfValue.get(o.value) == c, what + ": never sent there");
            check(null == receivedBy.put(o.value, o), what + ": received twice");
        }
    }
}
