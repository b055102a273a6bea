package dev.fireball.kernel;

/**
 * Interrupt lines made of Java: the pending word is changed only under this object's monitor and
 * read without it through a volatile field. Safe when lines are raised by other Java threads (host
 * simulation, MicroEJ green threads) or by kernel code (software interrupts); on silicon the C
 * interrupt handlers cannot take a Java monitor, so a board uses native lines there
 * ({@link InterruptLines}).
 * <p><b>Invariants</b>: {@code pending} is written only under the monitor; {@code raised} counts
 * calls to {@link #raise} with a non-zero mask, {@code taken} the words {@link #takeAndClear}
 * returned non-zero.
 * <p><b>Context</b>: {@link #raise}: any thread. Others: kernel. <b>Allocation</b>: none.
 */
public final class SoftInterruptLines implements InterruptLines
{
    private final Clock clock;
    /** The pending word. Written under the monitor; read by {@link #pending} without it. */
    private volatile int pending;
    private long raised;
    private long taken;

    /** @param clock the clock whose idle a raise must end */
    public SoftInterruptLines(final Clock clock)
    {
        if (null == clock)
        {
            throw new IllegalArgumentException("clock is required");
        }
        this.clock = clock;
    }

    @Override
    public void raise(final int mask)
    {
        if (0 == mask)
        {
            return;
        }
        synchronized (this)
        {
            pending |= mask;
            raised++;
        }
        // After the bit is visible: an idle that already checked the word is ended by the wake-up.
        clock.wakeUp();
    }

    @Override
    public int pending()
    {
        return pending;
    }

    @Override
    public int takeAndClear()
    {
        if (0 == pending)
        {
            return 0;
        }
        synchronized (this)
        {
            final int word = pending;
            pending = 0;
            taken++;
            return word;
        }
    }

    /** Calls to {@link #raise} with a non-zero mask (read on the kernel thread after raisers stop). */
    public synchronized long raisedCount()
    {
        return raised;
    }

    /** Non-empty words taken by {@link #takeAndClear}. */
    public synchronized long takenCount()
    {
        return taken;
    }
}
