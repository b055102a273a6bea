package dev.fireball.kernel;

/**
 * Hears of every coroutine that finishes, whatever the way: {@code done}, {@code fail}, an
 * exception, or {@link Scheduler#cancel}. {@link FuturePool} uses it so that a coroutine's
 * completion can be awaited as a future.
 * <p><b>Context</b>: kernel, from inside the scheduler, before the coroutine's joiners are woken;
 * the coroutine's handle is still valid during the call. The listener may wake other coroutines,
 * must not block and must not allocate.
 */
public interface CompletionListener
{
    /**
     * @param handle  the finishing coroutine's handle
     * @param outcome {@link Scheduler#COMPLETED}, {@link Scheduler#FAILED} or {@link Scheduler#CANCELED}
     * @param value   its {@code done} value or {@code fail} code (0 for an exception or a cancel)
     */
    void onCompleted(int handle, int outcome, long value);
}
