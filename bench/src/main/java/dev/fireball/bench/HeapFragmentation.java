package dev.fireball.bench;

import java.util.Locale;

/**
 * Replays the same seeded {@link HeapTrace} on ModuleHeap (TLSF) and on the heap_4 first-fit
 * baseline and reports fragmentation as largest free block / free bytes (1.0 = all free space in one
 * block), sampled every {@link #CHECK_EVERY} steps once the heap is warm, plus failed allocations
 * and the worst steps per operation. Run: {@code java -cp bench/target/benchmarks.jar
 * dev.fireball.bench.HeapFragmentation}.
 */
public final class HeapFragmentation
{
    public static final int CHECK_EVERY = 64;

    /** One allocator's outcome on one trace. */
    public record Result(String allocator, double finalRatio, double meanRatio, double minRatio,
        long failedAllocs, long allocs, int maxAllocSteps, int maxFreeSteps, int finalFreeBlocks)
    {
    }

    private HeapFragmentation()
    {
    }

    public static Result replay(final HeapTrace trace, final HeapAllocator heap)
    {
        final int[] handles = new int[trace.blocks];
        final int warmUp = trace.length() / 10;
        double sum = 0;
        double min = 1;
        int samples = 0;
        long failed = 0;
        long allocs = 0;
        for (int i = 0; i < trace.length(); i++)
        {
            final int id = trace.block[i];
            if (HeapTrace.ALLOC == trace.kind[i])
            {
                allocs++;
                handles[id] = heap.alloc(trace.sizeBytes[i]);
                if (handles[id] <= 0)
                {
                    failed++;
                }
            }
            else if (handles[id] > 0)
            {
                if (0 != heap.free(handles[id]))
                {
                    throw new IllegalStateException(heap.name() + " rejected a valid free at step " + i);
                }
                handles[id] = 0;
            }
            if (i >= warmUp && 0 == i % CHECK_EVERY && heap.freeBytes() > 0)
            {
                final double ratio = (double) heap.largestFreeBlock() / heap.freeBytes();
                sum += ratio;
                min = Math.min(min, ratio);
                samples++;
            }
        }
        final double last = heap.freeBytes() > 0 ? (double) heap.largestFreeBlock() / heap.freeBytes() : 1;
        return new Result(heap.name(), last, sum / samples, min, failed, allocs, heap.maxAllocSteps(),
            heap.maxFreeSteps(), heap.freeBlockCount());
    }

    /** The two allocators on one seeded trace: {TLSF, first fit}. */
    public static Result[] compare(final long seed, final int heapBytes, final int steps)
    {
        final HeapTrace trace = HeapTrace.generate(seed, steps, heapBytes, 8, 1024, 0.75);
        return new Result[] {
            replay(trace, HeapAllocator.tlsf(heapBytes)),
            replay(trace, HeapAllocator.firstFit(heapBytes))};
    }

    public static void main(final String[] args)
    {
        final int steps = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        System.out.println("trace: uniform 8..1024 B requests, requested bytes <= 75% of the heap, " + steps
            + " steps, seeds 1..10; ratio = largest free block / free bytes (mean over samples every "
            + CHECK_EVERY + " steps)");
        for (final int heapBytes : new int[] {16384, 65536})
        {
            double[] mean = new double[2];
            double[] last = new double[2];
            double[] min = new double[2];
            long[] failed = new long[2];
            long[] allocs = new long[2];
            int[] allocSteps = new int[2];
            int[] freeSteps = new int[2];
            String[] names = new String[2];
            final int seeds = 10;
            for (long seed = 1; seed <= seeds; seed++)
            {
                final Result[] r = compare(seed, heapBytes, steps);
                for (int k = 0; k < 2; k++)
                {
                    names[k] = r[k].allocator();
                    mean[k] += r[k].meanRatio() / seeds;
                    last[k] += r[k].finalRatio() / seeds;
                    min[k] = seed == 1 ? r[k].minRatio() : Math.min(min[k], r[k].minRatio());
                    failed[k] += r[k].failedAllocs();
                    allocs[k] += r[k].allocs();
                    allocSteps[k] = Math.max(allocSteps[k], r[k].maxAllocSteps());
                    freeSteps[k] = Math.max(freeSteps[k], r[k].maxFreeSteps());
                }
            }
            for (int k = 0; k < 2; k++)
            {
                System.out.println(String.format(Locale.ROOT,
                    "heap %6d B  %-22s mean ratio %.3f  final %.3f  min %.3f  failed allocs %6d / %d (%.2f%%)"
                        + "  max steps alloc %4d free %4d",
                    heapBytes, names[k], mean[k], last[k], min[k], failed[k], allocs[k], 100.0 * failed[k] / allocs[k],
                    allocSteps[k], freeSteps[k]));
            }
        }
    }
}
