package dev.fireball.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fireball.config.BoardConfig;
import dev.fireball.config.Boards;
import dev.fireball.config.tool.Validator;
import dev.fireball.kernel.ModuleHeap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The validator's "frames fit in the module heaps" rule counts exactly the frames a real
 * {@link ModuleHeap} gives out: config-tool cannot see the kernel, so this test, which sees both,
 * fills real heaps with frames until one is refused.
 */
class FrameFitHonestyTest
{
    @Test
    void everyShippedBoardsHeapHoldsTheFramesTheValidatorCounts()
    {
        for (int i = 0; i < Boards.COUNT; i++)
        {
            final BoardConfig cfg = Boards.byName(Boards.name(i));
            final int heapBytes = cfg.guestHeapSizeKb * 1024;
            final long counted = Validator.framesPerHeap(heapBytes, cfg.coroutineFrameBytes);
            assertEquals(counted, framesAllocated(heapBytes, cfg.coroutineFrameBytes), cfg.board);
            assertTrue(cfg.maxModules * counted >= cfg.maxCoroutines, cfg.board + ": every slot's frame fits");
        }
    }

    @Property(tries = 300)
    void anyHeapHoldsExactlyTheFramesTheValidatorCounts(@ForAll @IntRange(min = 1, max = 256) final int heapKb,
        @ForAll @IntRange(min = 8, max = 4096) final int frameWords)
    {
        final int heapBytes = heapKb * 1024;
        final int frameBytes = frameWords * 8; // COROUTINE_FRAME_BYTES is a multiple of 8
        assertEquals(Validator.framesPerHeap(heapBytes, frameBytes), framesAllocated(heapBytes, frameBytes),
            "heap " + heapBytes + " B, frame " + frameBytes + " B");
    }

    private static long framesAllocated(final int heapBytes, final int frameBytes)
    {
        final ModuleHeap heap = new ModuleHeap(1, heapBytes);
        long n = 0;
        while (heap.alloc(frameBytes) >= 0)
        {
            n++;
        }
        return n;
    }
}
