package dev.fireball.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/**
 * After construction, no {@link ModuleHeap} operation allocates on the Java heap: alloc, free,
 * realloc (in place and moved), rejected frees, every accessor, the statistics, and the fault path
 * (the preallocated {@link HeapFault} is thrown and caught). Runs in the surefire execution
 * {@code allocation} with {@code -XX:-DoEscapeAnalysis}, so an allocation the JIT would have
 * scalar-replaced still counts: the device JVMs have no escape analysis.
 */
class ModuleHeapAllocationTest
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final int SLOTS = 64;

    private static long allocatedBytes()
    {
        return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    @Test
    void runsWithoutEscapeAnalysis()
    {
        assertTrue(ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:-DoEscapeAnalysis"),
            "the surefire execution 'allocation' must pass -XX:-DoEscapeAnalysis");
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
        final long idle0 = allocatedBytes();
        final long idle1 = allocatedBytes();
        final long probeCost = idle1 - idle0;

        // Several windows, and one must read exactly zero. HotSpot may still be compiling: a C2 compile
        // request resolves every string literal of the method's class on the requesting thread
        // (CompileBroker::compile_method -> resolve_string_constants), a one-time cost of a few dozen
        // bytes that can land in any window. An allocation on any path of the workload would show in
        // every window: each runs every operation thousands of times.
        final long[] windows = new long[4];
        long best = Long.MAX_VALUE;
        int faults = 0;
        int measured = 0;
        for (int w = 0; w < windows.length && 0 != best; w++)
        {
            measured++;
            final long before = allocatedBytes();
            faults += workload(heap, handles, buffer, sink, checksum, 100_000, 99 + w);
            final long after = allocatedBytes();
            windows[w] = after - before - probeCost;
            best = Math.min(best, windows[w]);
        }

        final String perWindow = Arrays.toString(Arrays.copyOf(windows, measured));
        System.out.println("ModuleHeapAllocationTest: bytes allocated per window of 100000 iterations "
            + perWindow + " (" + faults + " faults thrown), probe cost " + probeCost);
        assertTrue(faults > 0);
        assertTrue(0 != checksum[0]);
        assertEquals(0, best, "bytes allocated by heap operations after construction, per window: " + perWindow);
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
