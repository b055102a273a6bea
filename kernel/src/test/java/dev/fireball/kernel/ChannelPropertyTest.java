package dev.fireball.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fireball.kernel.support.Rig;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Channels against models: the try-operations behave exactly like a bounded FIFO queue, and random
 * senders, receivers and selectors with random timeouts, sleeps and a final close neither lose,
 * duplicate nor invent a value, nor (seen by one receiver) reorder one sender's values.
 */
class ChannelPropertyTest
{
    @Property(tries = 300)
    void tryOperationsBehaveLikeABoundedQueue(
        @ForAll @IntRange(min = 0, max = 4) final int capacityLog2,
        @ForAll @Size(max = 300) final List<@IntRange(min = 0, max = 1000) Integer> ops)
    {
        final int capacity = capacityLog2 == 0 ? 0 : 1 << (capacityLog2 - 1);
        final Rig rig = new Rig(4, 1);
        final Channel ch = rig.channel(capacity);
        final ArrayDeque<Long> model = new ArrayDeque<>();
        boolean closed = false;
        for (final int op : ops)
        {
            if (op % 97 == 0)
            {
                assertEquals(closed ? -Errno.EALREADY : 0, ch.close());
                closed = true;
            }
            else if (op % 2 == 0)
            {
                final int expected = closed ? Channel.CLOSED : model.size() < capacity ? 0 : -Errno.EAGAIN;
                assertEquals(expected, ch.trySend(op));
                if (0 == expected)
                {
                    model.add((long) op);
                }
            }
            else
            {
                final int expected = !model.isEmpty() ? 0 : closed ? Channel.CLOSED : -Errno.EAGAIN;
                assertEquals(expected, ch.tryReceive());
                if (0 == expected)
                {
                    assertEquals(model.poll(), ch.lastReceived());
                }
            }
            assertEquals(model.size(), ch.size());
            rig.checkInvariants();
        }
    }

    /** A tiny deterministic generator per coroutine (no allocation, no shared state). */
    static int next(final int[] seed)
    {
        seed[0] = seed[0] * 1103515245 + 12345;
        return (seed[0] >>> 16) & 0x7FFF;
    }

    static long timeout(final int r)
    {
        switch (r % 4)
        {
            case 0: return Scheduler.FOREVER;
            case 1: return Scheduler.NO_WAIT;
            default: return r % 7;
        }
    }

    @Property(tries = 200)
    void randomSendersReceiversAndSelectorsNeitherLoseNorDuplicateNorReorder(
        @ForAll @IntRange(min = 0, max = 3) final int capacityLog2,
        @ForAll @IntRange(min = 1, max = 4) final int senders,
        @ForAll @IntRange(min = 1, max = 4) final int receivers,
        @ForAll @IntRange(min = 1, max = 30) final int sendsEach,
        @ForAll final int seed)
    {
        final int capacity = capacityLog2 == 0 ? 0 : 1 << capacityLog2;
        final Rig rig = new Rig(16, 2);
        final Channel ch = rig.channel(capacity);
        final Channel unread = rig.channel(0);    // the senders' second arm: nobody receives there
        final Channel unwritten = rig.channel(0); // the receivers' second arm: nobody sends there
        final List<Set<Long>> delivered = new ArrayList<>();
        final int[] senderHandles = new int[senders];
        for (int w = 0; w < senders; w++)
        {
            final Set<Long> ok = new HashSet<>();
            delivered.add(ok);
            final int[] rnd = {seed + 31 * w};
            final long base = (long) w << 32;
            final int[] k = {0};
            final boolean[] viaSelect = {false};
            senderHandles[w] = rig.spawn("sender" + w, (sch, me) ->
            {
                if (me.pc() == 1)
                {
                    // The send of value k returned.
                    final boolean sent = viaSelect[0] ? 1 == sch.status() && 0 == rig.select.outcome()
                        : 0 == sch.status();
                    if (sent)
                    {
                        ok.add(base + k[0]);
                    }
                    k[0]++;
                }
                if (k[0] == sendsEach)
                {
                    return sch.done(0);
                }
                final int r = next(rnd);
                if (me.pc() == 1 && r % 3 == 0)
                {
                    me.pc(2);
                    return sch.sleep(r % 4);
                }
                me.pc(1);
                viaSelect[0] = r % 5 == 0;
                if (viaSelect[0])
                {
                    rig.select.begin();
                    rig.select.send(unread, -1);
                    rig.select.send(ch, base + k[0]);
                    return rig.select.await(timeout(r / 5));
                }
                return ch.send(base + k[0], timeout(r));
            });
        }
        rig.spawn("closer", (sch, me) ->
        {
            if (me.pc() < senders)
            {
                me.pc(me.pc() + 1);
                return sch.join(senderHandles[me.pc() - 1]);
            }
            ch.close();
            return sch.done(0);
        });
        final List<Long> received = new ArrayList<>();
        for (int w = 0; w < receivers; w++)
        {
            final int[] rnd = {seed * 7 + w};
            rig.spawn("receiver" + w, (sch, me) ->
            {
                if (me.pc() == 1)
                {
                    final boolean viaSelect = 0 != (rnd[0] & 0x10000);
                    final int st = sch.status();
                    if (viaSelect ? st >= 0 && 0 == rig.select.outcome() : 0 == st)
                    {
                        received.add(sch.value());
                    }
                    else if (Channel.CLOSED == st || (viaSelect && st >= 0))
                    {
                        return sch.done(0);
                    }
                }
                final int r = next(rnd);
                if (r % 4 == 0 && me.pc() != 2)
                {
                    me.pc(2);
                    return sch.sleep(r % 3);
                }
                me.pc(1);
                if (0 != (rnd[0] & 0x10000))
                {
                    rig.select.begin();
                    rig.select.receive(unwritten);
                    rig.select.receive(ch);
                    return rig.select.await(timeout(r));
                }
                return ch.receive(timeout(r));
            });
        }
        assertEquals(Scheduler.RUN_IDLE, rig.runChecked());
        final Set<Long> all = new HashSet<>();
        delivered.forEach(all::addAll);
        assertEquals(all.size(), received.size(), "nothing lost, nothing duplicated");
        assertEquals(all, new HashSet<>(received), "nothing invented");
        if (receivers > 1)
        {
            return; // several receivers log in resume order, not in the order they took the values
        }
        final long[] last = new long[senders];
        java.util.Arrays.fill(last, -1);
        for (final long v : received)
        {
            final int w = (int) (v >>> 32);
            assertTrue((v & 0xFFFFFFFFL) > last[w], "sender " + w + "'s values arrive in order: " + received);
            last[w] = v & 0xFFFFFFFFL;
        }
    }
}
