package dev.fireball.bench;

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
 * The same fragmented heaps as {@link ModuleHeapBenchmark}, one fixed request size per run, averaged
 * over many operations: each size repeats the same path every time, so the mean is that path's
 * cost without timer resolution or OS jitter, and max/median over the sizes is the algorithm's
 * spread (first fit walks further for larger requests; TLSF should not care).
 * <p>Not every request succeeds: on the fragmented 16 KiB heap first fit has no block for 1024 B
 * (largest free block 800 B), so that row times a failing {@code alloc} (the whole free list walked,
 * no free), not an alloc + free; TLSF serves every size on both heaps. The set-up prints each
 * side's outcome, and {@code HeapBenchmarksTest} pins which requests fail.
 * <p>Run: {@code java -jar bench/target/benchmarks.jar ModuleHeapSizeBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ModuleHeapSizeBenchmark
{
    @Param({"16384", "65536"})
    public int heapBytes;

    @Param({"8", "64", "256", "512", "1024"})
    public int sizeBytes;

    private ModuleHeap tlsf;
    private FirstFitHeap firstFit;

    @Setup(Level.Trial)
    public void fragment()
    {
        tlsf = new ModuleHeap(0, heapBytes);
        firstFit = new FirstFitHeap(heapBytes);
        ModuleHeapBenchmark.fragment(tlsf, firstFit, heapBytes);
        System.out.println("fragmented " + heapBytes + " B heap, " + sizeBytes + " B request: TLSF "
            + outcome(ModuleHeapBenchmark.allocFree(tlsf, sizeBytes)) + ", first fit "
            + outcome(ModuleHeapBenchmark.allocFree(firstFit, sizeBytes)));
    }

    private static String outcome(final int handle)
    {
        return handle > 0 ? "alloc + free" : "alloc fails (" + handle + ")";
    }

    @Benchmark
    public int tlsfAllocFree()
    {
        return ModuleHeapBenchmark.allocFree(tlsf, sizeBytes);
    }

    @Benchmark
    public int firstFitAllocFree()
    {
        return ModuleHeapBenchmark.allocFree(firstFit, sizeBytes);
    }
}
