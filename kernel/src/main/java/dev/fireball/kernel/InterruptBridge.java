package dev.fireball.kernel;

/**
 * The interrupt bridge (the HAL design's ISR safety section): turns bits of the port's pending
 * word ({@link InterruptLines}) into kernel-context work. An interrupt only ORs its line's bit; at
 * the top of every {@link Scheduler#step} (every context switch) and before the run loop idles, the
 * scheduler calls {@link #service}, which takes and clears the word and delivers each line that was
 * set, lowest line first:
 * <ol>
 * <li>its registered {@link BottomHalf} runs (it reads the device and wakes coroutines by posting
 *     events, completing futures, try-sending to channels);</li>
 * <li>every coroutine waiting on the line ({@link #await}) is woken with status 0 and the line's
 *     delivery count as value; if none waits, the delivery is latched and the next
 *     {@link #await} of that line completes at once (so a coroutine that handles one interrupt and
 *     waits again cannot miss one that arrived in between).</li>
 * </ol>
 * Raises of a line between two services coalesce into one delivery, as a hardware pending bit
 * does: a device that must count its events counts them itself, and its bottom half takes the
 * count (see docs/kernel-communication.md).
 *
 * <h2>No lost wake-up at idle</h2>
 * The run loop idles only after {@link #hasPending()} found the word empty; a line raised after
 * that check calls {@link Clock#wakeUp}, which ends the idle or makes it return at once
 * ({@link Clock}). So every raise is delivered by the next service.
 *
 * <p><b>Invariants</b>
 * <ul>
 * <li>Bit {@code l} of {@code registered} is set iff {@code bottomHalves[l] != null}.</li>
 * <li>Bit {@code l} of {@code latched} set ⇒ the line was delivered while {@code waiters[l]} was empty
 *     and no {@link #await} has consumed it since.</li>
 * <li>{@code deliveries[l]} counts the services in which line {@code l} was pending.</li>
 * </ul>
 * <p><b>Context</b>: kernel only; the interrupt side touches only {@link InterruptLines#raise}.
 * A bottom half that throws is counted ({@link #bottomHalfFaultCount()}, {@link #lastBottomHalfFault()}),
 * its line's first fault is reported on the console as a coroutine fault is (a flood of reports
 * from a storm would stall a UART console, so later ones of the same line are only counted), and
 * the other lines of the word are still delivered. <b>Allocation</b>: none after the constructor.
 */
public final class InterruptBridge
{
    /** The pending word has 32 bits. */
    public static final int MAX_LINES = 32;

    private final Scheduler scheduler;
    private final InterruptLines lines;
    private final int lineCount;
    private final BottomHalf[] bottomHalves;
    private final WaitQueue[] waiters;
    private final long[] deliveries;
    private int registered;
    private int latched;
    private long services;
    private long strayBits;
    private long bottomHalfFaults;
    private Throwable lastBottomHalfFault;
    /** Bit l: line l's bottom half has faulted and that was reported. */
    private int reportedFaults;

    /**
     * Boot only: creates the bridge and attaches it to {@code scheduler}.
     *
     * @param lineCount lines in use, 1..32 (the board's MAX_INTERRUPT_LINES); bits above are stray
     * @throws IllegalStateException if the scheduler already has a bridge
     */
    public InterruptBridge(final Scheduler scheduler, final InterruptLines lines, final int lineCount)
    {
        if (null == scheduler || null == lines)
        {
            throw new IllegalArgumentException("scheduler and interrupt lines are required");
        }
        if (lineCount < 1 || lineCount > MAX_LINES)
        {
            throw new IllegalArgumentException("lineCount must be 1..32: lineCount=" + lineCount);
        }
        this.scheduler = scheduler;
        this.lines = lines;
        this.lineCount = lineCount;
        bottomHalves = new BottomHalf[lineCount];
        waiters = new WaitQueue[lineCount];
        deliveries = new long[lineCount];
        for (int l = 0; l < lineCount; l++)
        {
            waiters[l] = scheduler.newWaitQueue(Scheduler.WAIT_INTERRUPT, l);
        }
        scheduler.attachBridge(this);
    }

    /** The port's pending word this bridge takes. */
    public InterruptLines lines()
    {
        return lines;
    }

    /**
     * Boot (or kernel context): {@code bottomHalf} runs for every delivery of {@code line}. While a
     * line has a bottom half, the bridge counts as a wake source: an idle kernel sleeps instead of
     * reporting a deadlock.
     *
     * @throws IllegalArgumentException for a line outside 0..lineCount-1 or a null bottom half
     * @throws IllegalStateException if the line already has one
     */
    public void register(final int line, final BottomHalf bottomHalf)
    {
        checkLine(line);
        if (null == bottomHalf)
        {
            throw new IllegalArgumentException("null bottom half for line " + line);
        }
        if (null != bottomHalves[line])
        {
            throw new IllegalStateException("interrupt line " + line + " already has a bottom half");
        }
        bottomHalves[line] = bottomHalf;
        registered |= 1 << line;
        reportedFaults &= ~(1 << line); // a new bottom half's first fault is reported too
    }

    /** Removes {@code line}'s bottom half (no-op if none). */
    public void unregister(final int line)
    {
        checkLine(line);
        bottomHalves[line] = null;
        registered &= ~(1 << line);
    }

    /**
     * Directive: wait for the next delivery of {@code line}, or return at once if one is latched
     * (delivered while nobody waited). While a coroutine waits, the bridge is a wake source.
     * On resume, {@link Scheduler#status()} is 0 or {@code -Errno.ETIMEDOUT}, and
     * {@link Scheduler#value()} the line's delivery count.
     *
     * @throws IllegalArgumentException for a line outside 0..lineCount-1 or a timeout below FOREVER
     */
    public int await(final int line, final long timeoutTicks)
    {
        checkLine(line);
        Select.checkTimeout(timeoutTicks); // here, not only in pend: a bad timeout is refused even if latched
        // Before the latch is taken: a refused await (say, from a bottom half) must not lose it.
        scheduler.requireDirective("InterruptBridge.await()");
        final int bit = 1 << line;
        if (0 != (latched & bit))
        {
            latched &= ~bit;
            return scheduler.proceed(0, deliveries[line]);
        }
        return scheduler.pend(waiters[line], timeoutTicks);
    }

    /** Kernel context: raise lines in software (as an interrupt would). */
    public void raise(final int mask)
    {
        lines.raise(mask);
    }

    /**
     * Take the pending word and deliver each line set in it (see the class comment). Called by the
     * scheduler at every step; callable from boot code and tests.
     *
     * @return the word taken (0 if nothing was pending)
     */
    public int service()
    {
        final InterruptLines l = lines;
        if (0 == l.pending())
        {
            return 0;
        }
        final int word = l.takeAndClear();
        if (0 == word)
        {
            return 0;
        }
        services++;
        int rest = word;
        while (0 != rest)
        {
            final int line = Bits.ffs(rest);
            rest &= rest - 1;
            if (line >= lineCount)
            {
                strayBits++;
                continue;
            }
            try
            {
                deliver(line);
            }
            catch (final RuntimeException reportFailed)
            {
                // Only the fault report can throw here (a console that failed): the word is
                // already taken, so its undelivered lines go back to pending before the failure
                // propagates, and the next service delivers them.
                if (0 != rest)
                {
                    l.raise(rest);
                }
                throw reportFailed;
            }
        }
        return word;
    }

    private void deliver(final int line)
    {
        final long n = ++deliveries[line];
        final BottomHalf bh = bottomHalves[line];
        if (null != bh)
        {
            try
            {
                bh.onInterrupt(line);
            }
            catch (final Throwable t)
            {
                // A broken bottom half must not lose the other lines taken with this word.
                bottomHalfFaults++;
                lastBottomHalfFault = t;
                if (0 == (reportedFaults & (1 << line)))
                {
                    reportedFaults |= 1 << line;
                    scheduler.reportBottomHalfFault(line, t);
                }
            }
        }
        final WaitQueue q = waiters[line];
        if (q.isEmpty())
        {
            latched |= 1 << line;
        }
        else
        {
            scheduler.wakeAll(q, 0, n);
        }
    }

    /** Kernel: something is pending (the run loop checks this before idling). */
    public boolean hasPending()
    {
        return 0 != lines.pending();
    }

    /** Kernel: an interrupt may still wake someone (a bottom half is registered or a coroutine waits). */
    public boolean canWake()
    {
        if (0 != registered)
        {
            return true;
        }
        for (int l = 0; l < lineCount; l++)
        {
            if (!waiters[l].isEmpty())
            {
                return true;
            }
        }
        return false;
    }

    public int lineCount()
    {
        return lineCount;
    }

    /** Services of {@code line}: the times it was found pending. */
    public long deliveries(final int line)
    {
        checkLine(line);
        return deliveries[line];
    }

    /** Non-empty pending words taken. */
    public long serviceCount()
    {
        return services;
    }

    /** Bits taken for lines at or above lineCount (ignored). */
    public long strayBitCount()
    {
        return strayBits;
    }

    /** Lines latched now (delivered with nobody waiting, not yet awaited). */
    public int latchedLines()
    {
        return latched;
    }

    /** Coroutines waiting on {@code line}. */
    public int waiterCount(final int line)
    {
        checkLine(line);
        return waiters[line].size();
    }

    public long bottomHalfFaultCount()
    {
        return bottomHalfFaults;
    }

    /** The last exception a bottom half threw, or null. */
    public Throwable lastBottomHalfFault()
    {
        return lastBottomHalfFault;
    }

    private void checkLine(final int line)
    {
        if (line < 0 || line >= lineCount)
        {
            throw new IllegalArgumentException("interrupt line must be 0.." + (lineCount - 1) + ": line=" + line);
        }
    }
}
