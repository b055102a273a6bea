package dev.fireball.kernel;

/**
 * FIFO of coroutines blocked on one kernel object (Zephyr's {@code _wait_q_t}): an intrusive,
 * doubly linked int list threaded through the scheduler's per-slot {@code next}/{@code prev}
 * arrays, so a coroutine waits on at most one queue and leaves it in O(1) on timeout or cancel.
 * <p>Objects block coroutines only through {@link Scheduler#pend} and wake them only through
 * {@link Scheduler#wakeFirst}/{@link Scheduler#wakeAll}; they never write coroutine state.
 * <p><b>Invariants</b>
 * <ul>
 * <li>{@code head == NONE} iff {@code tail == NONE} iff {@code size == 0}.</li>
 * <li>A slot is linked here iff it is WAITING, not parked, and the scheduler's
 *     {@code waitQueue[slot] == this}.</li>
 * </ul>
 * <p><b>Context</b>: kernel only. <b>Allocation</b>: none; created at boot by
 * {@link Scheduler#newWaitQueue}.
 */
public final class WaitQueue
{
    static final int NONE = -1;

    /**
     * What the waiters wait for (one of {@code Scheduler.WAIT_*}); printed in dumps. Fixed for an
     * object's own queue; a coroutine's private queue (see {@link Select}) is retargeted before
     * each wait, while it is empty.
     */
    int kind;
    /** The id of the object within its kind (channel number, target handle...); printed in dumps. */
    int objectId;
    int head = NONE;
    int tail = NONE;
    int size;

    WaitQueue(final int kind, final int objectId)
    {
        this.kind = kind;
        this.objectId = objectId;
    }

    public int size()
    {
        return size;
    }

    public boolean isEmpty()
    {
        return 0 == size;
    }

    /** The first waiter's slot, or -1. */
    public int first()
    {
        return head;
    }

    public int kind()
    {
        return kind;
    }

    public int objectId()
    {
        return objectId;
    }

    /**
     * Names the object anew for dumps ({@code objectId}), for objects whose queues are made at boot
     * and lent out later (a HAL stream's queues, named by the fd they serve at each open).
     *
     * @throws IllegalStateException if coroutines wait here: their dump line would change under them
     */
    public void relabel(final int newObjectId)
    {
        if (0 != size)
        {
            throw new IllegalStateException("relabel of a wait queue with " + size + " waiter(s) (" + objectId + " -> "
                + newObjectId + "): relabel only a queue lent out anew, before anyone waits on it");
        }
        objectId = newObjectId;
    }

    /** Set what the next waiter waits for; only while the queue is empty. */
    void retarget(final int newKind, final int newObjectId)
    {
        kind = newKind;
        objectId = newObjectId;
    }

    void append(final int slot, final int[] next, final int[] prev)
    {
        next[slot] = NONE;
        prev[slot] = tail;
        if (NONE == tail)
        {
            head = slot;
        }
        else
        {
            next[tail] = slot;
        }
        tail = slot;
        size++;
    }

    void unlink(final int slot, final int[] next, final int[] prev)
    {
        final int n = next[slot];
        final int p = prev[slot];
        if (NONE == p)
        {
            head = n;
        }
        else
        {
            next[p] = n;
        }
        if (NONE == n)
        {
            tail = p;
        }
        else
        {
            prev[n] = p;
        }
        // next[slot]/prev[slot] are left as they were: append sets both before they are read again.
        size--;
    }
}
