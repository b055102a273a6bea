package dev.fireball.kernel;

/**
 * An event group: 32 flags that coroutines wait on (FreeRTOS event groups, Zephyr {@code k_event}).
 * {@link #post} ORs flags in, {@link #set} replaces them all, {@link #clear} clears some; each of
 * them wakes, in FIFO order, every waiter whose condition now holds. A waiter asks for
 * {@link #ANY} or {@link #ALL} of a mask and may add {@link #CLEAR}: the flags it matched are then
 * cleared when it is satisfied.
 *
 * <h2>Clearing when several are woken</h2>
 * As in FreeRTOS: one {@link #post}/{@link #set} first decides every waiter against the same
 * flags, then clears the union of the matched flags of the waiters that asked for {@link #CLEAR}.
 * So two waiters on the same flag are both woken by one post, even if the first clears it.
 *
 * <h2>Results</h2>
 * After {@link #await} resumes, {@link Scheduler#status()} is 0 or {@code -Errno.ETIMEDOUT}. On 0,
 * {@link Scheduler#value()} holds the waited-for flags that were set when it was satisfied
 * ({@code flags & mask}, as an unsigned 32-bit value); after a timeout read {@link #flags()}.
 *
 * <p><b>Invariants</b>: a waiter's condition does not hold while it waits (it would have been
 * woken by the call that made it hold); its mask and options sit in the scheduler's wait value
 * ({@code options << 32 | mask}).
 * <p><b>Context</b>: {@link #post}, {@link #set}, {@link #clear}, {@link #poll}: kernel context,
 * including bottom halves. {@link #await}: a running coroutine. <b>Allocation</b>: none after the
 * constructor.
 */
public final class EventGroup
{
    /** Satisfied when any flag of the mask is set. */
    public static final int ANY = 0;
    /** Satisfied when every flag of the mask is set. */
    public static final int ALL = 1;
    /** Option: clear the matched flags when satisfied. */
    public static final int CLEAR = 2;

    private final Scheduler scheduler;
    private final WaitQueue waiters;
    private final int id;
    private int flags;
    private long posts;
    private long wakeUps;

    /** Boot only. @param id shown in dumps ({@code event #id}) */
    public EventGroup(final Scheduler scheduler, final int id)
    {
        if (null == scheduler)
        {
            throw new IllegalArgumentException("scheduler is required");
        }
        this.scheduler = scheduler;
        this.id = id;
        waiters = scheduler.newWaitQueue(Scheduler.WAIT_EVENT, id);
    }

    public int id()
    {
        return id;
    }

    /** The flags now. */
    public int flags()
    {
        return flags;
    }

    public int waiterCount()
    {
        return waiters.size();
    }

    /** Calls of post/set/clear. */
    public long postCount()
    {
        return posts;
    }

    /** Waiters satisfied by post/set/clear (not counting waits satisfied at once). */
    public long wakeUpCount()
    {
        return wakeUps;
    }

    /**
     * OR {@code bits} into the flags and wake the waiters now satisfied.
     *
     * @return the flags after the call (after clearing)
     */
    public int post(final int bits)
    {
        return update(flags | bits);
    }

    /** Replace all flags by {@code bits} and wake the waiters now satisfied. @return the flags after */
    public int set(final int bits)
    {
        return update(bits);
    }

    /** Clear the flags of {@code bits}. @return the flags after */
    public int clear(final int bits)
    {
        // Clearing cannot satisfy ANY/ALL waits: no waiter needs a look.
        posts++;
        flags &= ~bits;
        return flags;
    }

    /**
     * Test the flags without waiting; with {@link #CLEAR}, clears the matched flags if satisfied.
     *
     * @return the matched flags ({@code flags & mask}) if satisfied, else 0
     * @throws IllegalArgumentException for a zero mask or unknown options
     */
    public int poll(final int mask, final int options)
    {
        checkWait(mask, options);
        final int matched = flags & mask;
        if (!satisfied(matched, mask, options))
        {
            return 0;
        }
        if (0 != (options & CLEAR))
        {
            flags &= ~matched;
        }
        return matched;
    }

    /**
     * Directive: wait until {@link #ANY}/{@link #ALL} of {@code mask} is set, at most
     * {@code timeoutTicks}; completes at once if it already holds. See the class comment.
     *
     * @param options {@link #ANY} or {@link #ALL}, optionally {@code | CLEAR}
     * @throws IllegalArgumentException for a zero mask, unknown options or a timeout below FOREVER
     */
    public int await(final int mask, final int options, final long timeoutTicks)
    {
        checkWait(mask, options);
        Select.checkTimeout(timeoutTicks); // here, not only in pend: a bad timeout is refused even if the flags are set
        // Before poll: a refused await (say, from a bottom half) must not clear the flags it matched.
        scheduler.requireDirective("EventGroup.await()");
        final int matched = poll(mask, options);
        if (0 != matched)
        {
            return scheduler.proceed(0, matched & 0xFFFFFFFFL);
        }
        if (Scheduler.NO_WAIT == timeoutTicks)
        {
            return scheduler.proceed(-Errno.ETIMEDOUT, 0);
        }
        scheduler.setWaitValue(((long) options << 32) | (mask & 0xFFFFFFFFL));
        return scheduler.pend(waiters, timeoutTicks);
    }

    private int update(final int newFlags)
    {
        posts++;
        flags = newFlags;
        int toClear = 0;
        final Scheduler s = scheduler;
        int w = waiters.first();
        while (-1 != w)
        {
            final int next = s.nextWaiter(w);
            final long wait = s.waitValueOf(w);
            final int mask = (int) wait;
            final int options = (int) (wait >>> 32);
            final int matched = newFlags & mask;
            if (satisfied(matched, mask, options))
            {
                if (0 != (options & CLEAR))
                {
                    toClear |= matched;
                }
                wakeUps++;
                s.wakeWaiter(waiters, w, 0, matched & 0xFFFFFFFFL);
            }
            w = next;
        }
        flags &= ~toClear;
        return flags;
    }

    private static boolean satisfied(final int matched, final int mask, final int options)
    {
        return 0 == (options & ALL) ? 0 != matched : matched == mask;
    }

    private void checkWait(final int mask, final int options)
    {
        if (0 == mask || 0 != (options & ~(ALL | CLEAR)))
        {
            throw new IllegalArgumentException(
                "event group #" + id + ": mask must be non-zero and options ANY|ALL[|CLEAR]: mask=0x"
                + Integer.toHexString(mask) + ", options=" + options);
        }
    }
}
