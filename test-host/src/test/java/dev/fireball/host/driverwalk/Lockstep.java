package dev.fireball.host.driverwalk;

import dev.fireball.kernel.Scheduler;
import dev.fireball.kernel.VirtualClock;
import java.util.function.LongConsumer;

/** The rigs' way of running a kernel beside a register-level device model, one tick at a time. */
final class Lockstep
{
    private Lockstep()
    {
    }

    /**
     * Runs to {@code target}, one tick at a time: the kernel reaches tick t, then the hardware acts
     * at t (its interrupt is raised from outside the kernel), then the kernel serves it at t.
     */
    static void runTo(final Scheduler s, final VirtualClock clock, final long target, final LongConsumer hardware)
    {
        while (clock.now() < target)
        {
            final long t = clock.now() + 1;
            s.runUntil(t);
            hardware.accept(t);
            s.runUntil(t);
        }
    }
}
