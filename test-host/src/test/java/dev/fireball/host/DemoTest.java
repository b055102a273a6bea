package dev.fireball.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fireball.kernel.Errno;
import dev.fireball.kernel.Scheduler;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's main job runs and shows what it promises: the joins' result and the module's restarts. */
class DemoTest
{
    @Test
    void demoRunsToIdleWithTheLoggerModuleRestartedTwiceThenStopped()
    {
        final PrintStream saved = System.out;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try
        {
            assertEquals(0, Demo.run(new String[0]), "the demo's exit status");
        }
        finally
        {
            System.setOut(saved);
        }
        final String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("fib(8) = 21 (outcome 0"), text);
        assertTrue(text.contains("run() = RUN_IDLE"), text);
        assertTrue(text.contains("module 'logger' (1) faulted, restarting; restart 2"), text);
        assertTrue(text.contains("module 'logger' (1) faulted, stopped; faults 3"), text);
        assertTrue(text.contains("heap 1: out-of-bounds access"), text);
        assertTrue(text.contains("[tick 9] blinker: LED off"), text);
    }

    @Test
    void theDemoExitsNonZeroWhenTheRunDeadlocksPanicsOrTheJoinsFail()
    {
        assertEquals(0, Demo.exitStatus(Scheduler.RUN_IDLE, Scheduler.COMPLETED));
        assertNotEquals(0, Demo.exitStatus(Scheduler.RUN_DEADLOCK, Scheduler.COMPLETED), "deadlock");
        assertNotEquals(0, Demo.exitStatus(Scheduler.RUN_PANIC, Scheduler.COMPLETED), "panic");
        assertNotEquals(0, Demo.exitStatus(Scheduler.RUN_IDLE, Scheduler.FAILED), "fib failed");
        assertNotEquals(0, Demo.exitStatus(Scheduler.RUN_IDLE, -Errno.EBUSY), "fib never finished");
    }
}
