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

    /**
     * Message channels with random plain and select waiters on two channels (both directions), random
     * timeouts, and a killer that cancels coroutines while they wait: no message is duplicated or
     * invented, every send that reported success is received (or left in a ring), and the buffer of
     * a waiter canceled while it waited is never written.
     */
    @Property(tries = 300)
    void waitersCanceledWhileTheyWaitNeverLoseDuplicateOrReceive(
        @ForAll @IntRange(min = 0, max = 2) final int capacityLog2,
        @ForAll @IntRange(min = 1, max = 4) final int senders,
        @ForAll @IntRange(min = 1, max = 4) final int receivers,
        @ForAll @IntRange(min = 1, max = 20) final int sendsEach,
        @ForAll final int seed)
    {
        final int capacity = capacityLog2 == 0 ? 0 : 1 << (capacityLog2 - 1);
        final int bytes = 8;
        final Rig rig = new Rig(16, 3);
        final Channel[] chs = {rig.channel(capacity, bytes), rig.channel(capacity, bytes)};
        final Set<Long> attempted = new HashSet<>();
        final Set<Long> confirmed = new HashSet<>();
        final List<Long> received = new ArrayList<>();
        final List<int[]> handles = new ArrayList<>();
        final List<byte[]> canceledBuffers = new ArrayList<>();
        final byte sentinel = (byte) 0xA5;
        for (int w = 0; w < senders; w++)
        {
            final int[] rnd = {seed + 31 * w};
            final long base = (long) (w + 1) << 32;
            final int[] k = {0};
            final byte[] src = new byte[3 * bytes];
            final int[] mode = {0}; // 0 plain on ch0, 1 plain on ch1, 2 select over both
            final int[] h = {0, 0};
            handles.add(h);
            h[0] = rig.spawn("sender" + w, (sch, me) ->
            {
                if (me.pc() == 1)
                {
                    final boolean sent = 2 == mode[0] ? sch.status() >= 0 && 0 == rig.select.outcome() : 0 == sch.status();
                    if (sent)
                    {
                        confirmed.add(base + k[0]);
                    }
                    k[0]++;
                }
                if (k[0] == sendsEach)
                {
                    return sch.done(0);
                }
                final int r = next(rnd);
                me.pc(1);
                final long v = base + k[0];
                attempted.add(v);
                final int off = r % 3 * bytes;
                put(src, off, v);
                mode[0] = r % 3;
                if (2 == mode[0])
                {
                    rig.select.begin();
                    rig.select.send(chs[0], src, off, bytes);
                    rig.select.send(chs[1], src, off, bytes);
                    return rig.select.await(timeout(r / 3));
                }
                return chs[mode[0]].send(src, off, bytes, timeout(r / 3));
            });
        }
        for (int w = 0; w < receivers; w++)
        {
            final int[] rnd = {seed * 7 + w};
            final byte[] dst = new byte[2 * bytes];
            java.util.Arrays.fill(dst, sentinel);
            final int[] mode = {0};
            final int[] at = {0};
            final int[] h = {0, 1};
            handles.add(h);
            canceledBuffers.add(dst);
            h[0] = rig.spawn("receiver" + w, (sch, me) ->
            {
                if (me.pc() == 1)
                {
                    final boolean got = 2 == mode[0] ? sch.status() >= 0 && 0 == rig.select.outcome() : 0 == sch.status();
                    if (got)
                    {
                        assertEquals(bytes, sch.value());
                        received.add(get(dst, at[0]));
                    }
                    for (int i = 0; i < dst.length; i++)
                    {
                        assertEquals(sentinel, got && i >= at[0] && i < at[0] + bytes ? sentinel : dst[i],
                            "only the receiving range is written");
                    }
                    java.util.Arrays.fill(dst, sentinel);
                }
                final int r = next(rnd);
                if (r % 11 == 0)
                {
                    return sch.done(0);
                }
                me.pc(1);
                at[0] = r % 2 * bytes;
                mode[0] = r % 3;
                if (2 == mode[0])
                {
                    rig.select.begin();
                    rig.select.receive(chs[0], dst, at[0]);
                    rig.select.receive(chs[1], dst, at[0]);
                    return rig.select.await(timeout(r / 3));
                }
                return chs[mode[0]].receive(dst, at[0], timeout(r / 3));
            });
        }
        final List<byte[]> victims = new ArrayList<>();
        final int[] krnd = {seed ^ 0x5bd1e995};
        rig.spawn("killer", (sch, me) ->
        {
            if (me.pc() > 40)
            {
                return sch.done(0);
            }
            me.pc(me.pc() + 1);
            final int r = next(krnd);
            final int[] h = handles.get(r % handles.size());
            if (r % 5 == 0 && Scheduler.WAITING == sch.stateOf(h[0]))
            {
                assertEquals(0, sch.cancel(h[0]));
                if (1 == h[1])
                {
                    victims.add(canceledBuffers.get(handles.indexOf(h) - senders));
                }
            }
            return sch.sleep(r % 3);
        });
        final int result = rig.runCheckedUntil(10_000);
        rig.checkInvariants();
        for (final byte[] dst : victims)
        {
            for (final byte b : dst)
            {
                assertEquals(sentinel, b, "a receiver canceled while it waited is never written");
            }
        }
        // Drain what is left in the rings.
        final byte[] tmp = new byte[bytes];
        for (final Channel ch : chs)
        {
            while (ch.tryReceive(tmp, 0) >= 0)
            {
                received.add(get(tmp, 0));
            }
        }
        assertEquals(received.size(), new HashSet<>(received).size(), "nothing duplicated: " + received);
        assertTrue(attempted.containsAll(received), "nothing invented");
        assertTrue(new HashSet<>(received).containsAll(confirmed), "nothing confirmed is lost; result " + result);
    }

    static void put(final byte[] b, final int off, final long v)
    {
        for (int i = 0; i < 8; i++)
        {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    static long get(final byte[] b, final int off)
    {
        long v = 0;
        for (int i = 0; i < 8; i++)
        {
            v |= (b[off + i] & 0xFFL) << (8 * i);
        }
        return v;
    }
}
