package dev.fireball.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fireball.kernel.support.Rig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Go's channel tests as a reference suite (go/test/chan/sieve1.go, runtime/chan_test.go
 * TestMultiConsumer, TestSelfSelect, TestChan's close cases; select with time.After), rewritten as
 * Fireball coroutines. Select fairness (TestSelectFairness) is in {@link SelectTest}.
 */
class GoChannelSuiteTest
{
    // ---- go/test/chan/sieve1.go -------------------------------------------------------------------

    /** Sends 2, 3, 4, ... to {@code out} until it is closed. */
    static final class Generate extends Coroutine
    {
        private final Channel out;
        private long i = 2;

        Generate(final Channel out)
        {
            super("generate");
            this.out = out;
        }

        @Override
        protected int resume(final Scheduler s)
        {
            if (pc == 1 && Channel.CLOSED == s.status())
            {
                return s.done(i);
            }
            if (pc == 1)
            {
                i++;
            }
            pc = 1;
            return out.send(i, Scheduler.FOREVER);
        }
    }

    /** Copies the values of {@code in} that {@code prime} does not divide to {@code out}; closes out after in. */
    static final class Filter extends Coroutine
    {
        private final Channel in;
        private final Channel out;
        private final long prime;

        Filter(final Channel in, final Channel out, final long prime)
        {
            super("filter");
            this.in = in;
            this.out = out;
            this.prime = prime;
        }

        @Override
        protected int resume(final Scheduler s)
        {
            while (true)
            {
                switch (pc)
                {
                    case 0: // receive
                        pc = 1;
                        return in.receive(Scheduler.FOREVER);
                    case 1: // received: pass it on or drop it
                        if (Channel.CLOSED == s.status())
                        {
                            out.close();
                            return s.done(0);
                        }
                        if (0 == s.value() % prime)
                        {
                            pc = 0;
                            continue;
                        }
                        pc = 2;
                        return out.send(s.value(), Scheduler.FOREVER);
                    default: // sent (or out closed: then in will close too)
                        pc = 0;
                        continue;
                }
            }
        }
    }

    /** Go's main: takes a prime from the head of the chain and chains a new filter for it. */
    static final class Sieve extends Coroutine
    {
        private final Rig rig;
        private final Channel first;
        private final int count;
        private Channel ch;
        final List<Long> primes = new ArrayList<>();

        Sieve(final Rig rig, final Channel first, final int count)
        {
            super("sieve");
            this.rig = rig;
            this.first = first;
            this.ch = first;
            this.count = count;
        }

        @Override
        protected int resume(final Scheduler s)
        {
            if (pc == 1)
            {
                final long prime = s.value();
                primes.add(prime);
                final Channel next = rig.channel(0);
                s.spawnDetached(new Filter(ch, next, prime)); // test code: the sieve allocates as Go's does
                ch = next;
                if (primes.size() == count)
                {
                    // Go leaks the goroutines here; close both ends instead: the generator stops, the
                    // last filter stops sending, and each filter's close ripples down the chain.
                    first.close();
                    next.close();
                    return s.done(primes.size());
                }
            }
            pc = 1;
            return ch.receive(Scheduler.FOREVER);
        }
    }

    @Test
    void primeSieveOfChainedCoroutinesFindsTheFirstHundredPrimes()
    {
        final Rig rig = new Rig(128, 1);
        final Channel first = rig.channel(0);
        rig.s.spawnDetached(new Generate(first));
        final Sieve sieve = new Sieve(rig, first, 100);
        final int h = rig.s.spawn(sieve);
        assertEquals(Scheduler.RUN_IDLE, rig.runChecked(), "every filter ended when the chain closed");
        assertEquals(100, rig.s.valueOf(h));
        final List<Long> expected = new ArrayList<>();
        for (long n = 2; expected.size() < 100; n++)
        {
            boolean prime = true;
            for (long d = 2; d * d <= n; d++)
            {
                prime &= 0 != n % d;
            }
            if (prime)
            {
                expected.add(n);
            }
        }
        assertEquals(expected, sieve.primes);
        assertEquals(541L, sieve.primes.get(99));
        assertEquals(1, rig.s.liveCount(), "only the joinable sieve's outcome is left");
    }

    // ---- runtime/chan_test.go TestMultiConsumer ----------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 8, 64})
    void manyConsumersShareOneChannelAndEveryValueIsReceivedOnce(final int capacity)
    {
        final int workers = 23;
        final int items = 271;
        final Rig rig = new Rig(32, 1);
        final Channel q = rig.channel(capacity);
        final Channel results = rig.channel(64);
        final long[] received = new long[workers];
        for (int w = 0; w < workers; w++)
        {
            final int me = w;
            rig.spawn("worker" + w, (sch, self) ->
            {
                switch (self.pc())
                {
                    case 0:
                        self.pc(1);
                        return q.receive(Scheduler.FOREVER);
                    case 1:
                        if (Channel.CLOSED == sch.status())
                        {
                            return sch.done(0);
                        }
                        received[me]++;
                        self.pc(0);
                        return results.send(sch.value(), Scheduler.FOREVER);
                    default:
                        return sch.fail(-1);
                }
            });
        }
        final long[] sums = new long[2];
        rig.spawn("producer", (sch, self) ->
        {
            if (self.pc() < items)
            {
                sums[0] += self.pc();
                self.pc(self.pc() + 1);
                return q.send(self.pc() - 1, Scheduler.FOREVER);
            }
            q.close();
            return sch.done(0);
        });
        rig.spawn("collector", (sch, self) ->
        {
            if (self.pc() > 0)
            {
                sums[1] += sch.value();
                if (self.pc() == items)
                {
                    return sch.done(0);
                }
            }
            self.pc(self.pc() + 1);
            return results.receive(Scheduler.FOREVER);
        });
        assertEquals(Scheduler.RUN_IDLE, rig.runChecked());
        assertEquals(sums[0], sums[1]);
        long total = 0;
        for (final long r : received)
        {
            total += r;
        }
        assertEquals(items, total);
        assertEquals(workers + 2, rig.s.completedCount());
    }

    // ---- runtime/chan_test.go TestSelfSelect --------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void aSelectNeverSendsToItself(final int capacity)
    {
        // Two coroutines each select {send c, receive c}: every exchange must be between them.
        final Rig rig = new Rig(8, 2);
        final Channel c = rig.channel(capacity);
        final int[] selfReceived = new int[1];
        for (int p = 0; p < 2; p++)
        {
            final long mine = p;
            rig.spawn("p" + p, (sch, self) ->
            {
                if (self.pc() > 0 && 1 == sch.status() && sch.value() == mine && 0 == capacity)
                {
                    selfReceived[0]++;
                }
                if (self.pc() == 1000)
                {
                    return sch.done(0);
                }
                self.pc(self.pc() + 1);
                rig.select.begin();
                rig.select.send(c, mine);
                rig.select.receive(c);
                return rig.select.await(Scheduler.FOREVER);
            });
        }
        // With capacity 1 a coroutine may receive its own buffered value (allowed in Go too); the run
        // must still finish without a deadlock.
        final int r = rig.runChecked();
        if (0 == capacity)
        {
            assertEquals(Scheduler.RUN_IDLE, r);
            assertEquals(0, selfReceived[0]);
        }
        else
        {
            assertTrue(Scheduler.RUN_IDLE == r || Scheduler.RUN_DEADLOCK == r);
        }
    }

    // ---- close semantics (TestChan's close cases) -----------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 4, 16})
    void closeEndsEveryWaiterAndReceiversDrainFirst(final int capacity)
    {
        final Rig rig = new Rig(16, 1);
        final Channel c = rig.channel(capacity);
        for (int i = 0; i < capacity; i++)
        {
            assertEquals(0, c.trySend(i));
        }
        // Blocked senders (the ring is full) and, after the drain, blocked receivers.
        final List<String> log = rig.trace;
        for (int w = 0; w < 3; w++)
        {
            final int me = w;
            rig.spawn("sender" + w, (sch, self) ->
            {
                if (self.pc() == 0)
                {
                    self.pc(1);
                    return c.send(100 + me, Scheduler.FOREVER);
                }
                log.add("sender " + Errno.name(sch.status()));
                return sch.done(0);
            });
        }
        rig.drain();
        assertEquals(3, c.waitingSenders());
        c.close();
        rig.drain();
        assertEquals(List.of("sender EPIPE", "sender EPIPE", "sender EPIPE"), log);
        for (int i = 0; i < capacity; i++)
        {
            assertEquals(0, c.tryReceive());
            assertEquals(i, c.lastReceived());
        }
        for (int k = 0; k < 3; k++)
        {
            assertEquals(Channel.CLOSED, c.tryReceive(), "a drained closed channel stays closed");
        }
        assertEquals(Channel.CLOSED, c.trySend(1));
    }

    // ---- select with a timeout channel (time.After) -----------------------------------------------

    @Test
    void selectOverASensorChannelAndATimerChannelInVirtualTime()
    {
        // The seed's coos::select(sensor_ch, timer_ch): a sensor reports at ticks 3, 5, 30; a timer
        // coroutine ticks every 10. The consumer handles whichever comes first, 6 events in all.
        final Rig rig = new Rig(8, 2);
        final Channel sensor = rig.channel(4);
        final Channel timer = rig.channel(1);
        final long[] readings = {3, 5, 30};
        rig.s.spawnDetached(rig.script("sensor", (sch, self) ->
        {
            final int i = self.pc() / 2;
            if (i == readings.length)
            {
                return sch.done(0);
            }
            self.pc(self.pc() + 1);
            if (self.pc() % 2 == 1)
            {
                return sch.sleep(readings[i] - (i == 0 ? 0 : readings[i - 1]));
            }
            return sensor.send(readings[i] * 100, Scheduler.FOREVER);
        }));
        rig.s.spawnDetached(rig.script("timer", (sch, self) ->
        {
            if (self.pc() == 6)
            {
                return sch.done(0);
            }
            self.pc(self.pc() + 1);
            return self.pc() % 2 == 1 ? sch.sleep(10) : timer.send(sch.now(), Scheduler.NO_WAIT);
        }));
        rig.s.spawnDetached(rig.script("consumer", (sch, self) ->
        {
            if (self.pc() > 0)
            {
                rig.log((sch.status() == 0 ? "sensor " : "timer ") + sch.value() + " @" + sch.now());
                if (self.pc() == 6)
                {
                    return sch.done(0);
                }
            }
            self.pc(self.pc() + 1);
            rig.select.begin();
            rig.select.receive(sensor);
            rig.select.receive(timer);
            return rig.select.await(Scheduler.FOREVER);
        }));
        assertEquals(Scheduler.RUN_IDLE, rig.runChecked());
        // At tick 30 both wake; the sensor's sleep was armed first (tick 5), so equal deadlines wake it first.
        assertEquals(List.of("sensor 300 @3", "sensor 500 @5", "timer 10 @10", "timer 20 @20", "sensor 3000 @30",
            "timer 30 @30"), rig.trace);
    }
}
