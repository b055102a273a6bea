package dev.fireball.hal;

import dev.fireball.kernel.Scheduler;
import dev.fireball.kernel.WaitQueue;

/**
 * Per-open state of streaming devices: MAX_STREAMS slots, each a receive ring and two wait queues
 * (coroutines waiting to read, coroutines waiting to write), lent to one open fd of a
 * {@link Driver#STREAM} or {@link Driver#STREAM_RX_RING} device for as long as it is open. A private
 * ring per open is what lets two readers of one UART each see every byte, and a slow reader overrun
 * only itself (the NuttX CAN bugs of per-device RX state, anchors §4, are what this avoids). A queue
 * per direction lets a lower half wake only the coroutines its event concerns: received bytes wake
 * readers, TX room wakes writers (with a single queue, every TX-room signal of a UART also woke its
 * read-only monitor, for nothing).
 * <pre>
 *   storage  | ring 0 (ringBytes) | ring 1 | ... | ring MAX_STREAMS-1 |
 *   per slot: head[] tail[] (free-running byte counters) overruns[] fdSlot[] (-1 = free)
 *             readers[] writers[] (wait queues)
 * </pre>
 * <p><b>Invariants</b>
 * <ul>
 * <li>{@code 0 <= tail - head <= ringBytes} (wrap-safe int counters); ringBytes is a power of two.</li>
 * <li>A free slot has {@code fdSlot == -1} and no waiter in either queue.</li>
 * <li>{@code readers[i]} holds only coroutines waiting for data to read, {@code writers[i]} only
 *     coroutines waiting for room to write (the HAL pends on one or the other by direction).</li>
 * <li>Bytes that do not fit are dropped, never overwrite unread ones: {@code overruns} counts them
 *     (saturating at {@code Integer.MAX_VALUE}).</li>
 * </ul>
 * <p><b>Context</b>: kernel only. <b>Allocation</b>: none after the constructor; the wait queues are
 * created here, at boot, with kinds {@link Scheduler#WAIT_FD_READ} and {@link Scheduler#WAIT_FD_WRITE}
 * and the slot as object id, so a scheduler dump says {@code fd-read #3} or {@code fd-write #3}.
 */
public final class StreamTable
{
    /** {@link #acquire} result when every slot is lent. */
    public static final int NO_STREAM = -1;
    private static final int FREE = -1;

    private final int capacity;
    private final int ringBytes;
    private final int mask;
    private final int shift;
    private final byte[] storage;
    private final int[] head;
    private final int[] tail;
    private final int[] overruns;
    private final int[] fdSlot;
    private final WaitQueue[] readers;
    private final WaitQueue[] writers;

    /**
     * Boot only.
     *
     * @param maxStreams slots, 0..127
     * @param ringBytes  receive ring size per slot, a power of two in 2..65536
     */
    public StreamTable(final Scheduler scheduler, final int maxStreams, final int ringBytes)
    {
        if (maxStreams < 0 || maxStreams > 127)
        {
            throw new IllegalArgumentException("maxStreams must be 0..127: maxStreams=" + maxStreams);
        }
        if (ringBytes < 2 || ringBytes > 65536 || 0 != (ringBytes & (ringBytes - 1)))
        {
            throw new IllegalArgumentException("ringBytes must be a power of 2 in 2..65536: ringBytes=" + ringBytes);
        }
        capacity = maxStreams;
        this.ringBytes = ringBytes;
        mask = ringBytes - 1;
        int bits = 0;
        while ((1 << bits) < ringBytes)
        {
            bits++;
        }
        shift = bits;
        storage = new byte[maxStreams * ringBytes];
        head = new int[maxStreams];
        tail = new int[maxStreams];
        overruns = new int[maxStreams];
        fdSlot = new int[maxStreams];
        readers = new WaitQueue[maxStreams];
        writers = new WaitQueue[maxStreams];
        for (int i = 0; i < maxStreams; i++)
        {
            fdSlot[i] = FREE;
            readers[i] = scheduler.newWaitQueue(Scheduler.WAIT_FD_READ, i);
            writers[i] = scheduler.newWaitQueue(Scheduler.WAIT_FD_WRITE, i);
        }
    }

    /** @return a free slot, now lent to {@code slot} of the fd table, or {@link #NO_STREAM} */
    public int acquire(final int slot)
    {
        for (int i = 0; i < capacity; i++)
        {
            if (FREE == fdSlot[i])
            {
                fdSlot[i] = slot;
                head[i] = 0;
                tail[i] = 0;
                overruns[i] = 0;
                return i;
            }
        }
        return NO_STREAM;
    }

    /** Names both queues of slot {@code i} by {@code fd}, the fd it now serves, so dumps show the caller's fd. */
    public void label(final int i, final int fd)
    {
        readers[i].relabel(fd);
        writers[i].relabel(fd);
    }

    /** Returns slot {@code i}; the waiters of both its queues must have been woken. */
    public void release(final int i)
    {
        fdSlot[i] = FREE;
    }

    /**
     * Copies as much of {@code src[off, off+len)} as fits into ring {@code i}; the rest is counted
     * as overruns.
     *
     * @return bytes stored
     */
    public int put(final int i, final byte[] src, final int off, final int len)
    {
        final int t = tail[i];
        final int free = ringBytes - (t - head[i]);
        final int n = len < free ? len : free;
        if (n > 0)
        {
            final int at = t & mask;
            final int first = n < ringBytes - at ? n : ringBytes - at;
            final int ringBase = i << shift;
            System.arraycopy(src, off, storage, ringBase + at, first);
            if (n > first)
            {
                System.arraycopy(src, off + first, storage, ringBase, n - first);
            }
            tail[i] = t + n;
        }
        if (n < len)
        {
            final int lost = overruns[i] + (len - n);
            overruns[i] = lost < 0 ? Integer.MAX_VALUE : lost;
        }
        return n;
    }

    /** @return bytes moved from ring {@code i} into {@code dst[off, off+len)}, 0 if it is empty */
    public int take(final int i, final byte[] dst, final int off, final int len)
    {
        final int h = head[i];
        final int available = tail[i] - h;
        final int n = len < available ? len : available;
        if (n > 0)
        {
            final int at = h & mask;
            final int first = n < ringBytes - at ? n : ringBytes - at;
            final int ringBase = i << shift;
            System.arraycopy(storage, ringBase + at, dst, off, first);
            if (n > first)
            {
                System.arraycopy(storage, ringBase, dst, off + first, n - first);
            }
            head[i] = h + n;
        }
        return n;
    }

    public int available(final int i)
    {
        return tail[i] - head[i];
    }

    public int overruns(final int i)
    {
        return overruns[i];
    }

    /** Coroutines waiting for data to read on slot {@code i}. */
    public WaitQueue readers(final int i)
    {
        return readers[i];
    }

    /** Coroutines waiting for room to write on slot {@code i}. */
    public WaitQueue writers(final int i)
    {
        return writers[i];
    }

    /** The fd-table slot slot {@code i} is lent to, or -1 when free. */
    public int fdSlotOf(final int i)
    {
        return fdSlot[i];
    }

    public int capacity()
    {
        return capacity;
    }

    public int ringBytes()
    {
        return ringBytes;
    }

    /** Slots lent out (O(capacity)). */
    public int inUse()
    {
        int n = 0;
        for (int i = 0; i < capacity; i++)
        {
            if (FREE != fdSlot[i])
            {
                n++;
            }
        }
        return n;
    }

    /**
     * Verifies the invariants; for tests.
     *
     * @throws IllegalStateException naming the first broken one
     */
    public void checkInvariants()
    {
        for (int i = 0; i < capacity; i++)
        {
            final int used = tail[i] - head[i];
            if (used < 0 || used > ringBytes)
            {
                throw new IllegalStateException("stream " + i + " ring holds " + used + " bytes of " + ringBytes);
            }
            if (FREE == fdSlot[i])
            {
                requireNoWaiter(i, readers[i], "read");
                requireNoWaiter(i, writers[i], "write");
            }
            if (overruns[i] < 0)
            {
                throw new IllegalStateException("stream " + i + " overruns negative: " + overruns[i]);
            }
        }
    }

    private static void requireNoWaiter(final int i, final WaitQueue q, final String direction)
    {
        if (!q.isEmpty())
        {
            throw new IllegalStateException("free stream " + i + " still has " + q.size() + " " + direction
                + " waiter(s)");
        }
    }
}
