package dev.fireball.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fireball.config.BoardConfig;
import dev.fireball.config.Boards;
import dev.fireball.kernel.support.RecordingConsole;
import dev.fireball.kernel.support.Script;
import org.junit.jupiter.api.Test;

/** Booting from a board's config sizes every table from its constants. */
class KernelTest
{
    @Test
    void everyBoardBootsWithItsOwnSizes()
    {
        for (int i = 0; i < Boards.COUNT; i++)
        {
            final BoardConfig cfg = Boards.byName(Boards.name(i));
            final Kernel k = Kernel.boot(cfg, new VirtualClock(), new RecordingConsole());
            assertEquals(cfg.maxCoroutines, k.scheduler.capacity(), cfg.board);
            assertEquals(cfg.maxModules + 1, k.modules.capacity(), cfg.board + ": MAX_MODULES guests and the kernel's module 0");
            assertEquals(cfg.maxSelectArms, k.select.maxArms(), cfg.board);
            assertTrue(k.trace.capacity() * Trace.EVENT_BYTES <= cfg.traceBufferBytes, cfg.board);
            assertTrue(k.trace.capacity() * Trace.EVENT_BYTES * 2 > cfg.traceBufferBytes, cfg.board);

            final int m = k.create(k.module("app", new Script("init", null, (s, c) -> s.done(0))));
            assertEquals(cfg.guestHeapSizeKb * 1024, k.modules.heap(m).sizeBytes(), cfg.board);
            k.seal();
            assertThrows(IllegalStateException.class, () -> k.create(k.module("late", new Script("x", null, (s, c) -> 0))));
            assertTrue(k.modules.start(m) > 0);
            assertTrue(k.modules.heap(m).usedBytes() >= cfg.coroutineFrameBytes, cfg.board + ": init got its frame");
            assertEquals(Scheduler.RUN_IDLE, k.scheduler.run());
            assertEquals(0, k.modules.heap(m).usedBytes());
        }
    }

    @Test
    void aConfigIsRequired()
    {
        assertThrows(IllegalArgumentException.class, () -> Kernel.boot(null, new VirtualClock(), new RecordingConsole()));
    }
}
