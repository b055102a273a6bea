package dev.fireball.kernel;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fireball.testkit.AllocationMeter;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/**
 * After construction, no {@link ModuleHeap} operation allocates on the Java heap: alloc, free,
 * realloc (in place and moved), rejected frees, every accessor, the statistics, and the fault path
 * (the preallocated {@link HeapFault} is thrown and caught). Runs in the surefire execution
 * {@code allocation} with {@link AllocationMeter#JVM_FLAGS}, so an allocation the JIT would have
 * scalar-replaced still counts: the device JVMs have no escape analysis.
 */
class ModuleHeapAllocationTest
{
    private static final int SLOTS = 64;
    /** Windows measured at most, each of {@link #WINDOW_ITERATIONS} mixed operations. */
    private static final int WINDOWS = 4;
    private static final int WINDOW_ITERATIONS = 100_000;

    @Test
    void runsWithTheAllocationFlags()
    {
        assertDoesNotThrow(() -> AllocationMeter.requireAllocationFlags(),
            "the surefire execution 'allocation' must pass " + AllocationMeter.JVM_FLAGS);
    }

    @Test
    void heapOperationsAllocateNothingAfterConstruction()
    {
        final ModuleHeap heap = new ModuleHeap(7, ModuleHeap.DEFAULT_SIZE_BYTES);
        final int[] handles = new int[SLOTS];
        final byte[] buffer = new byte[1024];
        final AsciiSink sink = new AsciiSink(512);
        final long[] checksum = new long[1];

        // Warm up: class initialisation, interpreter profiling, JIT compilation.
        for (int round = 0; round < 5; round++)
        {
            workload(heap, handles, buffer, sink, checksum, 20_000, round);
        }

        // Several windows, and one must read exactly zero. HotSpot may still be compiling: a C2 compile
        // request resolves every string literal of the method's class on the requesting thread
        // (CompileBroker::compile_method -> resolve_string_constants), a one-time cost of a few dozen
        // bytes that can land in any window. An allocation on any path of the workload would show in
        // every window: each runs every operation thousands of times.
        final int[] faultsAndWindow = new int[2];
        final long[] windows = AllocationMeter.assertNoAllocation("heap operations (" + WINDOW_ITERATIONS
            + " per window)", 0, WINDOWS, 1, () ->
            {
                faultsAndWindow[0] += workload(heap, handles, buffer, sink, checksum, WINDOW_ITERATIONS,
                    99 + faultsAndWindow[1]++);
            });

        System.out.println("ModuleHeapAllocationTest: bytes allocated per window of " + WINDOW_ITERATIONS
            + " iterations " + Arrays.toString(windows) + " (" + faultsAndWindow[0] + " faults thrown)");
        assertTrue(faultsAndWindow[0] > 0);
        assertTrue(0 != checksum[0]);
    }

    /** Mixed operations driven by an LCG (no java.util.Random: nothing here may allocate). */
    private static int workload(final ModuleHeap heap, final int[] handles, final byte[] buffer, final AsciiSink sink,
        final long[] checksum, final int iterations, final int seed)
    {
        int x = 0x9E3779B9 ^ seed;
        int faults = 0;
        long sum = checksum[0];
        for (int i = 0; i < iterations; i++)
        {
            x = x * 1664525 + 1013904223;
            final int slot = (x >>> 8) & (SLOTS - 1);
            final int size = 1 + ((x >>> 14) & 1023);
            final int h = handles[slot];
            switch ((x >>> 26) & 7)
            {
                case 0:
                case 1:
                case 2:
                    if (h > 0)
                    {
                        heap.free(h);
                    }
                    handles[slot] = heap.alloc(size);
                    break;
                case 3:
                    if (h > 0)
                    {
                        final int r = heap.realloc(h, size);
                        if (r > 0)
                        {
                            handles[slot] = r;
                        }
                    }
                    break;
                case 4:
                    if (h > 0)
                    {
                        heap.putInt(h, 0, i);
                        heap.putLong(h, 4, i);
                        heap.putShort(h, 0, (short) i);
                        heap.putByte(h, 1, (byte) i);
                        sum += heap.getInt(h, 0) + heap.getLong(h, 4) + heap.getShort(h, 2) + heap.getByte(h, 3);
                        final int n = Math.min(heap.usableSize(h), buffer.length);
                        heap.copyIn(h, 0, buffer, 0, n);
                        heap.copyOut(h, 0, buffer, 0, n);
                        sum += heap.arrayOffset(h, 0, n);
                    }
                    break;
                case 5:
                    // Rejected calls: double free / never allocated / foreign, and a faulting access.
                    sum += heap.free(h + 8) + heap.free(-1) + heap.free(h ^ (1 << 25)) + heap.realloc(h + 8, 10);
                    try
                    {
                        sum += heap.getInt(h, 1 << 16);
                    }
                    catch (final HeapFault fault)
                    {
                        faults++;
                        sink.clear();
                        fault.writeTo(sink);
                        sum += fault.kind() + fault.limit() + sink.length();
                    }
                    break;
                case 6:
                    sum += heap.usedBytes() + heap.freeBytes() + heap.largestFreeBlock() + heap.minEverFreeBytes()
                        + heap.freeBlockCount() + heap.allocCount() + heap.freeCount() + heap.failedAllocCount()
                        + heap.lastOpSteps();
                    break;
                default:
                    if (0 == (i & 0xFFF))
                    {
                        sink.clear();
                        heap.writeStats(sink);
                        sum += sink.length();
                    }
                    if (0 == (i & 0xFFFF))
                    {
                        heap.reset();
                        for (int s = 0; s < SLOTS; s++)
                        {
                            handles[s] = 0;
                        }
                    }
                    break;
            }
        }
        checksum[0] = sum;
        return faults;
    }
}
