package dev.fireball.host.example;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fireball.config.Boards;
import dev.fireball.kernel.Kernel;
import dev.fireball.kernel.VirtualClock;
import dev.fireball.testkit.AllocationMeter;
import org.junit.jupiter.api.Test;

/**
 * docs/testing-apps.md's steady-state allocation test: after seal, running the blink module
 * allocates nothing. Runs in test-host's allocation execution ({@link AllocationMeter#JVM_FLAGS}).
 */
class BlinkAllocationTest
{
    @Test
    void blinkingAllocatesNothingAfterSeal()
    {
        final VirtualClock clock = new VirtualClock();
        final Kernel k = Kernel.boot(Boards.byName("host"), clock, new FixedConsole());
        final Blink blink = new Blink();
        final int module = k.create(k.module("blink", blink));
        k.seal();
        k.modules.start(module);

        // Each run: 1,000 more ticks of virtual time, two toggles. 20,000 warm-up runs, then windows of 2,000 runs.
        AllocationMeter.assertNoAllocation("1,000 ticks of blinking", () -> k.scheduler.runUntil(clock.now() + 1_000));

        final int runs = AllocationMeter.WARM_UP_RUNS + AllocationMeter.RUNS_PER_WINDOW; // at least
        assertTrue(blink.toggles > 2 * runs, "the work ran: toggles " + blink.toggles);
    }
}
