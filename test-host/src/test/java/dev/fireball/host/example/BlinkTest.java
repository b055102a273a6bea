package dev.fireball.host.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fireball.config.Boards;
import dev.fireball.kernel.Kernel;
import dev.fireball.kernel.Scheduler;
import dev.fireball.kernel.VirtualClock;
import org.junit.jupiter.api.Test;

/** The smallest application test of docs/testing-apps.md: a module that never ends, in virtual time. */
class BlinkTest
{
    @Test
    void blinksEveryHalfPeriodOfVirtualTime()
    {
        final VirtualClock clock = new VirtualClock();
        final Kernel k = Kernel.boot(Boards.byName("host"), clock, new FixedConsole());
        final Blink blink = new Blink();
        final int module = k.create(k.module("blink", blink));
        k.seal();
        k.modules.start(module);

        // Blink never finishes: run() would jump from deadline to deadline forever, runUntil stops.
        assertEquals(Scheduler.RUN_TIME_LIMIT, k.scheduler.runUntil(1_000));
        assertEquals(1_000, clock.now());       // time jumped from deadline to deadline: no wall time passed
        assertEquals(3, blink.toggles);         // at ticks 0, 500 and 1000 (a deadline at the limit still fires)
        assertTrue(blink.led);

        assertEquals(Scheduler.RUN_TIME_LIMIT, k.scheduler.runUntil(1_499));
        assertTrue(blink.led, "the next toggle is due at 1500");
        assertEquals(Scheduler.RUN_TIME_LIMIT, k.scheduler.runUntil(1_500));
        assertFalse(blink.led);
    }

    /** The README spawns it as a kernel coroutine (module 0), at boot. */
    @Test
    void blinksAsAKernelCoroutineToo()
    {
        final Kernel k = Kernel.boot(Boards.byName("host"), new VirtualClock(), new FixedConsole());
        final Blink blink = new Blink();
        final int handle = k.scheduler.spawnDetached(blink);   // at boot; objects are reused, never allocated later
        k.seal();

        assertEquals(Scheduler.RUN_TIME_LIMIT, k.scheduler.runUntil(1_000));
        assertEquals(3, blink.toggles);
        assertTrue(blink.led);
        assertEquals(Scheduler.SLEEPING, k.scheduler.stateOf(handle));
        assertEquals(0, k.scheduler.moduleOf(handle), "the kernel's module");
    }
}
