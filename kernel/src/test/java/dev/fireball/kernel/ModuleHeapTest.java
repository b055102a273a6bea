package dev.fireball.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ModuleHeapTest
{
    private static final int SIZE = ModuleHeap.DEFAULT_SIZE_BYTES;
    private final ModuleHeap heap = new ModuleHeap(0, SIZE);

    @Test
    void freshHeapIsOneFreeBlockOfFullSize()
    {
        assertEquals(SIZE, heap.sizeBytes());
        assertEquals(SIZE - HeapBlockDescriptor.RESERVED_BYTES, heap.totalBytes());
        assertEquals(heap.totalBytes(), heap.freeBytes());
        assertEquals(heap.totalBytes(), heap.largestFreeBlock());
        assertEquals(heap.totalBytes(), heap.minEverFreeBytes());
        assertEquals(1, heap.freeBlockCount());
        assertEquals(0, heap.usedBytes());
        heap.checkInvariants();
    }

    @Test
    void handlesArePositiveEightByteAlignedArrayOffsetsForHeapZero()
    {
        final int a = heap.alloc(1);
        final int b = heap.alloc(13);
        final int c = heap.alloc(100);
        for (final int h : new int[] {a, b, c})
        {
            assertTrue(h > 0);
            assertEquals(0, h % HeapBlockDescriptor.ALIGN_BYTES);
            assertEquals(h, heap.arrayOffset(h, 0, 1));
        }
        assertEquals(8, a);
        heap.checkInvariants();
    }

    @Test
    void handlesCarryTheHeapIdAboveTheOffset()
    {
        final ModuleHeap five = new ModuleHeap(5, 1024);
        final int h = five.alloc(16);
        assertEquals(5, h >>> ModuleHeap.HANDLE_OFFSET_BITS);
        assertEquals(8, five.arrayOffset(h, 0, 16));
    }

    @Test
    void usableSizeIsTheRequestRoundedToEightMinusTheFourByteHeader()
    {
        assertEquals(12, heap.usableSize(heap.alloc(1)));
        assertEquals(12, heap.usableSize(heap.alloc(12)));
        assertEquals(20, heap.usableSize(heap.alloc(13)));
        assertEquals(1020, heap.usableSize(heap.alloc(1017)));
        assertEquals(16 + 16 + 24 + 1024, heap.usedBytes());
    }

    @Test
    void theWholeHeapCanBeAllocatedAtOnce()
    {
        final int h = heap.alloc(heap.totalBytes() - HeapBlockDescriptor.HEADER_BYTES);
        assertTrue(h > 0);
        assertEquals(0, heap.freeBytes());
        assertEquals(0, heap.freeBlockCount());
        assertEquals(0, heap.largestFreeBlock());
        heap.checkInvariants();
        assertEquals(0, heap.free(h));
        assertEquals(heap.totalBytes(), heap.largestFreeBlock());
        heap.checkInvariants();
    }

    @Test
    void freeMergesWithBothNeighbours()
    {
        final int a = heap.alloc(40);
        final int b = heap.alloc(40);
        final int c = heap.alloc(40);
        final int d = heap.alloc(40);
        final int rest = heap.alloc(heap.freeBytes() - HeapBlockDescriptor.HEADER_BYTES);
        assertEquals(0, heap.freeBlockCount());
        assertEquals(0, heap.free(a));
        assertEquals(0, heap.free(c));
        assertEquals(2, heap.freeBlockCount());
        heap.checkInvariants();
        assertEquals(0, heap.free(b));
        assertEquals(1, heap.freeBlockCount());
        assertEquals(3 * 48, heap.largestFreeBlock());
        heap.checkInvariants();
        assertEquals(0, heap.free(d));
        assertEquals(4 * 48, heap.largestFreeBlock());
        assertEquals(0, heap.free(rest));
        assertEquals(1, heap.freeBlockCount());
        assertEquals(heap.totalBytes(), heap.largestFreeBlock());
        heap.checkInvariants();
    }

    @Test
    void aFreedBlockIsReusedByTheNextAllocationOfItsSize()
    {
        final int a = heap.alloc(64);
        heap.alloc(64);
        assertEquals(0, heap.free(a));
        assertEquals(a, heap.alloc(64));
        heap.checkInvariants();
    }

    @Test
    void aRemainderTooSmallForABlockStaysWithTheAllocation()
    {
        final int a = heap.alloc(60);
        final int b = heap.alloc(8);
        assertEquals(0, heap.free(a));
        final int c = heap.alloc(52);
        assertEquals(a, c);
        assertEquals(60, heap.usableSize(c));
        heap.checkInvariants();
        assertTrue(b > c);
    }

    @Test
    void statsTrackUsedFreeLowWaterAndCounts()
    {
        final int a = heap.alloc(1000);
        final int b = heap.alloc(2000);
        final int lowWater = heap.freeBytes();
        assertEquals(0, heap.free(a));
        assertEquals(0, heap.free(b));
        assertEquals(lowWater, heap.minEverFreeBytes());
        assertEquals(2, heap.allocCount());
        assertEquals(2, heap.freeCount());
        assertEquals(0, heap.failedAllocCount());
        assertEquals(-Errno.ENOMEM, heap.alloc(SIZE));
        assertEquals(1, heap.failedAllocCount());
    }

    @Test
    void largestFreeBlockAndFreeBlockCountAreExactUnderFragmentation()
    {
        final int[] h = new int[10];
        for (int i = 0; i < h.length; i++)
        {
            h[i] = heap.alloc(100);
        }
        heap.alloc(heap.freeBytes() - HeapBlockDescriptor.HEADER_BYTES);
        for (final int i : new int[] {1, 2, 3, 5, 7, 8})
        {
            assertEquals(0, heap.free(h[i]));
        }
        assertEquals(3 * 104, heap.largestFreeBlock());
        assertEquals(3, heap.freeBlockCount());
        assertEquals(6 * 104, heap.freeBytes());
        heap.checkInvariants();
    }

    @Test
    void reallocShrinksInPlaceAndGivesTheRestBack()
    {
        final int a = heap.alloc(1000);
        heap.alloc(8);
        final int used = heap.usedBytes();
        assertEquals(a, heap.realloc(a, 100));
        assertEquals(100, heap.usableSize(a));
        assertEquals(used - (1008 - 104), heap.usedBytes());
        heap.checkInvariants();
    }

    @Test
    void reallocGrowsInPlaceIntoAFreeRightNeighbour()
    {
        final int a = heap.alloc(100);
        final int b = heap.alloc(200);
        heap.alloc(8);
        fill(a, 100, 7);
        assertEquals(0, heap.free(b));
        assertEquals(a, heap.realloc(a, 250));
        assertEquals(252, heap.usableSize(a));
        check(a, 100, 7);
        assertEquals(1, heap.reallocCount());
        heap.checkInvariants();
    }

    @Test
    void reallocMovesAndCopiesWhenItCannotGrowInPlace()
    {
        final int a = heap.alloc(100);
        heap.alloc(8);
        fill(a, 100, 3);
        final int moved = heap.realloc(a, 500);
        assertNotEquals(a, moved);
        check(moved, 100, 3);
        assertEquals(-Errno.EALREADY, heap.free(a));
        assertEquals(0, heap.free(moved));
        heap.checkInvariants();
    }

    @Test
    void failedReallocLeavesTheOldBlockIntact()
    {
        final int a = heap.alloc(100);
        heap.alloc(8);
        fill(a, 100, 9);
        assertTrue(heap.alloc(SIZE / 2) > 0);
        final int used = heap.usedBytes();
        assertEquals(-Errno.ENOMEM, heap.realloc(a, SIZE / 2));
        assertEquals(-Errno.ENOMEM, heap.realloc(a, SIZE));
        check(a, 100, 9);
        assertEquals(100, heap.usableSize(a));
        assertEquals(2, heap.failedAllocCount());
        assertEquals(used, heap.usedBytes());
        heap.checkInvariants();
    }

    @Test
    void typedAccessorsAreLittleEndianAndRoundTrip()
    {
        final int h = heap.alloc(16);
        heap.putLong(h, 0, 0x0102030405060708L);
        assertEquals(0x08, heap.getByte(h, 0));
        assertEquals(0x01, heap.getByte(h, 7));
        assertEquals(0x0708, heap.getShort(h, 0));
        assertEquals(0x05060708, heap.getInt(h, 0));
        assertEquals(0x0102030405060708L, heap.getLong(h, 0));
        heap.putInt(h, 8, -2);
        assertEquals(-2, heap.getInt(h, 8));
        heap.putShort(h, 12, (short) -3);
        assertEquals(-3, heap.getShort(h, 12));
        heap.putByte(h, 15, (byte) -4);
        assertEquals(-4, heap.getByte(h, 15));
        heap.putLong(h, 4, -1L);
        assertEquals(-1L, heap.getLong(h, 4));
        assertEquals(h + 4, heap.arrayOffset(h, 4, 8));
        assertEquals((byte) -1, heap.array()[h + 11]);
    }

    @Test
    void bulkCopiesRoundTrip()
    {
        final int h = heap.alloc(64);
        final byte[] src = new byte[80];
        for (int i = 0; i < src.length; i++)
        {
            src[i] = (byte) (i * 7);
        }
        heap.copyIn(h, 4, src, 10, 60);
        final byte[] dst = new byte[70];
        heap.copyOut(h, 4, dst, 5, 60);
        for (int i = 0; i < 60; i++)
        {
            assertEquals(src[10 + i], dst[5 + i]);
        }
        heap.copyIn(h, 0, src, 0, 0);
    }

    @Test
    void accessPastTheUsableSizeFaultsWithTheAccessDescribed()
    {
        final int h = heap.alloc(10);
        heap.putInt(h, 8, 1);
        final HeapFault fault = assertThrows(HeapFault.class, () -> heap.putInt(h, 9, 1));
        assertEquals(HeapFault.OUT_OF_BOUNDS, fault.kind());
        assertEquals(h, fault.handle());
        assertEquals(9, fault.offset());
        assertEquals(4, fault.length());
        assertEquals(12, fault.limit());
        assertEquals(0, fault.heapId());
        assertEquals("heap 0: out-of-bounds access handle=0x00000008 offset=9 length=4 limit=12", fault.getMessage());
        assertEquals(HeapFault.OUT_OF_BOUNDS, assertThrows(HeapFault.class, () -> heap.getByte(h, -1)).kind());
        assertEquals(HeapFault.OUT_OF_BOUNDS, assertThrows(HeapFault.class, () -> heap.getLong(h, 5)).kind());
        assertEquals(HeapFault.OUT_OF_BOUNDS,
            assertThrows(HeapFault.class, () -> heap.copyOut(h, 0, new byte[4], 0, -1)).kind());
        heap.checkInvariants();
    }

    @Test
    void accessWithAFreedHandleFaultsAsUseAfterFree()
    {
        final int h = heap.alloc(10);
        heap.alloc(10);
        heap.free(h);
        assertEquals(HeapFault.USE_AFTER_FREE, assertThrows(HeapFault.class, () -> heap.getInt(h, 0)).kind());
        assertEquals(HeapFault.BAD_HANDLE, assertThrows(HeapFault.class, () -> heap.getInt(h + 8, 0)).kind());
        assertEquals(HeapFault.BAD_HANDLE, assertThrows(HeapFault.class, () -> heap.getInt(-12, 0)).kind());
    }

    @Test
    void bulkCopyWithABadArrayRangeFaultsBeforeCopying()
    {
        final int h = heap.alloc(32);
        heap.putInt(h, 0, 42);
        final HeapFault fault = assertThrows(HeapFault.class, () -> heap.copyIn(h, 0, new byte[8], 4, 8));
        assertEquals(HeapFault.ARRAY_RANGE, fault.kind());
        assertEquals(4, fault.offset());
        assertEquals(8, fault.limit());
        assertEquals(42, heap.getInt(h, 0));
        assertEquals(HeapFault.ARRAY_RANGE,
            assertThrows(HeapFault.class, () -> heap.copyOut(h, 0, new byte[8], -1, 4)).kind());
    }

    @Test
    void theFaultIsOnePreallocatedInstanceWithoutStackTrace()
    {
        final int h = heap.alloc(8);
        final HeapFault first = assertThrows(HeapFault.class, () -> heap.getInt(h, 100));
        final HeapFault second = assertThrows(HeapFault.class, () -> heap.getInt(h + 8, 0));
        assertSame(first, second);
        assertEquals(0, second.getStackTrace().length);
        final AsciiSink sink = new AsciiSink(100);
        second.writeTo(sink);
        assertEquals("heap 0: bad handle handle=0x00000010 offset=0 length=4 limit=-1", sink.toString());
    }

    @Test
    void resetRestoresTheFreshStateAndInvalidatesOldHandles()
    {
        final int a = heap.alloc(100);
        final int b = heap.alloc(200);
        heap.free(a);
        heap.alloc(SIZE * 2);
        heap.reset();
        assertEquals(1, heap.freeBlockCount());
        assertEquals(heap.totalBytes(), heap.largestFreeBlock());
        assertEquals(heap.totalBytes(), heap.minEverFreeBytes());
        assertEquals(0, heap.allocCount());
        assertEquals(0, heap.failedAllocCount());
        assertEquals(-Errno.EINVAL, heap.free(a));
        assertEquals(-Errno.EINVAL, heap.free(b));
        heap.checkInvariants();
        assertEquals(8, heap.alloc(100));
    }

    @Test
    void statsLineIsWrittenWithoutFormatting()
    {
        final ModuleHeap small = new ModuleHeap(2, 256);
        small.alloc(20);
        final AsciiSink sink = new AsciiSink(200);
        small.writeStats(sink);
        assertEquals("heap 2: total=248 used=24 free=224 largest=224 minEverFree=224 freeBlocks=1 allocs=1"
            + " frees=0 reallocs=0 failed=0 invalidFrees=0", sink.toString());
    }

    @Test
    void listIndexFollowsTheTlsfMapping()
    {
        assertEquals(2, ModuleHeap.listIndex(16));
        assertEquals(15, ModuleHeap.listIndex(120));
        assertEquals(1 << ModuleHeap.SL_LOG2, ModuleHeap.listIndex(128));
        assertEquals((1 << ModuleHeap.SL_LOG2) | 15, ModuleHeap.listIndex(255));
        assertEquals((2 << ModuleHeap.SL_LOG2) | 1, ModuleHeap.listIndex(272));
        assertEquals((2 << ModuleHeap.SL_LOG2) | 1, ModuleHeap.listIndex(287));
        assertEquals(288, ModuleHeap.roundUpToList(280));
        assertEquals(120, ModuleHeap.roundUpToList(120));
        assertEquals(256, ModuleHeap.roundUpToList(256));
    }

    @Test
    void constructorRejectsBadSizesAndIds()
    {
        assertThrows(IllegalArgumentException.class, () -> new ModuleHeap(-1, 1024));
        assertThrows(IllegalArgumentException.class, () -> new ModuleHeap(ModuleHeap.MAX_ID + 1, 1024));
        assertThrows(IllegalArgumentException.class, () -> new ModuleHeap(0, 1020));
        assertThrows(IllegalArgumentException.class, () -> new ModuleHeap(0, 24));
        assertThrows(IllegalArgumentException.class, () -> new ModuleHeap(0, ModuleHeap.MAX_SIZE_BYTES + 8));
        final ModuleHeap largest = new ModuleHeap(ModuleHeap.MAX_ID, ModuleHeap.MAX_SIZE_BYTES);
        final int h = largest.alloc(largest.totalBytes() - 4);
        assertTrue(h > 0);
        assertEquals(0, largest.free(h));
        largest.checkInvariants();
        final ModuleHeap smallest = new ModuleHeap(0, ModuleHeap.MIN_SIZE_BYTES);
        assertEquals(20, smallest.usableSize(smallest.alloc(20)));
        smallest.checkInvariants();
    }

    private void fill(final int h, final int n, final int seed)
    {
        for (int i = 0; i < n; i++)
        {
            heap.putByte(h, i, (byte) (seed + i));
        }
    }

    private void check(final int h, final int n, final int seed)
    {
        final byte[] expected = new byte[n];
        final byte[] actual = new byte[n];
        for (int i = 0; i < n; i++)
        {
            expected[i] = (byte) (seed + i);
        }
        heap.copyOut(h, 0, actual, 0, n);
        assertArrayEquals(expected, actual);
    }
}
