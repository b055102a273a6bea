package dev.fireball.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fireball.kernel.support.RecordingConsole;
import dev.fireball.testkit.AllocationMeter;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;

/**
 * After boot, channels, select, event groups, futures and the interrupt bridge allocate nothing:
 * a steady-state mix of all of them (rendezvous and buffered ping-pong, heap messages, select over
 * four channels with timeouts, closes, event waits with clear and timeout, futures resolved by
 * bottom halves and by coroutines' completion, line waits, software interrupts), Go's prime sieve,
 * and an interrupt storm raised from another thread move the kernel thread's allocated-bytes counter
 * by 0. Same method as {@code SchedulerAllocationTest}: warm up with the same objects, then measure
 * with {@code -XX:-DoEscapeAnalysis} and one JIT tier ({@code -XX:TieredStopAtLevel=1}, see
 * kernel/pom.xml: under full tiered compilation HotSpot itself sporadically allocates at tier
 * transitions; the same runs measure 0 bytes under {@code -Xint}, C1 only and C2 only).
 */
class CommunicationAllocationTest
{
    // =============================================================================================
    // The mixed workload
    // =============================================================================================

    /** Everything booted once; {@link #start(int)} respawns the same coroutine objects for a run. */
    static final class Mix
    {
        static final int CLOSABLE = 4096;

        final VirtualClock clock = new VirtualClock();
        final Scheduler s = new Scheduler(32, clock, new RecordingConsole());
        final SoftInterruptLines lines = new SoftInterruptLines(clock);
        final InterruptBridge bridge = new InterruptBridge(s, lines, 8);
        final Select select = new Select(s, 4);
        final FuturePool futures = new FuturePool(s, 8);
        final EventGroup events = new EventGroup(s, 0);
        final ModuleHeap heap = new ModuleHeap(1, 4096);
        final Channel ping = new Channel(select, 0, 0, 0);
        final Channel pong = new Channel(select, 1, 0, 0);
        final Channel buffered = new Channel(select, 2, 16, 0);
        final Channel messages = new Channel(select, 3, 4, 32);
        final Channel[] selected = {new Channel(select, 4, 2, 0), new Channel(select, 5, 0, 0),
            new Channel(select, 6, 2, 0), new Channel(select, 7, 0, 0)};
        final Channel[] closable = new Channel[CLOSABLE];
        int nextClosable;
        int busFuture;
        final int block = heap.alloc(64);
        long operations;

        final Coroutine[] all;

        Mix()
        {
            for (int i = 0; i < CLOSABLE; i++)
            {
                closable[i] = new Channel(select, 100 + i, 1, 0);
            }
            bridge.register(0, line -> events.post(1));            // a sensor's data-ready interrupt
            bridge.register(1, line -> futures.resolve(busFuture, 1)); // a DMA-complete interrupt
            all = new Coroutine[] {new Pinger(), new Ponger(), new Producer(), new Consumer(), new MessageSender(),
                new MessageReceiver(), new Feeder(0, 1), new Feeder(1, 2), new Feeder(2, 3), new Feeder(3, 5),
                new Selector(), new EventWaiter(), new Raiser(), new Requester(), new LineWaiter(), new Closer()};
        }

        int rounds;

        /** Runs until everything is done; the registered bottom halves make the kernel idle, not return. */
        int runAll()
        {
            return s.runUntil(clock.now() + 100_000_000L);
        }

        void start(final int n)
        {
            rounds = n;
            for (final Coroutine c : all)
            {
                s.spawnDetached(c);
            }
        }

        final class Pinger extends Coroutine
        {
            int i;

            @Override
            protected int resume(final Scheduler sch)
            {
                switch (pc)
                {
                    case 0:
                        i = 0;
                        pc = 1;
                        // fall through
                    case 1:
                        if (i == rounds)
                        {
                            return sch.done(0);
                        }
                        pc = 2;
                        return ping.send(i, Scheduler.FOREVER);
                    default:
                        pc = 1;
                        i++;
                        operations++;
                        return pong.receive(Scheduler.FOREVER);
                }
            }
        }

        final class Ponger extends Coroutine
        {
            int i;

            @Override
            protected int resume(final Scheduler sch)
            {
                if (0 == pc)
                {
                    i = 0;
                }
                if (1 == pc)
                {
                    pc = 2;
                    return pong.send(sch.value() + 1, Scheduler.FOREVER);
                }
                if (i++ == rounds)
                {
                    return sch.done(0);
                }
                pc = 1;
                operations++;
                return ping.receive(Scheduler.FOREVER);
            }
        }

        final class Producer extends Coroutine
        {
            int i;

            @Override
            protected int resume(final Scheduler sch)
            {
                if (0 == pc)
                {
                    i = 0;
                    pc = 1;
                }
                if (i == rounds)
                {
                    return sch.done(0);
                }
                operations++;
                return buffered.send(i++, Scheduler.FOREVER);
            }
        }

        final class Consumer extends Coroutine
        {
            int i;
            long sum;

            @Override
            protected int resume(final Scheduler sch)
            {
                if (0 == pc)
                {
                    i = 0;
                    pc = 1;
                }
                else
                {
                    sum += sch.value();
                }
                if (i++ == rounds)
                {
                    return sch.done(sum);
                }
                operations++;
                return buffered.receive(Scheduler.FOREVER);
            }
        }

        final class MessageSender extends Coroutine
        {
            int i;

            @Override
            protected int resume(final Scheduler sch)
            {
                if (0 == pc)
                {
                    i = 0;
                    pc = 1;
                }
                if (i == rounds)
                {
                    return sch.done(0);
                }
                heap.putInt(block, 0, i++);
                operations++;
                return messages.send(heap, block, 0, 4 + (i & 15), Scheduler.FOREVER);
            }
        }

        final class MessageReceiver extends Coroutine
        {
            final byte[] buf = new byte[32];
            int i;

            @Override
            protected int resume(final Scheduler sch)
            {
                if (0 == pc)
                {
                    i = 0;
                    pc = 1;
                }
                if (i++ == rounds)
                {
                    return sch.done(0);
                }
                operations++;
                return messages.receive(buf, 0, Scheduler.FOREVER);
            }
        }

        /** Sends to one selected channel every {@code period} ticks. */
        final class Feeder extends Coroutine
        {
            final int arm;
            final long period;
            int i;

            Feeder(final int arm, final long period)
            {
                this.arm = arm;
                this.period = period;
            }

            @Override
            protected int resume(final Scheduler sch)
            {
                switch (pc)
                {
                    case 0:
                        i = 0;
                        pc = 1;
                        return sch.sleep(period);
                    case 1:
                        if (i++ == rounds / 8)
                        {
                            return sch.done(0);
                        }
                        pc = 2;
                        operations++;
                        return selected[arm].send(i, 4);
                    default:
                        pc = 1;
                        return sch.sleep(period);
                }
            }
        }

        final class Selector extends Coroutine
        {
            int timeouts;

            @Override
            protected int resume(final Scheduler sch)
            {
                if (1 == pc && -Errno.ETIMEDOUT == sch.status())
                {
                    timeouts++;
                }
                if (1 == pc && allFeedersDone())
                {
                    return sch.done(timeouts);
                }
                pc = 1;
                operations++;
                select.begin();
                for (final Channel ch : selected)
                {
                    select.receive(ch);
                }
                return select.await(3);
            }
        }

        boolean allFeedersDone()
        {
            for (int k = 6; k < 10; k++)
            {
                if (all[k].isSpawned())
                {
                    return false;
                }
            }
            return true;
        }

        /** Waits for the sensor flag, with CLEAR and a timeout. */
        final class EventWaiter extends Coroutine
        {
            @Override
            protected int resume(final Scheduler sch)
            {
                if (1 == pc && !all[12].isSpawned())
                {
                    return sch.done(0);
                }
                pc = 1;
                operations++;
                return events.await(1, EventGroup.ANY | EventGroup.CLEAR, 7);
            }
        }

        /** Raises the sensor (line 0) and line-wait (line 2) interrupts in software, every 2 ticks. */
        final class Raiser extends Coroutine
        {
            int i;

            @Override
            protected int resume(final Scheduler sch)
            {
                if (0 == pc)
                {
                    i = 0;
                    pc = 1;
                }
                if (i++ == rounds / 4)
                {
                    return sch.done(0);
                }
                bridge.raise((i & 1) == 0 ? 1 : 1 << 2);
                operations++;
                return sch.sleep(2);
            }
        }

        /** Starts a bus transfer: a future resolved by the DMA bottom half, and a worker observed as one. */
        final class Requester extends Coroutine
        {
            final Worker worker = new Worker();
            int i;

            @Override
            protected int resume(final Scheduler sch)
            {
                switch (pc)
                {
                    case 0:
                        i = 0;
                        pc = 1;
                        // fall through
                    case 1:
                        if (i++ == rounds / 4)
                        {
                            return sch.done(0);
                        }
                        busFuture = futures.create();
                        bridge.raise(1 << 1);
                        pc = 2;
                        operations++;
                        return futures.await(busFuture, 10);
                    case 2:
                        futures.release(busFuture);
                        busFuture = futures.ofCoroutine(sch.spawnDetached(worker));
                        pc = 3;
                        operations++;
                        return futures.await(busFuture, Scheduler.FOREVER);
                    default:
                        futures.release(busFuture);
                        pc = 1;
                        return sch.yield();
                }
            }
        }

        final class Worker extends Coroutine
        {
            @Override
            protected int resume(final Scheduler sch)
            {
                if (0 == pc)
                {
                    pc = 1;
                    return sch.sleep(1);
                }
                return sch.done(42);
            }
        }

        /** Waits on line 2 with a timeout. */
        final class LineWaiter extends Coroutine
        {
            @Override
            protected int resume(final Scheduler sch)
            {
                if (1 == pc && !all[12].isSpawned())
                {
                    return sch.done(0);
                }
                pc = 1;
                operations++;
                return bridge.await(2, 5);
            }
        }

        /** Waits on a fresh channel that the closer closes: receive ends with CLOSED. */
        final class Closer extends Coroutine
        {
            final Coroutine victim = new Coroutine()
            {
                @Override
                protected int resume(final Scheduler sch)
                {
                    if (0 == pc)
                    {
                        pc = 1;
                        return closable[nextClosable].receive(Scheduler.FOREVER);
                    }
                    return sch.done(sch.status());
                }
            };
            int i;

            @Override
            protected int resume(final Scheduler sch)
            {
                switch (pc)
                {
                    case 0:
                        i = 0;
                        pc = 1;
                        // fall through
                    case 1:
                        if (i++ == rounds / 64)
                        {
                            return sch.done(0);
                        }
                        sch.spawnDetached(victim);
                        pc = 2;
                        return sch.yield();
                    default:
                        closable[nextClosable++].close();
                        operations++;
                        pc = 1;
                        return sch.sleep(1);
                }
            }
        }
    }

    @Test
    void channelsSelectEventsFuturesAndTheBridgeAllocateNothingAfterBoot()
    {
        AllocationMeter.requireAllocationFlags();
        final Mix mix = new Mix();
        mix.start(20_000);
        assertEquals(Scheduler.RUN_TIME_LIMIT, mix.runAll());
        assertEquals(0, mix.s.liveCount());

        final long opsBefore = mix.operations;
        final long switchesBefore = mix.s.contextSwitchCount();
        final long before = AllocationMeter.allocatedBytes();
        mix.start(100_000);
        final int result = mix.runAll();
        final long allocated = AllocationMeter.allocatedBytes() - before;

        assertEquals(Scheduler.RUN_TIME_LIMIT, result, "the bridge's bottom halves keep it a wake source");
        final long ops = mix.operations - opsBefore;
        assertTrue(ops >= 500_000, "operations=" + ops);
        assertTrue(mix.s.contextSwitchCount() - switchesBefore > 100_000);
        assertTrue(mix.select.selectBlockedCount() > 0 && mix.bridge.serviceCount() > 0);
        assertEquals(0, mix.s.liveCount());
        System.out.println("CommunicationAllocationTest mix: " + ops + " operations, "
            + (mix.s.contextSwitchCount() - switchesBefore) + " context switches, allocated " + allocated + " bytes");
        assertEquals(0, allocated, "bytes allocated by " + ops + " communication operations");
    }

    // =============================================================================================
    // Go's sieve, booted: filters and channels preallocated
    // =============================================================================================

    static final class Sieve
    {
        final Scheduler s = new Scheduler(128, new VirtualClock(), new RecordingConsole());
        final Select select = new Select(s, 1);
        /** One chain of 101 rendezvous channels per run (a closed channel is not reused): warm-ups, then one measured. */
        static final int RUNS = 12;
        final Channel[][] chains = new Channel[RUNS][101];
        final Filter[] filters = new Filter[100];
        final Generator generator = new Generator();
        final long[] primes = new long[100];

        Sieve()
        {
            for (int set = 0; set < RUNS; set++)
            {
                for (int i = 0; i <= 100; i++)
                {
                    chains[set][i] = new Channel(select, set * 101 + i, 0, 0);
                }
            }
            for (int i = 0; i < 100; i++)
            {
                filters[i] = new Filter();
            }
        }

        final class Generator extends Coroutine
        {
            Channel out;
            long i;

            @Override
            protected int resume(final Scheduler sch)
            {
                if (0 == pc)
                {
                    i = 2;
                }
                else if (Channel.CLOSED == sch.status())
                {
                    return sch.done(0);
                }
                else
                {
                    i++;
                }
                pc = 1;
                return out.send(i, Scheduler.FOREVER);
            }
        }

        final class Filter extends Coroutine
        {
            Channel in;
            Channel out;
            long prime;

            @Override
            protected int resume(final Scheduler sch)
            {
                while (true)
                {
                    switch (pc)
                    {
                        case 0:
                            pc = 1;
                            return in.receive(Scheduler.FOREVER);
                        case 1:
                            if (Channel.CLOSED == sch.status())
                            {
                                out.close();
                                return sch.done(0);
                            }
                            if (0 == sch.value() % prime)
                            {
                                pc = 0;
                                continue;
                            }
                            pc = 0;
                            return out.send(sch.value(), Scheduler.FOREVER);
                        default:
                            return sch.fail(-1);
                    }
                }
            }
        }

        final class Main extends Coroutine
        {
            int set;
            int n;

            @Override
            protected int resume(final Scheduler sch)
            {
                if (0 == pc)
                {
                    n = 0;
                }
                else
                {
                    primes[n] = sch.value();
                    final Filter f = filters[n];
                    f.in = chains[set][n];
                    f.out = chains[set][n + 1];
                    f.prime = sch.value();
                    sch.spawnDetached(f);
                    n++;
                    if (100 == n)
                    {
                        chains[set][0].close();
                        chains[set][100].close();
                        return sch.done(primes[99]);
                    }
                }
                pc = 1;
                return chains[set][n].receive(Scheduler.FOREVER);
            }
        }

        final Main main = new Main();

        long run(final int set)
        {
            generator.out = chains[set][0];
            s.spawnDetached(generator);
            main.set = set;
            final int h = s.spawn(main);
            assertEquals(Scheduler.RUN_IDLE, s.run());
            final long last = s.valueOf(h);
            s.release(h);
            return last;
        }
    }

    @Test
    void goPrimeSieveAllocatesNothingAfterBoot()
    {
        AllocationMeter.requireAllocationFlags();
        final Sieve sieve = new Sieve();
        for (int warmUp = 0; warmUp < Sieve.RUNS - 1; warmUp++)
        {
            assertEquals(541, sieve.run(warmUp)); // until C2 has compiled the whole path
        }
        final long switchesBefore = sieve.s.contextSwitchCount();
        final long before = AllocationMeter.allocatedBytes();
        final long last = sieve.run(Sieve.RUNS - 1);
        final long allocated = AllocationMeter.allocatedBytes() - before;
        assertEquals(541, last);
        assertEquals(0, sieve.s.liveCount());
        System.out.println("CommunicationAllocationTest sieve: 100 primes, "
            + (sieve.s.contextSwitchCount() - switchesBefore) + " context switches, allocated " + allocated + " bytes");
        assertEquals(0, allocated, "bytes allocated by the prime sieve");
    }

    @Test
    void interruptStormFromAnotherThreadAllocatesNothingOnTheKernelThread() throws InterruptedException
    {
        AllocationMeter.requireAllocationFlags();
        final VirtualClock clock = new VirtualClock();
        final Scheduler s = new Scheduler(8, clock, new RecordingConsole());
        final SoftInterruptLines lines = new SoftInterruptLines(clock);
        final InterruptBridge bridge = new InterruptBridge(s, lines, 2);
        final EventGroup events = new EventGroup(s, 0);
        final AtomicLongArray produced = new AtomicLongArray(2);
        final long[] taken = new long[2];
        final long[] consumed = new long[2];
        final long[] target = new long[1];
        bridge.register(0, line ->
        {
            taken[0] += produced.getAndSet(0, 0);
            events.post(1);
        });
        final Coroutine viaEvents = new Coroutine("events")
        {
            @Override
            protected int resume(final Scheduler sch)
            {
                consumed[0] += taken[0];
                taken[0] = 0;
                return consumed[0] == target[0] ? sch.done(0)
                    : events.await(1, EventGroup.ANY | EventGroup.CLEAR, Scheduler.FOREVER);
            }
        };
        final Coroutine viaLine = new Coroutine("line")
        {
            @Override
            protected int resume(final Scheduler sch)
            {
                consumed[1] += produced.getAndSet(1, 0);
                return consumed[1] == target[0] ? sch.done(0) : bridge.await(1, Scheduler.FOREVER);
            }
        };
        long allocated = -1;
        for (int pass = 0; pass < 3; pass++)
        {
            final int raises = 400_000; // passes 0 and 1 warm up, pass 2 is measured
            target[0] += raises / 2;
            final Thread irq = new Thread(() ->
            {
                for (int i = 0; i < raises; i++)
                {
                    produced.incrementAndGet(i & 1);
                    lines.raise(1 << (i & 1));
                    if ((i & 63) == 0)
                    {
                        Thread.yield();
                    }
                }
            });
            s.spawnDetached(viaEvents);
            s.spawnDetached(viaLine);
            irq.start(); // starting a thread allocates; the raiser then runs on its own thread
            final long before = AllocationMeter.allocatedBytes();
            while (viaEvents.isSpawned() || viaLine.isSpawned())
            {
                // the run loop with the bridge a wake source; stop when both consumers are done
                if (!s.step())
                {
                    if (bridge.hasPending())
                    {
                        continue;
                    }
                    clock.idle(Clock.NO_DEADLINE);
                }
            }
            allocated = AllocationMeter.allocatedBytes() - before;
            irq.join();
        }
        assertEquals(600_000, consumed[0]);
        assertEquals(600_000, consumed[1]);
        System.out.println("CommunicationAllocationTest storm: 400000 raises measured, " + bridge.serviceCount()
            + " services in three passes, kernel thread allocated " + allocated + " bytes");
        assertEquals(0, allocated, "bytes allocated by the kernel thread during an interrupt storm");
    }
}
