package dev.fireball.host;

import static org.junit.jupiter.api.Assertions.assertTrue;

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
            Demo.main(new String[0]);
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
}
