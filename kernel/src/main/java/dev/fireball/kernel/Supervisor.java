package dev.fireball.kernel;

/**
 * What the scheduler asks of the module layer ({@link Modules} implements it): admission of a
 * spawn into a module, release of what a finished coroutine held, and the policy decision after a
 * coroutine faulted. Installed once at boot with {@link Scheduler#setSupervisor}.
 * <p><b>Context</b>: kernel only; called by the scheduler, never by applications.
 * <b>Allocation</b>: implementations must not allocate.
 */
public interface Supervisor
{
    /**
     * A coroutine is about to be spawned into {@code moduleId}: charge the module's quota and give
     * the coroutine its frame.
     *
     * @return 0 to admit it, or a negative errno that {@code spawn} returns unchanged
     */
    int admit(int moduleId, Coroutine c);

    /**
     * {@code c} of {@code moduleId} finished: return its frame and quota.
     *
     * @param outcome COMPLETED, FAILED or CANCELED, with {@code value} its value or fail code
     * @param fault   what it threw (or the stop's cause), or null: a FAILED outcome without a fault
     *                is a {@code fail()}, or a stop with no cause
     */
    void released(int moduleId, Coroutine c, int outcome, long value, Throwable fault);

    /**
     * A coroutine of {@code moduleId} threw from resume (or returned a forged directive) and has
     * finished as FAILED; its joiners have been woken. Called in kernel context, outside any
     * coroutine, so the module layer may stop the module.
     *
     * @param handle the handle the coroutine had (now stale)
     */
    void faulted(int moduleId, int handle, Throwable fault);

    /**
     * The run loop ended (nothing left to run, or a deadlock): append a line to {@code out} for
     * every module that was created but never started, the usual cause of a run that does nothing
     * or waits on a channel nobody serves.
     *
     * @return how many such modules there are (0: nothing appended)
     */
    int describeUnstarted(AsciiSink out);
}
