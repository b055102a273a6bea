package dev.fireball.kernel;

/**
 * The port's interrupt lines: one 32-bit pending word, a bit per
 * line. The interrupt side only ORs bits in; the kernel takes and clears the whole word at once.
 * <p>Implementations:
 * <ul>
 * <li>silicon: the C interrupt stubs OR the bit (an atomic OR, or a read-modify-write with the IRQ
 *     masked), the Java side reads and clears it in a native with interrupts masked (EDC 1.3 has no
 *     atomics, so this is the seam where the port supplies them);</li>
 * <li>{@link SoftInterruptLines}: Java monitors; for software-raised lines, simulation and the
 *     host's virtual time;</li>
 * <li>the host port's lock-free version (test-host {@code HostInterruptLines}, an
 *     {@code AtomicInteger}).</li>
 * </ul>
 * <p><b>Context</b>: {@link #raise}: any (interrupt, another thread, kernel). {@link #pending} and
 * {@link #takeAndClear}: kernel only. <b>Allocation</b>: none.
 */
public interface InterruptLines
{
    /**
     * Interrupt side: OR {@code mask} into the pending word, then wake an idle kernel
     * ({@link Clock#wakeUp}) so the raise cannot fall between the run loop's check and its sleep.
     * Never blocks for long, never allocates.
     */
    void raise(int mask);

    /** Kernel: the pending word, not cleared; a cheap read for the run loop's idle decision. */
    int pending();

    /** Kernel: read the pending word and clear it, atomically with respect to {@link #raise}. */
    int takeAndClear();
}
