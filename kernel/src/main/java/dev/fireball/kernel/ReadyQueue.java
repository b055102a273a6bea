package dev.fireball.kernel;

/**
 * FIFO of runnable coroutine slots: an int ring with a power-of-two capacity, giving round-robin.
 * <p><b>Invariants</b>
 * <ul>
 * <li>{@code 0 <= tail - head <= capacity}; {@code head} counts every poll so far (64 bits never wrap
 *     in practice), which is the scheduler's context-switch count.</li>
 * <li>A slot is in the ring at most once: the scheduler pushes a slot only on its transition into
 *     READY, so a capacity of at least MAX_COROUTINES can never overflow.</li>
 * </ul>
 * <p><b>Context</b>: kernel only. <b>Allocation</b>: none after the constructor.
 */
public final class ReadyQueue
{
    /** {@link #poll()} result when the queue is empty. */
    public static final int EMPTY = -1;

    private final int[] ring;
    private final int mask;
    private long head;
    private long tail;

    /** Boot only: capacity is rounded up to a power of two. */
    public ReadyQueue(final int minCapacity)
    {
        if (minCapacity < 1 || minCapacity > (1 << 30))
        {
            throw new IllegalArgumentException("ready queue capacity out of range: capacity=" + minCapacity);
        }
        int capacity = 1;
        while (capacity < minCapacity)
        {
            capacity <<= 1;
        }
        ring = new int[capacity];
        mask = capacity - 1;
    }

    public int capacity()
    {
        return ring.length;
    }

    public int size()
    {
        return (int) (tail - head);
    }

    public boolean isEmpty()
    {
        return tail == head;
    }

    /** Appends {@code slot}; overflow is a kernel bug (see the invariants), so it fails loudly. */
    public void push(final int slot)
    {
        if (tail - head == ring.length)
        {
            throw new IllegalStateException("ready queue overflow: capacity=" + ring.length + ", slot=" + slot);
        }
        ring[(int) tail & mask] = slot;
        tail++;
    }

    /** @return the oldest slot, or {@link #EMPTY} */
    public int poll()
    {
        if (tail == head)
        {
            return EMPTY;
        }
        final int slot = ring[(int) head & mask];
        head++;
        return slot;
    }

    /** Polls that returned a slot since boot: each was one resume, so this is the context-switch count. */
    public long pollCount()
    {
        return head;
    }

    /** The slot at {@code index} from the head (0 = next to run); for dumps and tests. */
    public int get(final int index)
    {
        return ring[(int) (head + index) & mask];
    }

    /**
     * Removes {@code slot}, keeping the order of the others. O(size): used only by cancel, which
     * is rare; the hot paths never call it.
     *
     * @return true if the slot was queued
     */
    public boolean remove(final int slot)
    {
        final int n = (int) (tail - head);
        for (int i = 0; i < n; i++)
        {
            if (ring[(int) (head + i) & mask] == slot)
            {
                for (int j = i; j < n - 1; j++)
                {
                    ring[(int) (head + j) & mask] = ring[(int) (head + j + 1) & mask];
                }
                tail--;
                return true;
            }
        }
        return false;
    }
}
