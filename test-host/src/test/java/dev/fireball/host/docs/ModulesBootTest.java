package dev.fireball.host.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fireball.kernel.Modules;
import dev.fireball.kernel.Scheduler;
import dev.fireball.kernel.VirtualClock;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** docs/modules.md's boot sequence boots, and its module behaves as the doc's comments say. */
class ModulesBootTest
{
    @Test
    void theSensorModuleRunsFaultsRestartsAfterItsBackOffAndFinishes()
    {
        final VirtualClock clock = new VirtualClock();
        final ByteArrayOutputStream console = new ByteArrayOutputStream();
        final ModulesBoot.Booted b = ModulesBoot.bootAndRun(clock, console::write);
        final Modules m = b.kernel().modules;

        // First incarnation: readings at 10 and 20, a throw at 30. The restart sleeps its 100-tick
        // back-off, so the second incarnation starts at 130 and reads at 140, 150 and 160.
        final long[] ticks = new long[5];
        for (int i = 0; i < ticks.length; i++)
        {
            assertEquals(0, b.init().readings.tryReceive(), "reading " + i);
            ticks[i] = b.init().readings.lastReceived();
        }
        assertEquals(0, b.init().readings.size());
        assertEquals("[10, 20, 140, 150, 160]", java.util.Arrays.toString(ticks));
        assertEquals(160, clock.now());
        assertEquals(2, b.init().starts);
        assertEquals(1, m.faults(b.sensor()));
        assertEquals(1, m.restarts(b.sensor()));
        assertTrue(console.toString(StandardCharsets.US_ASCII).contains("restarting in 100 ticks"),
            console.toString(StandardCharsets.US_ASCII));

        // Its init returned done(): the module stays RUNNING with no coroutine, its channel charged
        // to it, the fd of its second incarnation still open (the stop closed the first one's).
        assertEquals(Modules.RUNNING, m.state(b.sensor()));
        assertEquals(1, m.channels(b.sensor()));
        assertEquals(1, b.hal().openCountOf(b.sensor()));
        assertEquals(0, b.kernel().scheduler.liveCount());
        assertEquals(Scheduler.RUN_IDLE, b.kernel().scheduler.run(), "nothing left to do, nothing waits");
    }
}
