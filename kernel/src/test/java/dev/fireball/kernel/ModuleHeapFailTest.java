package dev.fireball.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Walks every documented error of {@link ModuleHeap}: each rejected call returns the exact errno,
 * counts itself, and leaves the heap exactly as it was (blocks, stats, live data).
 */
class ModuleHeapFailTest
{
    private static final int ID = 3;
    private final ModuleHeap heap = new ModuleHeap(ID, 4096);
    private int a;
    private int b;
    private int freed;

    @BeforeEach
    void fragment()
    {
        a = heap.alloc(100);
        freed = heap.alloc(40);
        b = heap.alloc(200);
        heap.putInt(a, 0, 0x11111111);
        heap.putInt(b, 196, 0x22222222);
        assertEquals(0, heap.free(freed));
    }

    private void assertUnchanged(final long invalidFrees, final long failedAllocs)
    {
        heap.checkInvariants();
        assertEquals(104 + 208, heap.usedBytes());
        assertEquals(2, heap.freeBlockCount());
        assertEquals(3, heap.allocCount());
        assertEquals(1, heap.freeCount());
        assertEquals(invalidFrees, heap.invalidFreeCount());
        assertEquals(failedAllocs, heap.failedAllocCount());
        assertEquals(0x11111111, heap.getInt(a, 0));
        assertEquals(0x22222222, heap.getInt(b, 196));
    }

    @Test
    void shouldReturnEinvalForAllocOfZeroOrNegativeSize()
    {
        assertEquals(-Errno.EINVAL, heap.alloc(0));
        assertEquals(-Errno.EINVAL, heap.alloc(-1));
        assertEquals(-Errno.EINVAL, heap.alloc(Integer.MIN_VALUE));
        assertUnchanged(0, 0);
    }

    @Test
    void shouldReturnEnomemForAllocLargerThanTheHeap()
    {
        assertEquals(-Errno.ENOMEM, heap.alloc(heap.totalBytes()));
        assertEquals(-Errno.ENOMEM, heap.alloc(Integer.MAX_VALUE));
        assertUnchanged(0, 2);
    }

    @Test
    void shouldReturnEnomemWhenNoFreeBlockFits()
    {
        assertEquals(-Errno.ENOMEM, heap.alloc(heap.largestFreeBlock()));
        assertUnchanged(0, 1);
        assertTrue(heap.alloc(heap.largestFreeBlock() - HeapBlockDescriptor.HEADER_BYTES) > 0);
    }

    @Test
    void shouldReturnEalreadyForADoubleFree()
    {
        assertEquals(-Errno.EALREADY, heap.free(freed));
        assertUnchanged(1, 0);
    }

    @Test
    void shouldReturnEalreadyForADoubleFreeAfterTheBlockWasMergedAway()
    {
        assertEquals(0, heap.free(a));
        assertEquals(-Errno.EALREADY, heap.free(freed));
        assertEquals(-Errno.EALREADY, heap.free(a));
        heap.checkInvariants();
        assertEquals(2, heap.invalidFreeCount());
    }

    @Test
    void shouldReturnEinvalForZeroAndNegativeHandles()
    {
        assertEquals(-Errno.EINVAL, heap.free(0));
        assertEquals(-Errno.EINVAL, heap.free(-Errno.ENOMEM));
        assertEquals(-Errno.EINVAL, heap.free(Integer.MIN_VALUE));
        assertUnchanged(3, 0);
    }

    @Test
    void shouldReturnEinvalForAMisalignedHandle()
    {
        assertEquals(-Errno.EINVAL, heap.free(a + 4));
        assertEquals(-Errno.EINVAL, heap.free(a + 1));
        assertUnchanged(2, 0);
    }

    @Test
    void shouldReturnEinvalForAnAlignedHandleInsideALiveBlock()
    {
        assertEquals(-Errno.EINVAL, heap.free(a + 8));
        assertEquals(-Errno.EINVAL, heap.free(b + 96));
        assertUnchanged(2, 0);
    }

    @Test
    void shouldReturnEinvalForAHandleInsideAFreeBlockThatWasNeverAllocated()
    {
        assertEquals(-Errno.EINVAL, heap.free(b + 1000));
        assertUnchanged(1, 0);
    }

    @Test
    void shouldReturnEinvalForAHandleBeyondTheHeap()
    {
        final int base = ID << ModuleHeap.HANDLE_OFFSET_BITS;
        assertEquals(-Errno.EINVAL, heap.free(base | heap.sizeBytes()));
        assertEquals(-Errno.EINVAL, heap.free(base | (heap.sizeBytes() - 8)));
        assertEquals(-Errno.EINVAL, heap.free(base | ((1 << ModuleHeap.HANDLE_OFFSET_BITS) - 8)));
        assertUnchanged(3, 0);
    }

    @Test
    void shouldReturnEinvalForALiveHandleOfAnotherHeapAtTheSameOffset()
    {
        final ModuleHeap other = new ModuleHeap(ID + 1, 4096);
        final int foreign = other.alloc(100);
        assertEquals(a & ((1 << ModuleHeap.HANDLE_OFFSET_BITS) - 1),
            foreign & ((1 << ModuleHeap.HANDLE_OFFSET_BITS) - 1));
        assertEquals(-Errno.EINVAL, heap.free(foreign));
        assertEquals(-Errno.EINVAL, heap.realloc(foreign, 10));
        assertEquals(-Errno.EINVAL, heap.usableSize(foreign));
        assertUnchanged(2, 0);
        assertEquals(0, other.free(foreign));
    }

    @Test
    void shouldReturnEinvalForAHandleFromBeforeReset()
    {
        heap.reset();
        assertEquals(-Errno.EINVAL, heap.free(a));
        assertEquals(-Errno.EINVAL, heap.free(freed));
        heap.checkInvariants();
    }

    @Test
    void reallocShouldRejectBadHandlesLikeFree()
    {
        assertEquals(-Errno.EALREADY, heap.realloc(freed, 10));
        assertEquals(-Errno.EINVAL, heap.realloc(a + 8, 10));
        assertEquals(-Errno.EINVAL, heap.realloc(0, 10));
        assertUnchanged(3, 0);
    }

    @Test
    void reallocShouldReturnEinvalForZeroSizeAndKeepTheBlock()
    {
        assertEquals(-Errno.EINVAL, heap.realloc(a, 0));
        assertEquals(-Errno.EINVAL, heap.realloc(a, -5));
        assertUnchanged(0, 0);
    }

    @Test
    void reallocShouldReturnEnomemAndKeepTheBlockWhenItCannotGrow()
    {
        assertEquals(-Errno.ENOMEM, heap.realloc(a, heap.totalBytes()));
        assertEquals(-Errno.ENOMEM, heap.realloc(b, heap.freeBytes() + 300));
        assertUnchanged(0, 2);
    }

    @Test
    void usableSizeShouldReportTheSameErrorsAsFree()
    {
        assertEquals(-Errno.EALREADY, heap.usableSize(freed));
        assertEquals(-Errno.EINVAL, heap.usableSize(a + 8));
        assertUnchanged(0, 0);
    }
}
