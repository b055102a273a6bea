package dev.fireball.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fireball.kernel.Scheduler;
import org.junit.jupiter.api.Test;

/**
 * The channel benchmarks do per op what their javadoc says, on the kernel side and the baselines:
 * one ping-pong op is one round trip (two context switches; the value comes back incremented),
 * one anatomy op likewise. A benchmark whose sides drift apart (a lost wake-up, a fault, an extra
 * switch) would still print a number.
 */
class ChannelBenchmarksTest
{
    private static final int OPS = 1000;

    @Test
    void aPingPongOpIsOneRoundTripOfTwoContextSwitches()
    {
        for (final int capacity : new int[] {0, 16})
        {
            final ChannelBenchmark b = new ChannelBenchmark();
            final ChannelBenchmark.PingPong st = new ChannelBenchmark.PingPong();
            st.capacity = capacity;
            st.boot();
            b.pingPong(st); // start-up: both coroutines reach their first wait
            b.pingPongInline(st);
            b.pingPongBaseline(st);
            b.pingPongParkWake(st);
            final long switches = st.s.contextSwitchCount();
            final long inlineSwitches = st.inline.contextSwitchCount();
            final long parkSwitches = st.parkScheduler.contextSwitchCount();
            final int miniSteps = st.mini.stepCount();
            final long rounds = st.pinger.rounds;
            final long miniRounds = st.miniPinger.rounds;
            final long parkRounds = st.parker.rounds;
            final long parkField = st.parker.field[0];
            for (int i = 0; i < OPS; i++)
            {
                b.pingPong(st);
                b.pingPongInline(st);
                b.pingPongBaseline(st);
                b.pingPongParkWake(st);
            }
            assertEquals(rounds + OPS, st.pinger.rounds, "capacity " + capacity);
            assertEquals(2L * OPS, st.s.contextSwitchCount() - switches, "capacity " + capacity);
            assertEquals(2L * OPS, st.inline.contextSwitchCount() - inlineSwitches, "inline, capacity " + capacity);
            assertEquals(st.inlinePinger.rounds, st.inlinePinger.value, "inline, capacity " + capacity);
            // Each round trip adds 1 (ponger) to the value the pinger sent.
            assertEquals(st.pinger.rounds, st.pinger.value, "capacity " + capacity);
            assertEquals(miniRounds + OPS, st.miniPinger.rounds, "baseline, capacity " + capacity);
            assertEquals(2 * OPS, st.mini.stepCount() - miniSteps, "baseline switches, capacity " + capacity);
            assertEquals(st.miniPinger.rounds, st.miniPinger.value, "baseline, capacity " + capacity);
            // Park/wake: each side resumes once per round trip and bumps the shared field once.
            assertEquals(parkRounds + OPS, st.parker.rounds, "park/wake, capacity " + capacity);
            assertEquals(2L * OPS, st.parkScheduler.contextSwitchCount() - parkSwitches, "park/wake, capacity " + capacity);
            assertEquals(parkField + 2L * OPS, st.parker.field[0], "park/wake, capacity " + capacity);
        }
    }

    /** The mixer really ran its four coroutine types, and the mixed ping-pong is the same round trip. */
    @Test
    void aMixedPingPongOpIsOneRoundTripOfTwoContextSwitches()
    {
        final ChannelBenchmark b = new ChannelBenchmark();
        final ChannelBenchmark.Mixed st = new ChannelBenchmark.Mixed();
        st.boot(); // throws if the mixer's coroutines or tasks did not all run to the end
        b.pingPongMixed(st);
        b.pingPongMixedInline(st);
        b.pingPongMixedBaseline(st);
        final long switches = st.s.contextSwitchCount();
        final long inlineSwitches = st.inline.contextSwitchCount();
        final int miniSteps = st.mini.stepCount();
        final long inlineRounds = st.inlinePinger.rounds;
        final long miniRounds = st.miniPinger.rounds;
        for (int i = 0; i < OPS; i++)
        {
            b.pingPongMixed(st);
            b.pingPongMixedInline(st);
            b.pingPongMixedBaseline(st);
        }
        assertEquals(2L * OPS, st.s.contextSwitchCount() - switches);
        assertEquals(st.pinger.rounds, st.pinger.value);
        assertEquals(2L * OPS, st.inline.contextSwitchCount() - inlineSwitches, "inline");
        assertEquals(inlineRounds + OPS, st.inlinePinger.rounds, "inline");
        assertEquals(st.inlinePinger.rounds, st.inlinePinger.value, "inline");
        assertEquals(miniRounds + OPS, st.miniPinger.rounds);
        assertEquals(2 * OPS, st.mini.stepCount() - miniSteps, "baseline switches");
        assertEquals(st.miniPinger.rounds, st.miniPinger.value);
    }

    @Test
    void anAnatomyOpIsOneRoundTripOfTwoContextSwitches()
    {
        final ChannelAnatomyBenchmark b = new ChannelAnatomyBenchmark();
        final ChannelAnatomyBenchmark.Pair st = new ChannelAnatomyBenchmark.Pair();
        st.boot();
        b.pendWake(st);
        b.pendWakeProceed(st);
        final long plain = st.plain.contextSwitchCount();
        final long cont = st.cont.contextSwitchCount();
        for (int i = 0; i < OPS; i++)
        {
            b.pendWake(st);
            b.pendWakeProceed(st);
        }
        assertEquals(2L * OPS, st.plain.contextSwitchCount() - plain);
        assertEquals(2L * OPS, st.cont.contextSwitchCount() - cont);
    }

    @Test
    void aStreamOpIsSixteenValuesInOrderOnBothSides()
    {
        final ChannelBenchmark b = new ChannelBenchmark();
        final ChannelBenchmark.Stream st = new ChannelBenchmark.Stream();
        st.boot();
        for (int i = 0; i < OPS; i++)
        {
            b.stream(st);
            b.streamInline(st);
            b.streamBaseline(st);
        }
        final long n = 16L * OPS;
        // The last op may end a little past its target within one resume (at most one continue budget);
        // the ops before it average exactly 16 values. Every value counts once, in order.
        assertEquals(true, st.consumer.count >= n && st.consumer.count <= n + Scheduler.CONTINUE_BUDGET, "count " + st.consumer.count);
        assertEquals(st.consumer.count * (st.consumer.count - 1) / 2, st.consumer.sum, "values 0, 1, 2... each once");
        assertEquals(true, st.inlineConsumer.count >= n && st.inlineConsumer.count <= n + Scheduler.CONTINUE_BUDGET,
            "inline count " + st.inlineConsumer.count);
        assertEquals(st.inlineConsumer.count * (st.inlineConsumer.count - 1) / 2, st.inlineConsumer.sum);
        assertEquals(true, st.miniConsumer.count >= n && st.miniConsumer.count <= n + 16);
        assertEquals(st.miniConsumer.count * (st.miniConsumer.count - 1) / 2, st.miniConsumer.sum);
    }

    @Test
    void anInterruptOpIsOneRaiseOneResumeOrOneHandlerCall()
    {
        final ChannelBenchmark b = new ChannelBenchmark();
        final ChannelBenchmark.Interrupts st = new ChannelBenchmark.Interrupts();
        st.boot();
        final long switches = st.s.contextSwitchCount();
        for (int i = 0; i < OPS; i++)
        {
            b.interruptToLineWaiter(st);
        }
        assertEquals(OPS, st.lineWaiter.resumed);
        assertEquals(OPS, st.s.contextSwitchCount() - switches, "line: one switch per raise");
        for (int i = 0; i < OPS; i++)
        {
            b.interruptToEventWaiter(st);
        }
        assertEquals(OPS, st.eventWaiter.resumed);
        assertEquals(OPS, st.lineWaiter.resumed, "the line waiter is not woken by line 1");
        assertEquals(2L * OPS, st.s.contextSwitchCount() - switches, "event: one switch per raise");
        for (int i = 0; i < OPS; i++)
        {
            b.interruptBaseline(st);
        }
        assertEquals(OPS, st.baselineHandler.handled, "baseline: one handler call per raise");
        assertEquals(0, st.baselineLines.pending());
    }

    @Test
    void aSelect4OpIsFourSelectsEachTakingOneProducersValue()
    {
        final ChannelBenchmark b = new ChannelBenchmark();
        final ChannelBenchmark.Select4 st = new ChannelBenchmark.Select4();
        st.boot();
        for (int i = 0; i < OPS; i++)
        {
            b.select4(st);
        }
        assertEquals(true, st.selector.selects >= 4L * OPS && st.selector.selects <= 4L * OPS + Scheduler.CONTINUE_BUDGET,
            "selects " + st.selector.selects);
    }
}
