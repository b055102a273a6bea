package dev.fireball.kernel;

/**
 * Futures (the Echo design's Future): a pool, sized at boot, of one-shot result slots addressed by
 * generation-tagged handles. A future is created PENDING, completed once (resolved with a value,
 * rejected with a code, or canceled) and awaited, with a timeout, by any number of coroutines;
 * its result stays readable until it is released. A coroutine's completion can be observed as a
 * future ({@link #ofCoroutine}): it resolves with the coroutine's {@code done} value, is rejected
 * with its {@code fail} code (or 0 for an exception) or is canceled with it.
 *
 * <h2>Life cycle of a pool slot</h2>
 * <pre>
 *         create / ofCoroutine                resolve / reject / cancel / coroutine finishes
 *  FREE ───────────────────────▶ PENDING ──────────────────────────────────────────────▶ RESOLVED,
 *   ▲                               │                                                    REJECTED,
 *   └────────── release ◀───────────┴────────────────── release ◀─────────────────────── CANCELED
 * </pre>
 * Releasing a PENDING future wakes its waiters with CANCELED first. The handle's generation changes
 * at every release, so a stale handle gives {@code -Errno.ESRCH}, never another future's result.
 *
 * <h2>Ownership</h2>
 * A future belongs to the module whose coroutine created it ({@link Modules#KERNEL} when made at
 * boot or in a bottom half). When a module stops (a fault, a restart, {@link Modules#stop}), the
 * pool, as a {@link ModuleStopListener}, releases every future the module still holds: waiters in
 * other modules wake with CANCELED and the handles turn stale. So a module that faults while
 * holding futures cannot drain the shared pool for the others, however often it restarts.
 * {@link Kernel#futures} registers the pool; a pool made with the constructor must be registered
 * with {@link Modules#addStopListener} by its maker.
 *
 * <h2>Results</h2>
 * The outcome codes are the scheduler's join outcomes, so a joined coroutine and an awaited future
 * read alike: {@link #RESOLVED} ({@code = Scheduler.COMPLETED}), {@link #REJECTED}
 * ({@code = FAILED}), {@link #CANCELED}. After {@link #await} resumes, {@link Scheduler#status()}
 * is one of them ({@link Scheduler#value()} is the value or the code), or {@code -Errno.ETIMEDOUT},
 * or {@code -Errno.ESRCH} for a stale handle.
 *
 * <p><b>Invariants</b>
 * <ul>
 * <li>state FREE ⇔ the index is on the free stack; waiters only while PENDING.</li>
 * <li>{@code boundHandle[i] != 0} ⇒ state PENDING and {@code futureOfSlot[slotOf(boundHandle[i])] == i}.</li>
 * </ul>
 * <p><b>Context</b>: kernel context, including bottom halves (resolve, reject, cancel, create);
 * {@link #await} from a running coroutine. <b>Allocation</b>: none after the constructor.
 */
public final class FuturePool implements CompletionListener, ModuleStopListener
{
    public static final int RESOLVED = Scheduler.COMPLETED;
    public static final int REJECTED = Scheduler.FAILED;
    public static final int CANCELED = Scheduler.CANCELED;
    /** {@link #stateOf} of a future not yet completed. */
    public static final int PENDING = 3;
    private static final int FREE = 4;
    private static final int UNBOUND = -1;

    private final Scheduler scheduler;
    private final int capacity;
    private final int indexBits;
    private final int indexMask;
    private final int maxGeneration;
    private final int[] state;
    private final int[] generation;
    private final long[] value;
    private final WaitQueue[] waiters;
    /** Handle of the coroutine a future observes, or 0. */
    private final int[] boundHandle;
    /** The module whose coroutine created each future (Modules.KERNEL outside a coroutine). */
    private final int[] owner;
    /** For each scheduler slot, the future observing its coroutine, or UNBOUND. */
    private final int[] futureOfSlot;
    private final int[] freeStack;
    private int freeCount;

    private long created;
    private long exhausted;
    private long reclaimed;

    /**
     * Boot only: creates the pool and registers it as the scheduler's completion listener.
     *
     * @param capacity futures (the board's MAX_FUTURES), 1..65536
     */
    public FuturePool(final Scheduler scheduler, final int capacity)
    {
        if (null == scheduler)
        {
            throw new IllegalArgumentException("scheduler is required");
        }
        if (capacity < 1 || capacity > 65536)
        {
            throw new IllegalArgumentException("future pool capacity must be 1..65536: capacity=" + capacity);
        }
        this.scheduler = scheduler;
        this.capacity = capacity;
        int bits = 1;
        while ((1 << bits) < capacity)
        {
            bits++;
        }
        indexBits = bits;
        indexMask = (1 << bits) - 1;
        maxGeneration = (1 << (31 - bits)) - 1;
        state = new int[capacity];
        generation = new int[capacity];
        value = new long[capacity];
        waiters = new WaitQueue[capacity];
        boundHandle = new int[capacity];
        owner = new int[capacity];
        freeStack = new int[capacity];
        for (int i = 0; i < capacity; i++)
        {
            state[i] = FREE;
            generation[i] = 1;
            waiters[i] = scheduler.newWaitQueue(Scheduler.WAIT_FUTURE, 0);
            freeStack[i] = capacity - 1 - i;
        }
        freeCount = capacity;
        futureOfSlot = new int[scheduler.capacity()];
        for (int s = 0; s < futureOfSlot.length; s++)
        {
            futureOfSlot[s] = UNBOUND;
        }
        scheduler.setCompletionListener(this);
    }

    public int capacity()
    {
        return capacity;
    }

    /** Futures in use (not FREE). */
    public int liveCount()
    {
        return capacity - freeCount;
    }

    public long createdCount()
    {
        return created;
    }

    /** Creations refused because the pool was full. */
    public long exhaustedCount()
    {
        return exhausted;
    }

    /** Futures released because their owner module stopped (see the class comment). */
    public long reclaimedCount()
    {
        return reclaimed;
    }

    /**
     * A new PENDING future, owned by the running coroutine's module (see the class comment).
     *
     * @return its handle ({@code > 0}), or {@code -Errno.EAGAIN} if the pool is full
     */
    public int create()
    {
        if (0 == freeCount)
        {
            exhausted++;
            return -Errno.EAGAIN;
        }
        final int i = freeStack[--freeCount];
        state[i] = PENDING;
        value[i] = 0;
        boundHandle[i] = 0;
        owner[i] = scheduler.currentModule();
        created++;
        final int h = handleOf(i);
        waiters[i].objectId = h;
        return h;
    }

    /**
     * A future that completes when coroutine {@code handle} finishes (at once if it already has:
     * a DONE coroutine's outcome is copied, its slot is left to its joiner). At most one future
     * observes a coroutine. Canceling the future cancels the coroutine.
     *
     * @return the future's handle; {@code -Errno.ESRCH} for a stale coroutine handle;
     *         {@code -Errno.EBUSY} if a future already observes it; {@code -Errno.EAGAIN} if the pool is full
     */
    public int ofCoroutine(final int handle)
    {
        final int slot = scheduler.slotOf(handle);
        if (slot < 0)
        {
            return slot;
        }
        final int bound = futureOfSlot[slot];
        if (UNBOUND != bound && boundHandle[bound] == handle)
        {
            return -Errno.EBUSY;
        }
        final int f = create();
        if (f < 0)
        {
            return f;
        }
        final int i = f & indexMask;
        if (Scheduler.DONE == scheduler.stateOf(handle))
        {
            complete(i, scheduler.outcomeOf(handle), scheduler.valueOf(handle));
        }
        else
        {
            boundHandle[i] = handle;
            futureOfSlot[slot] = i;
        }
        return f;
    }

    /**
     * Resolve with {@code v}, waking every waiter.
     *
     * @return 0; {@code -Errno.EALREADY} if already resolved or rejected; {@code -Errno.ECANCELED}
     *         if canceled; {@code -Errno.EPERM} if it observes a coroutine (only the coroutine
     *         completes it); {@code -Errno.ESRCH} for a stale handle
     */
    public int resolve(final int future, final long v)
    {
        return settle(future, RESOLVED, v);
    }

    /** Reject with {@code code} (any value the awaiter understands); results as {@link #resolve}. */
    public int reject(final int future, final long code)
    {
        return settle(future, REJECTED, code);
    }

    /**
     * Cancel: waiters complete with {@link #CANCELED}; a later resolve or reject returns
     * {@code -Errno.ECANCELED}. A future observing a coroutine cancels the coroutine.
     *
     * @return 0; {@code -Errno.EALREADY} if already completed; {@code -Errno.ESRCH}
     */
    public int cancel(final int future)
    {
        final int i = indexOf(future);
        if (i < 0)
        {
            return i;
        }
        if (PENDING != state[i])
        {
            return -Errno.EALREADY;
        }
        final int h = boundHandle[i];
        if (0 != h)
        {
            // The coroutine's cancel reaches onCompleted, which completes this future as CANCELED.
            scheduler.cancel(h);
            if (PENDING != state[i])
            {
                return 0;
            }
            unbind(i);
        }
        complete(i, CANCELED, 0);
        return 0;
    }

    /**
     * Directive: wait until {@code future} is completed, at most {@code timeoutTicks}; completes at
     * once if it already is (or the handle is stale). See the class comment for the results.
     */
    public int await(final int future, final long timeoutTicks)
    {
        Select.checkTimeout(timeoutTicks);
        final int i = indexOf(future);
        if (i < 0)
        {
            return scheduler.proceed(i, 0);
        }
        if (PENDING != state[i])
        {
            return scheduler.proceed(state[i], value[i]);
        }
        if (Scheduler.NO_WAIT == timeoutTicks)
        {
            return scheduler.proceed(-Errno.ETIMEDOUT, 0);
        }
        return scheduler.pend(waiters[i], timeoutTicks);
    }

    /** @return PENDING, RESOLVED, REJECTED or CANCELED; {@code -Errno.ESRCH} for a stale handle */
    public int stateOf(final int future)
    {
        final int i = indexOf(future);
        return i < 0 ? i : state[i];
    }

    /** The value (resolved) or code (rejected) of a completed future; 0 otherwise. */
    public long valueOf(final int future)
    {
        final int i = indexOf(future);
        return i < 0 || PENDING == state[i] ? 0 : value[i];
    }

    /** Coroutines waiting on {@code future}; 0 for a stale handle. */
    public int waiterCount(final int future)
    {
        final int i = indexOf(future);
        return i < 0 ? 0 : waiters[i].size();
    }

    /**
     * Return the future to the pool. A PENDING one wakes its waiters with {@link #CANCELED} and
     * stops observing its coroutine (which keeps running).
     *
     * @return 0 or {@code -Errno.ESRCH}
     */
    public int release(final int future)
    {
        final int i = indexOf(future);
        if (i < 0)
        {
            return i;
        }
        releaseAt(i);
        return 0;
    }

    /** Module {@code moduleId} stopped: release every future it created (see the class comment). */
    @Override
    public void moduleStopped(final int moduleId)
    {
        for (int i = 0; i < capacity; i++)
        {
            if (FREE != state[i] && owner[i] == moduleId)
            {
                releaseAt(i);
                reclaimed++;
            }
        }
    }

    /** The module that created {@code future}; {@code -Errno.ESRCH} for a stale handle. */
    public int ownerOf(final int future)
    {
        final int i = indexOf(future);
        return i < 0 ? i : owner[i];
    }

    private void releaseAt(final int i)
    {
        if (PENDING == state[i])
        {
            unbind(i);
            complete(i, CANCELED, 0);
        }
        state[i] = FREE;
        final int g = generation[i] + 1;
        generation[i] = g > maxGeneration ? 1 : g;
        freeStack[freeCount++] = i;
    }

    /** The scheduler's completion listener: completes the future observing {@code handle}, if any. */
    @Override
    public void onCompleted(final int handle, final int outcome, final long v)
    {
        final int slot = scheduler.slotOf(handle);
        if (slot < 0)
        {
            return;
        }
        final int i = futureOfSlot[slot];
        if (UNBOUND == i || boundHandle[i] != handle)
        {
            return;
        }
        unbind(i);
        complete(i, outcome, v);
    }

    private int settle(final int future, final int outcome, final long v)
    {
        final int i = indexOf(future);
        if (i < 0)
        {
            return i;
        }
        if (PENDING != state[i])
        {
            return CANCELED == state[i] ? -Errno.ECANCELED : -Errno.EALREADY;
        }
        if (0 != boundHandle[i])
        {
            return -Errno.EPERM;
        }
        complete(i, outcome, v);
        return 0;
    }

    private void complete(final int i, final int outcome, final long v)
    {
        state[i] = outcome;
        value[i] = v;
        scheduler.wakeAll(waiters[i], outcome, v);
    }

    private void unbind(final int i)
    {
        final int h = boundHandle[i];
        if (0 != h)
        {
            boundHandle[i] = 0;
            final int slot = scheduler.slotOf(h);
            if (slot >= 0 && futureOfSlot[slot] == i)
            {
                futureOfSlot[slot] = UNBOUND;
            }
        }
    }

    private int handleOf(final int i)
    {
        return (generation[i] << indexBits) | i;
    }

    private int indexOf(final int future)
    {
        if (future <= 0)
        {
            return -Errno.ESRCH;
        }
        final int i = future & indexMask;
        if (i >= capacity || generation[i] != (future >>> indexBits) || FREE == state[i])
        {
            return -Errno.ESRCH;
        }
        return i;
    }
}
