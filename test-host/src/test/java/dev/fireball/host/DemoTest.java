package dev.fireball.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fireball.config.Boards;
import dev.fireball.kernel.Errno;
import dev.fireball.kernel.Scheduler;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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

    /**
     * The demo on every board this build generated (-Dfireball.board picks one at run time): on the
     * ch32v307's 8 slots it printed "fib(8) = 0 (outcome 0, 0 = COMPLETED)" and exited 0, since Fib
     * joined a refused spawn's -EAGAIN and added the failed join's value 0.
     */
    @ParameterizedTest
    @MethodSource("generatedBoards")
    void theDemoComputesFibonacciRightOnEveryGeneratedBoard(final String board)
    {
        final String property = System.getProperty(Boards.PROPERTY);
        final PrintStream saved = System.out;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setProperty(Boards.PROPERTY, board);
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        final int status;
        try
        {
            status = Demo.run(new String[0]);
        }
        finally
        {
            System.setOut(saved);
            if (null == property)
            {
                System.clearProperty(Boards.PROPERTY);
            }
            else
            {
                System.setProperty(Boards.PROPERTY, property);
            }
        }
        final String text = out.toString(StandardCharsets.UTF_8);
        final int n = Math.min(8, Boards.byName(board).maxCoroutines);
        final long[] fib = {0, 1, 1, 2, 3, 5, 8, 13, 21};
        assertTrue(text.contains("on board '" + board + "'"), text);
        assertTrue(text.contains("fib(" + n + ") = " + fib[n] + " (outcome 0, 0 = COMPLETED)"), text);
        assertTrue(text.contains("run() = RUN_IDLE"), text);
        assertEquals(0, status, text);
    }

    static Stream<String> generatedBoards()
    {
        return IntStream.range(0, Boards.COUNT).mapToObj(Boards::name);
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
