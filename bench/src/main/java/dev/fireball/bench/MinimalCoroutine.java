package dev.fireball.bench;

/**
 * The coroutine of the hand-written baseline {@link MinimalScheduler}: the same shape as the
 * kernel's {@code Coroutine} (fields as the frame, {@link #pc} as the resume index, one virtual
 * {@link #resume} per run), so a benchmark can give both schedulers the same state machine body.
 * <p><b>Ownership</b>: {@link #pc} is reset by {@link MinimalScheduler#spawn}; nothing else is
 * checked (the baseline trusts its caller).
 */
public abstract class MinimalCoroutine
{
    /** Resume index: where {@link #resume} continues. Reset to 0 at every spawn. */
    protected int pc;

    /**
     * Runs from {@link #pc} until it suspends or completes.
     *
     * @return one of {@link MinimalScheduler}'s directives, produced by its directive methods
     */
    protected abstract int resume(MinimalScheduler s);
}
