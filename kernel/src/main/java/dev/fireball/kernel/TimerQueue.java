package dev.fireball.kernel;

/**
 * Fixed-capacity timer queue: a binary min-heap of timer ids ordered by (deadline, arm sequence),
 * so equal deadlines fire in the order they were armed (FIFO).
 * <p>A timer id is a small int chosen by the owner ({@code 0 <= id < capacity}); the scheduler uses
 * a coroutine's slot as its id, so every coroutine has at most one armed timeout and arming it
 * again re-arms it. {@link #arm}, {@link #disarm} and {@link #pop} are O(log n); {@link #peekDeadline}
 * is O(1).
 * <p><b>Invariants</b>
 * <ul>
 * <li>{@code heap[0..size)} holds the armed ids; {@code pos[heap[i]] == i}; {@code pos[id] == NOT_ARMED}
 *     for every id not in the heap.</li>
 * <li>for every {@code i > 0}: {@code key(heap[(i-1)/2]) <= key(heap[i])}, key = (deadline, seq).</li>
 * <li>{@code seq} is a 64-bit counter and never wraps in practice (2^63 arms).</li>
 * </ul>
 * <p><b>Context</b>: kernel only. <b>Allocation</b>: none after the constructor.
 */
public final class TimerQueue
{
    /** {@link #positionOf} for an id that is not armed. */
    public static final int NOT_ARMED = -1;

    private final int[] heap;
    private final int[] pos;
    private final long[] deadline;
    private final long[] seq;
    private long nextSeq;
    private int size;

    /** Boot only. */
    public TimerQueue(final int capacity)
    {
        if (capacity < 1)
        {
            throw new IllegalArgumentException("timer capacity must be >= 1: capacity=" + capacity);
        }
        heap = new int[capacity];
        pos = new int[capacity];
        deadline = new long[capacity];
        seq = new long[capacity];
        for (int i = 0; i < capacity; i++)
        {
            pos[i] = NOT_ARMED;
        }
    }

    public int capacity()
    {
        return heap.length;
    }

    public int size()
    {
        return size;
    }

    public boolean isArmed(final int id)
    {
        return NOT_ARMED != pos[id];
    }

    /** The heap index of {@code id}, or {@link #NOT_ARMED} (tests check the heap shape with it). */
    public int positionOf(final int id)
    {
        return pos[id];
    }

    public long deadlineOf(final int id)
    {
        return deadline[id];
    }

    /** @return the earliest deadline, or {@link Clock#NO_DEADLINE} when nothing is armed */
    public long peekDeadline()
    {
        return 0 == size ? Clock.NO_DEADLINE : deadline[heap[0]];
    }

    /** @return the id that fires next, or {@link #NOT_ARMED} when empty */
    public int peek()
    {
        return 0 == size ? NOT_ARMED : heap[0];
    }

    /**
     * Arms (or re-arms) timer {@code id} for {@code deadlineTick}. A re-armed timer goes behind every
     * timer already armed for the same deadline.
     */
    public void arm(final int id, final long deadlineTick)
    {
        if (NOT_ARMED != pos[id])
        {
            removeAt(pos[id]);
        }
        deadline[id] = deadlineTick;
        seq[id] = nextSeq++;
        final int i = size++;
        heap[i] = id;
        pos[id] = i;
        siftUp(i);
    }

    /** @return true if {@code id} was armed and is now removed; false if it was not armed */
    public boolean disarm(final int id)
    {
        final int i = pos[id];
        if (NOT_ARMED == i)
        {
            return false;
        }
        removeAt(i);
        return true;
    }

    /** Removes and returns the earliest timer if its deadline is {@code <= nowTick}, else {@link #NOT_ARMED}. */
    public int popDue(final long nowTick)
    {
        if (0 == size || deadline[heap[0]] > nowTick)
        {
            return NOT_ARMED;
        }
        final int id = heap[0];
        removeAt(0);
        return id;
    }

    private void removeAt(final int i)
    {
        final int id = heap[i];
        pos[id] = NOT_ARMED;
        final int last = --size;
        if (i != last)
        {
            final int moved = heap[last];
            heap[i] = moved;
            pos[moved] = i;
            // The moved entry may belong above or below i: try both (only one moves it).
            siftDown(i);
            siftUp(pos[moved]);
        }
    }

    private boolean less(final int a, final int b)
    {
        final long da = deadline[a];
        final long db = deadline[b];
        return da < db || (da == db && seq[a] < seq[b]);
    }

    private void siftUp(int i)
    {
        final int id = heap[i];
        while (i > 0)
        {
            final int parent = (i - 1) >>> 1;
            final int p = heap[parent];
            if (!less(id, p))
            {
                break;
            }
            heap[i] = p;
            pos[p] = i;
            i = parent;
        }
        heap[i] = id;
        pos[id] = i;
    }

    private void siftDown(int i)
    {
        final int id = heap[i];
        final int n = size;
        while (true)
        {
            int child = 2 * i + 1;
            if (child >= n)
            {
                break;
            }
            if (child + 1 < n && less(heap[child + 1], heap[child]))
            {
                child++;
            }
            final int c = heap[child];
            if (!less(c, id))
            {
                break;
            }
            heap[i] = c;
            pos[c] = i;
            i = child;
        }
        heap[i] = id;
        pos[id] = i;
    }
}
