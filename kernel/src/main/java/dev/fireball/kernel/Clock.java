package dev.fireball.kernel;

/**
 * The port's monotonic time source and idle primitive (architecture.md, "The port").
 * <p>Ticks are the kernel's only unit of time; the board's TICK_HZ says how long one is.
 * <p><b>Context</b>: kernel only. {@link #idle} is called by the run loop when nothing is ready.
 */
public interface Clock
{
    /** Deadline meaning "no timer is pending": idle until an interrupt arrives. */
    long NO_DEADLINE = Long.MAX_VALUE;

    /** @return the current tick, monotonic, starting at 0 or any fixed origin */
    long now();

    /**
     * Sleep until {@code now() >= deadlineTick} or an interrupt is pending, whichever is first.
     * It may return early (spuriously): the run loop re-checks everything after it returns.
     * An implementation must not lose an interrupt raised after the run loop decided to idle:
     * on silicon this is WFI (it wakes on a pending IRQ even with interrupts masked); a host
     * implementation checks the pending word after arming its wake-up.
     */
    void idle(long deadlineTick);
}
