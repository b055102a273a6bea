package dev.fireball.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import dev.fireball.kernel.ModuleHeap;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One alloc + free per operation, sizes uniform in 8..1024 B from a fixed seeded sequence, on a heap
 * first fragmented by the same seeded {@link HeapTrace} for both allocators: ModuleHeap (TLSF) and
 * the heap_4 first-fit baseline. SampleTime mode times every sampled operation, so the result has
 * the median (p0.50) and the tail up to the worst (p1.00). Alloc + free leaves the heap as it was
 * (both coalesce), so every operation sees the same fragmented heap.
 * <p>Run: {@code java -jar bench/target/benchmarks.jar ModuleHeapBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ModuleHeapBenchmark
{
    /** The fragmentation trace and the request sizes; the same in every run. */
    public static final long SEED = 20240531L;
    public static final int TRACE_STEPS = 20_000;
    private static final int SIZES = 4096;

    @Param({"16384", "65536"})
    public int heapBytes;

    private ModuleHeap tlsf;
    private FirstFitHeap firstFit;
    private final int[] sizes = new int[SIZES];
    private int cursor;

    @Setup(Level.Trial)
    public void fragment()
    {
        tlsf = new ModuleHeap(0, heapBytes);
        firstFit = new FirstFitHeap(heapBytes);
        fragment(tlsf, firstFit, heapBytes);
        final SplittableRandom random = new SplittableRandom(SEED + 1);
        for (int i = 0; i < SIZES; i++)
        {
            sizes[i] = 8 + random.nextInt(1024 - 8 + 1);
        }
        int tlsfFailures = 0;
        int firstFitFailures = 0;
        for (final int size : sizes)
        {
            tlsfFailures += allocFree(tlsf, size) > 0 ? 0 : 1;
            firstFitFailures += allocFree(firstFit, size) > 0 ? 0 : 1;
        }
        System.out.println("fragmented " + heapBytes + " B heap: TLSF " + tlsf.freeBlockCount() + " free blocks, "
            + tlsf.freeBytes() + " B free, largest " + tlsf.largestFreeBlock() + ", requests failing "
            + tlsfFailures + "/" + SIZES + "; first fit " + firstFit.freeBlockCount() + " free blocks, "
            + firstFit.freeBytes() + " B free, largest " + firstFit.largestFreeBlock() + ", requests failing "
            + firstFitFailures + "/" + SIZES);
    }

    /** Replays the seeded trace on both heaps, leaving them fragmented the same way. */
    static void fragment(final ModuleHeap tlsf, final FirstFitHeap firstFit, final int heapBytes)
    {
        final HeapTrace trace = HeapTrace.generate(SEED, TRACE_STEPS, heapBytes, 8, 1024, 0.75);
        HeapFragmentation.replay(trace, wrap(tlsf));
        HeapFragmentation.replay(trace, wrap(firstFit));
    }

    @Benchmark
    public int tlsfAllocFree()
    {
        return allocFree(tlsf, sizes[cursor++ & (SIZES - 1)]);
    }

    @Benchmark
    public int firstFitAllocFree()
    {
        return allocFree(firstFit, sizes[cursor++ & (SIZES - 1)]);
    }

    static int allocFree(final ModuleHeap heap, final int size)
    {
        final int h = heap.alloc(size);
        if (h > 0)
        {
            heap.free(h);
        }
        return h;
    }

    static int allocFree(final FirstFitHeap heap, final int size)
    {
        final int h = heap.alloc(size);
        if (h > 0)
        {
            heap.free(h);
        }
        return h;
    }

    private static HeapAllocator wrap(final ModuleHeap heap)
    {
        return HeapAllocator.of("ModuleHeap (TLSF)", heap);
    }

    private static HeapAllocator wrap(final FirstFitHeap heap)
    {
        return heap;
    }
}
