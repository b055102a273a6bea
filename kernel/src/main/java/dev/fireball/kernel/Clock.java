package dev.fireball.kernel;

/**
 * The port's monotonic time source and idle primitive.
 * <p>Ticks are the kernel's only unit of time; the board's TICK_HZ says how long one is.
 *
 * <h2>Idle without a lost wake-up</h2>
 * The run loop idles only after it found nothing ready and the interrupt bridge's pending word
 * empty. An interrupt raised after that check must still end the idle, so the port has two halves:
 * <ul>
 * <li>{@link #wakeUp} is called by the interrupt side after it set its pending bit (the host's
 *     raising thread; on silicon the hardware does it: a pending IRQ ends WFI);</li>
 * <li>{@link #idle} returns at once if a wake-up arrived since the previous idle returned, and
 *     otherwise sleeps until the deadline or the next wake-up.</li>
 * </ul>
 * A raise is therefore either seen by the run loop's check (it happened before) or ends the idle
 * (it happened after): a wake-up is a latched permit, not an edge that can fall between the check
 * and the sleep. On silicon the port masks interrupts, checks the pending word and executes WFI,
 * which wakes on a pending interrupt even while masked. docs/kernel-communication.md has the
 * argument for each port.
 * <p><b>Context</b>: {@link #now} and {@link #idle}: kernel only. {@link #wakeUp}: any context
 * (interrupt, another thread).
 */
public interface Clock
{
    /** Deadline meaning "no timer is pending": idle until an interrupt arrives. */
    long NO_DEADLINE = Long.MAX_VALUE;

    /** @return the current tick, monotonic, starting at 0 or any fixed origin */
    long now();

    /**
     * Sleep until {@code now() >= deadlineTick} or a {@link #wakeUp}, whichever is first; return at
     * once if a wake-up arrived since the last idle. It may return early (spuriously): the run loop
     * re-checks everything after it returns.
     */
    void idle(long deadlineTick);

    /**
     * Interrupt side: end the idle in progress, or make the next {@link #idle} return at once.
     * Called after the pending bit is set. Never blocks, never allocates.
     */
    void wakeUp();
}
