package dev.fireball.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * The check the heap property tests share: a {@link ModuleHeap} against what a test's model says
 * is live. Its counters must equal the model's, and its layout must be exactly the live blocks
 * (no overlap, each with its usable size) with every gap between them one free block (no missed
 * coalescing), so used, free, free-block count and largest free block all follow from the model.
 */
final class HeapModelCheck
{
    private static final int OFFSET_MASK = (1 << ModuleHeap.HANDLE_OFFSET_BITS) - 1;

    private HeapModelCheck()
    {
    }

    /** The model's operation counters, as the heap reports them. */
    static void counters(final ModuleHeap heap, final long allocs, final long frees, final long reallocs, final long failed,
        final long invalid, final int minEverFree)
    {
        heap.checkInvariants();
        assertEquals(allocs, heap.allocCount(), "allocations");
        assertEquals(frees, heap.freeCount(), "frees");
        assertEquals(reallocs, heap.reallocCount(), "reallocations");
        assertEquals(failed, heap.failedAllocCount(), "failed allocations");
        assertEquals(invalid, heap.invalidFreeCount(), "invalid frees");
        assertEquals(minEverFree, heap.minEverFreeBytes(), "minimum ever free");
    }

    /**
     * The heap's layout is exactly {@code live}: each element's block ({@code handle}, {@code usable}
     * bytes) in place, the gaps free and coalesced; {@code data} checks each live block's contents.
     */
    static <T> void layout(final ModuleHeap heap, final Collection<T> live, final ToIntFunction<T> handle,
        final ToIntFunction<T> usable, final Consumer<T> data)
    {
        final List<T> sorted = new ArrayList<>(live);
        sorted.sort(Comparator.comparingInt(handle));
        int used = 0;
        int gaps = 0;
        int largestGap = 0;
        int end = HeapBlockDescriptor.FIRST_HEADER;
        for (final T l : sorted)
        {
            final int h = handle.applyAsInt(l);
            final int size = usable.applyAsInt(l);
            final int start = (h & OFFSET_MASK) - HeapBlockDescriptor.HEADER_BYTES;
            assertTrue(start >= end, "live blocks overlap at " + start);
            assertEquals(size, heap.usableSize(h), "usable size of handle 0x" + Integer.toHexString(h));
            if (start > end)
            {
                gaps++;
                largestGap = Math.max(largestGap, start - end);
            }
            end = (h & OFFSET_MASK) + size;
            used += size + HeapBlockDescriptor.HEADER_BYTES;
            data.accept(l);
        }
        final int heapEnd = heap.sizeBytes() - HeapBlockDescriptor.HEADER_BYTES;
        assertTrue(end <= heapEnd, "a live block runs past the heap");
        if (heapEnd > end)
        {
            gaps++;
            largestGap = Math.max(largestGap, heapEnd - end);
        }
        assertEquals(used, heap.usedBytes(), "used bytes");
        assertEquals(heap.totalBytes() - used, heap.freeBytes(), "free bytes");
        assertEquals(gaps, heap.freeBlockCount(), "free blocks are not exactly the gaps: missed coalescing");
        assertEquals(largestGap, heap.largestFreeBlock(), "largest free block");
    }
}
