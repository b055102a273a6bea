package dev.fireball.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * What one op of the heap benchmarks is on each side. {@code ModuleHeapSizeBenchmark} repeats one
 * request size, so if that request fails the row times a failing alloc (no free), a different and
 * shorter op than the other rows: pin which requests fail, and that an alloc + free that succeeds
 * leaves the heap as it was (the next op takes the same block).
 */
class HeapBenchmarksTest
{
    private static final int[] SIZES = {8, 64, 256, 512, 1024};

    @Test
    void sizeBenchmarkRequestsSucceedExceptFirstFit1024OnTheSmallHeap()
    {
        for (final int heapBytes : new int[] {16384, 65536})
        {
            for (final int size : SIZES)
            {
                final ModuleHeapSizeBenchmark b = new ModuleHeapSizeBenchmark();
                b.heapBytes = heapBytes;
                b.sizeBytes = size;
                b.fragment();
                final int tlsf = b.tlsfAllocFree();
                final int firstFit = b.firstFitAllocFree();
                final String what = heapBytes + " B heap, " + size + " B";
                assertTrue(tlsf > 0, "TLSF " + what);
                assertEquals(tlsf, b.tlsfAllocFree(), "TLSF takes the same block again: " + what);
                if (16384 == heapBytes && 1024 == size)
                {
                    assertEquals(-12, firstFit, "first fit has no 1024 B block on the fragmented 16 KiB heap");
                    assertEquals(-12, b.firstFitAllocFree());
                }
                else
                {
                    assertTrue(firstFit > 0, "first fit " + what);
                    assertEquals(firstFit, b.firstFitAllocFree(), "first fit takes the same block again: " + what);
                }
            }
        }
    }
}
