package dev.fireball.bench;

/**
 * Baseline for the kernel's {@code TimerQueue}: a plain binary min-heap of {@code long} keys,
 * {@code deadlineTick << ID_BITS | id}, in one {@code long[]}. One array access per comparison and
 * no index of where each id sits, so it can only push and pop the minimum: no disarm, no re-arm,
 * and equal deadlines leave in id order rather than arming order. The kernel's queue pays for those
 * (a position table, a sequence number per timer, two-field comparisons).
 * <p>Chosen over {@code java.util.PriorityQueue} of preallocated entries (which also allocates
 * nothing per operation once sized) because it is the cheapest correct heap to write by hand, so the
 * kernel's ratio to it is the least flattering; {@link SchedulerTimerBenchmark} times the
 * PriorityQueue beside both for reference.
 * <p><b>Invariants</b>: {@code keys[0..size)} is a heap ({@code keys[(i-1)/2] <= keys[i]});
 * {@code 0 <= id < 2^ID_BITS}; {@code 0 <= deadlineTick < 2^(63-ID_BITS)}.
 * <p><b>Allocation</b>: none after the constructor.
 */
public final class PackedTimerHeap
{
    /** Bits of the key that hold the id: up to 65,536 timers. */
    public static final int ID_BITS = 16;
    private static final long ID_MASK = (1L << ID_BITS) - 1;

    private final long[] keys;
    private int size;

    /** Boot only; {@code capacity} at most {@code 2^ID_BITS}. */
    public PackedTimerHeap(final int capacity)
    {
        if (capacity < 1 || capacity > (1 << ID_BITS))
        {
            throw new IllegalArgumentException("capacity must be 1.." + (1 << ID_BITS) + ": capacity=" + capacity);
        }
        keys = new long[capacity];
    }

    public int size()
    {
        return size;
    }

    public boolean isEmpty()
    {
        return 0 == size;
    }

    /** The earliest deadline; only when not empty. */
    public long peekDeadline()
    {
        return keys[0] >>> ID_BITS;
    }

    /** Adds timer {@code id}; the caller keeps each id in the heap at most once. */
    public void push(final long deadlineTick, final int id)
    {
        final long key = deadlineTick << ID_BITS | id;
        int i = size++;
        while (i > 0)
        {
            final int parent = (i - 1) >>> 1;
            final long p = keys[parent];
            if (p <= key)
            {
                break;
            }
            keys[i] = p;
            i = parent;
        }
        keys[i] = key;
    }

    /** Removes the earliest timer; only when not empty. @return its id */
    public int pop()
    {
        final long top = keys[0];
        final long key = keys[--size];
        final int n = size;
        int i = 0;
        while (true)
        {
            int child = 2 * i + 1;
            if (child >= n)
            {
                break;
            }
            if (child + 1 < n && keys[child + 1] < keys[child])
            {
                child++;
            }
            final long c = keys[child];
            if (key <= c)
            {
                break;
            }
            keys[i] = c;
            i = child;
        }
        if (n > 0)
        {
            keys[i] = key;
        }
        return (int) (top & ID_MASK);
    }
}
