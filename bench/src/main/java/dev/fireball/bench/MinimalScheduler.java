package dev.fireball.bench;

/**
 * Baseline for the kernel's {@code Scheduler}: the least a cooperative scheduler must do to run
 * the benchmarks' programs, written by hand. An array of coroutine objects indexed by slot, an int
 * ring as the FIFO ready queue, a stack of free slots, one joiner per slot and a
 * {@link PackedTimerHeap} for sleepers; {@link #step} polls the ring, makes one virtual
 * {@link MinimalCoroutine#resume} call and applies the returned directive.
 * <p>What it leaves out, and the kernel pays for: generation-checked handles (a handle here is the
 * bare slot), slot states and their checks, catching exceptions thrown by a coroutine, checking
 * that {@code resume} returned the directive it issued, statistics, wait kinds for dumps, several
 * joiners, timeouts, cancel, and FIFO order among equal deadlines. The benchmarks never need any of
 * these, so the difference in time is the price of that bookkeeping.
 * <p><b>Invariants</b> (kept by the caller, not checked): a slot is in the ring at most once;
 * {@link #join} targets a live coroutine that nobody else joins; at most {@code capacity}
 * coroutines are live.
 * <p><b>Allocation</b>: none after the constructor.
 */
public final class MinimalScheduler
{
    /** Directives returned by {@link MinimalCoroutine#resume}. */
    public static final int YIELD = 1;
    public static final int SLEEP = 2;
    public static final int JOIN = 3;
    public static final int DONE = 4;

    private static final int NONE = -1;

    private final MinimalCoroutine[] co;
    private final int[] ring;
    private final int mask;
    private int head;
    private int tail;
    private final int[] freeSlots;
    private int freeCount;
    /** The slot waiting for this slot to finish, or NONE. */
    private final int[] joiner;
    /** The value a joiner receives (the joined coroutine's result). */
    private final long[] value;
    private final PackedTimerHeap timers;
    private long nowTick;

    private int current = NONE;
    private long directiveArgument;

    /** Boot only: {@code capacity} coroutine slots. */
    public MinimalScheduler(final int capacity)
    {
        int ringSize = 1;
        while (ringSize < capacity)
        {
            ringSize <<= 1;
        }
        co = new MinimalCoroutine[capacity];
        ring = new int[ringSize];
        mask = ringSize - 1;
        freeSlots = new int[capacity];
        joiner = new int[capacity];
        value = new long[capacity];
        for (int s = 0; s < capacity; s++)
        {
            freeSlots[s] = capacity - 1 - s;
        }
        freeCount = capacity;
        timers = new PackedTimerHeap(capacity);
    }

    /** Starts {@code c} at {@code pc = 0} at the back of the ready ring; @return its slot. */
    public int spawn(final MinimalCoroutine c)
    {
        final int s = freeSlots[--freeCount];
        co[s] = c;
        c.pc = 0;
        joiner[s] = NONE;
        ring[tail++ & mask] = s;
        return s;
    }

    public int yield()
    {
        return YIELD;
    }

    public int sleep(final long ticks)
    {
        directiveArgument = ticks;
        return SLEEP;
    }

    /** Wait until coroutine {@code slot} finishes; on resume, {@link #value()} is its result. */
    public int join(final int slot)
    {
        directiveArgument = slot;
        return JOIN;
    }

    public int done(final long result)
    {
        directiveArgument = result;
        return DONE;
    }

    /** The result of the coroutine the running one last joined. */
    public long value()
    {
        return value[current];
    }

    public long now()
    {
        return nowTick;
    }

    /** The earliest sleeper's deadline, or {@link Long#MAX_VALUE} when none sleeps. */
    public long nextDeadline()
    {
        return timers.isEmpty() ? Long.MAX_VALUE : timers.peekDeadline();
    }

    /** Time moves only when the driver says so (the kernel's VirtualClock.idle). */
    public void idle(final long deadlineTick)
    {
        if (deadlineTick > nowTick)
        {
            nowTick = deadlineTick;
        }
    }

    public int armedTimerCount()
    {
        return timers.size();
    }

    /** Moves due sleepers to the ready ring, then resumes the head of the ring once. */
    public boolean step()
    {
        while (!timers.isEmpty() && timers.peekDeadline() <= nowTick)
        {
            ring[tail++ & mask] = timers.pop();
        }
        if (head == tail)
        {
            return false;
        }
        final int s = ring[head++ & mask];
        current = s;
        final int d = co[s].resume(this);
        current = NONE;
        switch (d)
        {
            case YIELD:
                ring[tail++ & mask] = s;
                break;
            case SLEEP:
                timers.push(nowTick + directiveArgument, s);
                break;
            case JOIN:
                joiner[(int) directiveArgument] = s;
                break;
            default: // DONE: hand the result to the joiner, free the slot
                final int j = joiner[s];
                if (NONE != j)
                {
                    value[j] = directiveArgument;
                    ring[tail++ & mask] = j;
                }
                co[s] = null;
                freeSlots[freeCount++] = s;
                break;
        }
        return true;
    }
}
