package dev.fireball.kernel;

/**
 * Fixed-capacity timer queue: a 4-ary min-heap of timers ordered by (deadline, arm sequence), so
 * equal deadlines fire in the order they were armed (FIFO).
 * <p>A timer id is a small int chosen by the owner ({@code 0 <= id < capacity}); the scheduler uses
 * a coroutine's slot as its id, so every coroutine has at most one armed timeout and arming it
 * again re-arms it. {@link #arm}, {@link #disarm} and {@link #popDue} are O(log n); {@link #peek}
 * and {@link #peekDeadline} are O(1).
 * <p><b>Layout</b> (docs/performance.md, "TimerQueue by heap position"): the keys are stored by
 * heap position, not by id, so a comparison reads {@code deadline[i]} directly instead of going
 * {@code heap[i] -> deadline[id]}, and the four children of a node sit side by side. Each entry's
 * {@code tag} packs its arm sequence above its id ({@code seq << idBits | id}): comparing tags
 * compares sequences (two entries never share one), and the id comes out with a mask, so the heap
 * needs no id table and no sequence table of its own. 20 bytes per timer ({@code long} deadline,
 * {@code long} tag, {@code int} pos), where the id-ordered layout took 24.
 * <p><b>Invariants</b>
 * <ul>
 * <li>{@code deadline[0..size)}, {@code tag[0..size)} hold the armed timers, by heap position;
 *     {@code pos[idOf(tag[i])] == i} for {@code i < size}; {@code pos[id] == NOT_ARMED} for every id
 *     not in the heap.</li>
 * <li>heap order: for every {@code 0 < i < size}, {@code key((i-1)/ARITY) < key(i)}, key =
 *     (deadline, tag) compared lexicographically as signed longs.</li>
 * <li>{@code tag = seq << idBits | id} with {@code 0 <= tag}: {@code idBits} bits hold every id below
 *     the capacity; {@code nextTag} is the next arm's {@code seq << idBits}, larger than every tag in
 *     the heap. When it overflows (after {@code 2^(63-idBits)} arms, at least 2^32) the armed
 *     timers are renumbered {@code 0..size-1} in firing order ({@link #renumber}, O(n log n) once),
 *     which keeps their order.</li>
 * </ul>
 * <p><b>Context</b>: kernel only. <b>Allocation</b>: none after the constructor.
 */
public final class TimerQueue
{
    /** {@link #positionOf} for an id that is not armed, and {@link #peek} of an empty queue. */
    public static final int NOT_ARMED = -1;

    /**
     * Children per node: {@code 1 << ARITY_BITS}. Four halves the depth of a binary heap, and a
     * node's children share one or two cache lines of {@code deadline}; measured against two in
     * docs/performance.md. The children of {@code i} are {@code ARITY*i+1 .. ARITY*i+ARITY}.
     */
    static final int ARITY_BITS = 2;
    static final int ARITY = 1 << ARITY_BITS;

    private final long[] deadline;
    private final long[] tag;
    private final int[] pos;
    /** The low {@code idBits} bits of a tag: the id. {@code idMask + 1} is one step of the sequence. */
    private final int idMask;
    /** The next arm's {@code seq << idBits}; negative once the sequence is used up (see {@link #renumber}). */
    private long nextTag;
    private int size;

    /** Boot only. */
    public TimerQueue(final int capacity)
    {
        if (capacity < 1)
        {
            throw new IllegalArgumentException("timer capacity must be >= 1: capacity=" + capacity);
        }
        deadline = new long[capacity];
        tag = new long[capacity];
        pos = new int[capacity];
        for (int i = 0; i < capacity; i++)
        {
            pos[i] = NOT_ARMED;
        }
        // Bits to hold ids 0..capacity-1: 0 for one timer, up to 31.
        idMask = 1 == capacity ? 0 : (int) ((1L << (Bits.fls(capacity - 1) + 1)) - 1);
    }

    public int capacity()
    {
        return pos.length;
    }

    public int size()
    {
        return size;
    }

    public boolean isArmed(final int id)
    {
        return NOT_ARMED != pos[checkId(id)];
    }

    /** The heap index of {@code id}, or {@link #NOT_ARMED} (tests check the heap shape with it). */
    public int positionOf(final int id)
    {
        return pos[checkId(id)];
    }

    /** @return the deadline {@code id} is armed for, or {@link Clock#NO_DEADLINE} when it is not armed */
    public long deadlineOf(final int id)
    {
        final int i = pos[checkId(id)];
        return NOT_ARMED == i ? Clock.NO_DEADLINE : deadline[i];
    }

    /** @return the earliest deadline, or {@link Clock#NO_DEADLINE} when nothing is armed */
    public long peekDeadline()
    {
        return 0 == size ? Clock.NO_DEADLINE : deadline[0];
    }

    /** @return the id that fires next, or {@link #NOT_ARMED} when empty */
    public int peek()
    {
        return 0 == size ? NOT_ARMED : idOf(tag[0]);
    }

    /**
     * Arms (or re-arms) timer {@code id} for {@code deadlineTick}. A re-armed timer goes behind every
     * timer already armed for the same deadline.
     */
    public void arm(final int id, final long deadlineTick)
    {
        checkId(id);
        long t = nextTag;
        if (t < 0)
        {
            renumber(); // moves entries: read pos[id] after it
            t = nextTag;
        }
        nextTag = t + idMask + 1;
        t |= id;
        final int i = pos[id];
        if (NOT_ARMED == i)
        {
            siftUp(size++, deadlineTick, t);
        }
        else if (deadlineTick < deadline[i])
        {
            // Re-armed in place: an earlier key can only move up...
            siftUp(i, deadlineTick, t);
        }
        else
        {
            // ...and a later one (a same deadline is later too: its tag is the largest) only down.
            siftDown(i, deadlineTick, t);
        }
    }

    /** @return true if {@code id} was armed and is now removed; false if it was not armed */
    public boolean disarm(final int id)
    {
        final int i = pos[checkId(id)];
        if (NOT_ARMED == i)
        {
            return false;
        }
        pos[id] = NOT_ARMED;
        final int last = --size;
        if (i != last)
        {
            // The last entry fills the hole; it may belong above it or below it, never both.
            final long d = deadline[last];
            final long t = tag[last];
            if (i > 0 && less(d, t, parentOf(i)))
            {
                siftUp(i, d, t);
            }
            else
            {
                siftDown(i, d, t);
            }
        }
        return true;
    }

    /** Removes and returns the earliest timer if its deadline is {@code <= nowTick}, else {@link #NOT_ARMED}. */
    public int popDue(final long nowTick)
    {
        if (0 == size || deadline[0] > nowTick)
        {
            return NOT_ARMED;
        }
        final int id = idOf(tag[0]);
        pos[id] = NOT_ARMED;
        final int last = --size;
        if (last > 0)
        {
            siftDown(0, deadline[last], tag[last]);
        }
        return id;
    }

    /**
     * Tests only: moves the arm sequence forward, if it is not that far yet, so that {@code armsLeft}
     * more arms use it up and the one after renumbers (a real queue needs at least 2^32 arms).
     */
    void skipSequence(final long armsLeft)
    {
        if (armsLeft < 1)
        {
            throw new IllegalArgumentException("armsLeft must be >= 1: armsLeft=" + armsLeft);
        }
        final int idBits = idBits();
        // The last sequence number whose tag stays >= 0; nextTag goes negative one step after it.
        final long seq = (Long.MAX_VALUE >>> idBits) - armsLeft + 1;
        if (nextTag >= 0 && seq > nextTag >>> idBits)
        {
            nextTag = seq << idBits;
        }
    }

    private int idBits()
    {
        return Bits.fls(idMask) + 1;
    }

    private static int parentOf(final int i)
    {
        return (i - 1) >>> ARITY_BITS;
    }

    private static int firstChildOf(final int i)
    {
        return (i << ARITY_BITS) + 1;
    }

    private int idOf(final long t)
    {
        return (int) t & idMask;
    }

    private int checkId(final int id)
    {
        if (id < 0 || id >= pos.length)
        {
            throw new IllegalArgumentException("timer id out of range 0.." + (pos.length - 1) + ": id=" + id);
        }
        return id;
    }

    /** (d, t) sorts before the entry at heap index {@code j}. */
    private boolean less(final long d, final long t, final int j)
    {
        final long dj = deadline[j];
        return d < dj || (d == dj && t < tag[j]);
    }

    /** The child of {@code i} with the smallest key; {@code i} has at least one child. */
    private int smallestChild(final int i, final int n)
    {
        final int first = firstChildOf(i);
        final int end = first + ARITY < n ? first + ARITY : n;
        int m = first;
        long md = deadline[first];
        for (int c = first + 1; c < end; c++)
        {
            final long dc = deadline[c];
            // The tags are read only on a tie of deadlines.
            if (dc < md || (dc == md && tag[c] < tag[m]))
            {
                m = c;
                md = dc;
            }
        }
        return m;
    }

    /** Puts (d, t) into the hole at {@code i}, moving it up past every larger parent. */
    private void siftUp(int i, final long d, final long t)
    {
        while (i > 0)
        {
            final int parent = parentOf(i);
            if (!less(d, t, parent))
            {
                break;
            }
            move(parent, i);
            i = parent;
        }
        put(i, d, t);
    }

    /** Puts (d, t) into the hole at {@code i}, moving it down past every smaller child. */
    private void siftDown(int i, final long d, final long t)
    {
        final int n = size;
        while (firstChildOf(i) < n)
        {
            final int c = smallestChild(i, n);
            if (less(d, t, c))
            {
                break;
            }
            move(c, i);
            i = c;
        }
        put(i, d, t);
    }

    private void move(final int from, final int to)
    {
        final long t = tag[from];
        deadline[to] = deadline[from];
        tag[to] = t;
        pos[idOf(t)] = to;
    }

    private void put(final int i, final long d, final long t)
    {
        deadline[i] = d;
        tag[i] = t;
        pos[idOf(t)] = i;
    }

    /**
     * The sequence is used up: give the armed timers the sequence numbers {@code 0..size-1} in firing
     * order, which keeps every order between them. Heap-sorts in place (each pop's root to the end of
     * the shrinking heap, leaving the array in descending order), reverses, and renumbers: an array
     * sorted ascending is a heap. O(n log n), once per 2^(63-idBits) arms; allocates nothing.
     */
    private void renumber()
    {
        final int n = size;
        for (int end = n - 1; end > 0; end--)
        {
            final long d = deadline[end];
            final long t = tag[end];
            deadline[end] = deadline[0];
            tag[end] = tag[0];
            size = end;
            siftDown(0, d, t);
        }
        for (int i = 0, j = n - 1; i < j; i++, j--)
        {
            final long d = deadline[i];
            final long t = tag[i];
            deadline[i] = deadline[j];
            tag[i] = tag[j];
            deadline[j] = d;
            tag[j] = t;
        }
        final int idBits = idBits();
        for (int i = 0; i < n; i++)
        {
            put(i, deadline[i], (long) i << idBits | idOf(tag[i]));
        }
        size = n;
        nextTag = (long) n << idBits;
    }
}
