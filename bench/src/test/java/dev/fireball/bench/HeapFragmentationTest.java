package dev.fireball.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fireball.kernel.ModuleHeap;
import org.junit.jupiter.api.Test;

/**
 * Issue 3's fragmentation target: after the same seeded trace, ModuleHeap's largest free block /
 * free bytes is no worse than the heap_4 first-fit baseline's, and it fails no more allocations.
 * Averaged over ten seeds so one lucky trace decides nothing; prints the numbers it compares.
 */
class HeapFragmentationTest
{
    private static final int SEEDS = 10;
    private static final int STEPS = 20_000;

    @Test
    void tlsfFragmentsNoWorseThanFirstFitOnTheSameTraces()
    {
        for (final int heapBytes : new int[] {ModuleHeap.DEFAULT_SIZE_BYTES, 4 * ModuleHeap.DEFAULT_SIZE_BYTES})
        {
            double tlsfRatio = 0;
            double firstFitRatio = 0;
            long tlsfFailed = 0;
            long firstFitFailed = 0;
            int tlsfWorstSteps = 0;
            int firstFitWorstSteps = 0;
            for (long seed = 1; seed <= SEEDS; seed++)
            {
                final HeapFragmentation.Result[] r = HeapFragmentation.compare(seed, heapBytes, STEPS);
                tlsfRatio += r[0].meanRatio() / SEEDS;
                firstFitRatio += r[1].meanRatio() / SEEDS;
                tlsfFailed += r[0].failedAllocs();
                firstFitFailed += r[1].failedAllocs();
                tlsfWorstSteps = Math.max(tlsfWorstSteps, Math.max(r[0].maxAllocSteps(), r[0].maxFreeSteps()));
                firstFitWorstSteps = Math.max(firstFitWorstSteps, Math.max(r[1].maxAllocSteps(), r[1].maxFreeSteps()));
            }
            System.out.printf("heap %d B, %d seeds x %d steps: largest/free TLSF %.3f vs first fit %.3f;"
                    + " failed allocs %d vs %d; worst steps/op %d vs %d%n",
                heapBytes, SEEDS, STEPS, tlsfRatio, firstFitRatio, tlsfFailed, firstFitFailed, tlsfWorstSteps,
                firstFitWorstSteps);
            assertTrue(tlsfRatio >= firstFitRatio, "TLSF fragments more than first fit");
            assertTrue(tlsfFailed <= firstFitFailed, "TLSF fails more allocations than first fit");
            assertTrue(tlsfWorstSteps <= ModuleHeap.ALLOC_MAX_STEPS);
        }
    }

    @Test
    void aTraceIsTheSameForEverySeedUse()
    {
        final HeapTrace a = HeapTrace.generate(7, 1000, 16384, 8, 1024, 0.75);
        final HeapTrace b = HeapTrace.generate(7, 1000, 16384, 8, 1024, 0.75);
        for (int i = 0; i < a.length(); i++)
        {
            assertEquals(a.kind[i], b.kind[i]);
            assertEquals(a.block[i], b.block[i]);
            assertEquals(a.sizeBytes[i], b.sizeBytes[i]);
        }
    }
}
