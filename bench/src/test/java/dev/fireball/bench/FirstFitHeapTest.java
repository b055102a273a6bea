package dev.fireball.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The baseline must be a correct heap_4, or the comparison means nothing. */
class FirstFitHeapTest
{
    @Test
    void freshHeapIsOneFreeBlock()
    {
        final FirstFitHeap heap = new FirstFitHeap(1024);
        assertEquals(1016, heap.freeBytes());
        assertEquals(1016, heap.largestFreeBlock());
        assertEquals(1, heap.freeBlockCount());
    }

    @Test
    void firstFitTakesTheLowestBlockThatFits()
    {
        final FirstFitHeap heap = new FirstFitHeap(4096);
        final int a = heap.alloc(100);
        heap.alloc(8);
        final int b = heap.alloc(300);
        heap.alloc(8);
        heap.free(a);
        heap.free(b);
        assertEquals(a, heap.alloc(50));
        assertEquals(b, heap.alloc(200));
    }

    @Test
    void freeCoalescesWithBothNeighbours()
    {
        final FirstFitHeap heap = new FirstFitHeap(4096);
        final int a = heap.alloc(100);
        final int b = heap.alloc(100);
        final int c = heap.alloc(100);
        heap.alloc(heap.freeBytes() - FirstFitHeap.HEADER_BYTES);
        heap.free(a);
        heap.free(c);
        assertEquals(2, heap.freeBlockCount());
        heap.free(b);
        assertEquals(1, heap.freeBlockCount());
        assertEquals(3 * 112, heap.largestFreeBlock());
    }

    @Property(tries = 200)
    void randomSequencesKeepBlocksDisjointAndRestoreOneBlock(
        @ForAll @IntRange(min = 1, max = 1_000_000) final int seed)
    {
        final FirstFitHeap heap = new FirstFitHeap(8192);
        final HeapTrace trace = HeapTrace.generate(seed, 400, 8192, 1, 700, 0.8);
        final int[] handles = new int[trace.blocks];
        final List<int[]> live = new ArrayList<>();
        for (int i = 0; i < trace.length(); i++)
        {
            final int id = trace.block[i];
            if (HeapTrace.ALLOC == trace.kind[i])
            {
                handles[id] = heap.alloc(trace.sizeBytes[i]);
                if (handles[id] > 0)
                {
                    assertTrue(heap.usableSize(handles[id]) >= trace.sizeBytes[i]);
                    for (final int[] other : live)
                    {
                        final int start = handles[id] - FirstFitHeap.HEADER_BYTES;
                        final int end = handles[id] + heap.usableSize(handles[id]);
                        final int otherStart = other[0] - FirstFitHeap.HEADER_BYTES;
                        final int otherEnd = other[0] + heap.usableSize(other[0]);
                        assertTrue(end <= otherStart || otherEnd <= start, "blocks overlap");
                    }
                    live.add(new int[] {handles[id]});
                }
            }
            else if (handles[id] > 0)
            {
                final int h = handles[id];
                assertEquals(0, heap.free(h));
                assertEquals(-22, heap.free(h));
                live.removeIf(x -> x[0] == h);
            }
        }
        for (final int[] h : live)
        {
            assertEquals(0, heap.free(h[0]));
        }
        assertEquals(1, heap.freeBlockCount());
        assertEquals(heap.totalBytes(), heap.freeBytes());
        assertEquals(heap.totalBytes(), heap.largestFreeBlock());
    }
}
