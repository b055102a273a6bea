package dev.fireball.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Random alloc/free/realloc/bad-free/access sequences against a model that knows only the live
 * allocations. After every operation: the heap's own invariants hold; no two live blocks overlap;
 * the free blocks are exactly the gaps between live blocks (so coalescing is immediate, and
 * freeBlockCount and largestFreeBlock are exact); every statistic matches the model; live data is
 * intact; the operation took no more steps than its documented bound; and a failed allocation
 * respects TLSF's good-fit guarantee. Freeing everything at the end leaves one free block.
 */
class ModuleHeapPropertyTest
{
    enum Kind
    {
        ALLOC, FREE, REALLOC, BAD_FREE, ACCESS
    }

    record Op(Kind kind, int size, int pick)
    {
    }

    /** A live allocation as the model sees it: bytes {@code [0, usable)} hold {@code (byte) (seed + i)}. */
    private static final class Live
    {
        int handle;
        int usable;
        int seed;

        Live(final int handle, final int usable, final int seed)
        {
            this.handle = handle;
            this.usable = usable;
            this.seed = seed;
        }
    }

    private static final int OFFSET_MASK = (1 << ModuleHeap.HANDLE_OFFSET_BITS) - 1;

    @Provide
    Arbitrary<List<Op>> operations()
    {
        final Arbitrary<Kind> kinds = Arbitraries.frequency(
            Tuple.of(10, Kind.ALLOC), Tuple.of(7, Kind.FREE), Tuple.of(4, Kind.REALLOC),
            Tuple.of(2, Kind.BAD_FREE), Tuple.of(2, Kind.ACCESS));
        final Arbitrary<Integer> sizes = Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.integers().between(1, 64)),
            Tuple.of(4, Arbitraries.integers().between(65, 1024)),
            Tuple.of(1, Arbitraries.integers().between(1025, 12000)));
        final Arbitrary<Integer> picks = Arbitraries.integers().between(0, Integer.MAX_VALUE);
        return Combinators.combine(kinds, sizes, picks).as(Op::new).list().ofMinSize(1).ofMaxSize(400);
    }

    @Provide
    Arbitrary<Integer> heapSizes()
    {
        return Arbitraries.of(32, 64, 256, 1024, 4096, 16384);
    }

    @Property(tries = 400)
    void randomOperationsKeepEveryInvariant(
        @ForAll("heapSizes") final int sizeBytes,
        @ForAll @IntRange(min = 0, max = ModuleHeap.MAX_ID) final int id,
        @ForAll("operations") final List<Op> ops)
    {
        new Run(new ModuleHeap(id, sizeBytes)).apply(ops);
    }

    /** One long seeded run per heap size; prints the worst step counts observed for the report. */
    @Test
    void longSeededRunStaysWithinTheStepBounds()
    {
        final Random random = new Random(20240531L);
        for (final int sizeBytes : new int[] {1024, 16384, 65536})
        {
            final Run run = new Run(new ModuleHeap(1, sizeBytes));
            run.checkEvery = 64;
            final List<Op> ops = new ArrayList<>();
            for (int i = 0; i < 40_000; i++)
            {
                final int r = random.nextInt(23);
                final Kind kind = r < 10 ? Kind.ALLOC : r < 17 ? Kind.FREE : r < 21 ? Kind.REALLOC
                    : r < 22 ? Kind.BAD_FREE : Kind.ACCESS;
                final int size = random.nextInt(8) < 6 ? 1 + random.nextInt(64) : 1 + random.nextInt(1024);
                ops.add(new Op(kind, size, random.nextInt(Integer.MAX_VALUE)));
            }
            run.apply(ops);
            final ModuleHeap heap = run.heap;
            System.out.println("ModuleHeap " + sizeBytes + " B, 40000 ops: max steps alloc=" + heap.maxAllocSteps()
                + "/" + ModuleHeap.ALLOC_MAX_STEPS + " free=" + heap.maxFreeSteps() + "/" + ModuleHeap.FREE_MAX_STEPS
                + " realloc=" + heap.maxReallocSteps() + "/" + ModuleHeap.REALLOC_MAX_STEPS
                + ", failed allocs=" + run.failed);
            assertTrue(heap.maxAllocSteps() <= ModuleHeap.ALLOC_MAX_STEPS);
            assertTrue(heap.maxFreeSteps() <= ModuleHeap.FREE_MAX_STEPS);
            assertTrue(heap.maxReallocSteps() <= ModuleHeap.REALLOC_MAX_STEPS);
        }
    }

    /** The model and the checks, for one heap. */
    private static final class Run
    {
        final ModuleHeap heap;
        final List<Live> live = new ArrayList<>();
        /** Handles freed and not returned again since: freeing one is a double free. */
        final Set<Integer> freed = new HashSet<>();
        final int base;
        byte[] scratch = new byte[0];
        long allocs;
        long frees;
        long reallocs;
        long failed;
        long invalid;
        int minEverFree;
        int seeds;
        int checkEvery = 1;
        int count;

        Run(final ModuleHeap heap)
        {
            this.heap = heap;
            base = heap.id() << ModuleHeap.HANDLE_OFFSET_BITS;
            minEverFree = heap.totalBytes();
        }

        void apply(final List<Op> ops)
        {
            for (final Op op : ops)
            {
                step(op);
                if (0 == ++count % checkEvery)
                {
                    checkAgainstModel();
                }
            }
            checkAgainstModel();
            for (final Live l : live)
            {
                checkContent(l, l.usable);
                assertEquals(0, heap.free(l.handle));
                assertTrue(heap.lastOpSteps() <= ModuleHeap.FREE_MAX_STEPS);
            }
            live.clear();
            heap.checkInvariants();
            assertEquals(1, heap.freeBlockCount());
            assertEquals(heap.totalBytes(), heap.largestFreeBlock());
            assertEquals(heap.totalBytes(), heap.freeBytes());
            assertEquals(0, heap.usedBytes());
        }

        private void step(final Op op)
        {
            switch (op.kind())
            {
                case ALLOC:
                    alloc(op.size());
                    break;
                case FREE:
                    if (live.isEmpty())
                    {
                        alloc(op.size());
                    }
                    else
                    {
                        free(live.remove(op.pick() % live.size()));
                    }
                    break;
                case REALLOC:
                    if (live.isEmpty())
                    {
                        alloc(op.size());
                    }
                    else
                    {
                        realloc(live.get(op.pick() % live.size()), op.size());
                    }
                    break;
                case BAD_FREE:
                    badFree(op.pick());
                    break;
                default:
                    access(op.size(), op.pick());
                    break;
            }
        }

        private void alloc(final int size)
        {
            final int freeBefore = heap.freeBytes();
            final int largestBefore = heap.largestFreeBlock();
            final int h = heap.alloc(size);
            assertTrue(heap.lastOpSteps() <= ModuleHeap.ALLOC_MAX_STEPS, "alloc steps " + heap.lastOpSteps());
            if (h > 0)
            {
                allocs++;
                final int usable = heap.usableSize(h);
                final int block = HeapBlockDescriptor.blockBytesFor(size);
                assertTrue(usable >= size && usable + 4 >= block && usable + 4 < block + HeapBlockDescriptor.MIN_BLOCK_BYTES,
                    "usable " + usable + " for " + size);
                assertEquals(base, h & ~OFFSET_MASK);
                assertEquals(0, h % HeapBlockDescriptor.ALIGN_BYTES);
                freed.remove(h);
                final Live l = new Live(h, usable, seeds++);
                fillContent(l);
                live.add(l);
                minEverFree = Math.min(minEverFree, freeBefore - usable - 4);
            }
            else
            {
                assertEquals(-Errno.ENOMEM, h);
                failed++;
                // Good fit: any free block at least the request rounded up to its list boundary is found.
                if (size <= heap.totalBytes() - HeapBlockDescriptor.HEADER_BYTES)
                {
                    final int needed = ModuleHeap.roundUpToList(HeapBlockDescriptor.blockBytesFor(size));
                    assertTrue(largestBefore < needed, "ENOMEM for " + size + " with a free block of " + largestBefore);
                }
            }
        }

        private void free(final Live l)
        {
            checkContent(l, l.usable);
            assertEquals(0, heap.free(l.handle));
            assertTrue(heap.lastOpSteps() <= ModuleHeap.FREE_MAX_STEPS, "free steps " + heap.lastOpSteps());
            frees++;
            freed.add(l.handle);
            assertEquals(-Errno.EALREADY, heap.usableSize(l.handle));
        }

        private void realloc(final Live l, final int size)
        {
            checkContent(l, l.usable);
            final int freeBefore = heap.freeBytes();
            final int r = heap.realloc(l.handle, size);
            assertTrue(heap.lastOpSteps() <= ModuleHeap.REALLOC_MAX_STEPS, "realloc steps " + heap.lastOpSteps());
            if (r > 0)
            {
                reallocs++;
                final int usable = heap.usableSize(r);
                assertTrue(usable >= size);
                if (r != l.handle)
                {
                    // Moved: the new block is taken before the old one is released.
                    minEverFree = Math.min(minEverFree, freeBefore - usable - 4);
                    freed.add(l.handle);
                    freed.remove(r);
                    assertTrue(usable > l.usable);
                }
                final int kept = Math.min(usable, l.usable);
                l.handle = r;
                checkContent(l, kept);
                l.usable = usable;
                l.seed = seeds++;
                fillContent(l);
                minEverFree = Math.min(minEverFree, heap.freeBytes());
            }
            else
            {
                assertEquals(-Errno.ENOMEM, r);
                failed++;
                assertEquals(l.usable, heap.usableSize(l.handle));
                checkContent(l, l.usable);
            }
        }

        private void badFree(final int pick)
        {
            final int handle;
            final int choice = pick & 3;
            if (0 == choice && !freed.isEmpty())
            {
                handle = freed.iterator().next();
            }
            else if (1 == choice)
            {
                handle = ((heap.id() + 1) & ModuleHeap.MAX_ID) << ModuleHeap.HANDLE_OFFSET_BITS
                    | (live.isEmpty() ? 8 : live.get(0).handle & OFFSET_MASK);
            }
            else
            {
                handle = base | ((pick >>> 2) % (heap.sizeBytes() + 64));
            }
            if (isLive(handle))
            {
                return;
            }
            final int expected = freed.contains(handle) ? -Errno.EALREADY : -Errno.EINVAL;
            final int before = heap.usedBytes();
            assertEquals(expected, heap.free(handle), "free(" + Integer.toHexString(handle) + ")");
            assertTrue(heap.lastOpSteps() <= ModuleHeap.FREE_MAX_STEPS);
            assertEquals(before, heap.usedBytes());
            invalid++;
        }

        private void access(final int size, final int pick)
        {
            if (live.isEmpty())
            {
                return;
            }
            final Live l = live.get(pick % live.size());
            final int offset = size % (l.usable + 8);
            if (offset + 4 <= l.usable)
            {
                final int value = heap.getInt(l.handle, offset);
                int expected = 0;
                for (int i = 3; i >= 0; i--)
                {
                    expected = expected << 8 | ((l.seed + offset + i) & 0xFF);
                }
                assertEquals(expected, value);
            }
            else
            {
                final HeapFault fault = assertThrows(HeapFault.class, () -> heap.getInt(l.handle, offset));
                assertEquals(HeapFault.OUT_OF_BOUNDS, fault.kind());
                assertEquals(l.usable, fault.limit());
            }
        }

        private boolean isLive(final int handle)
        {
            for (final Live l : live)
            {
                if (l.handle == handle)
                {
                    return true;
                }
            }
            return false;
        }

        private void fillContent(final Live l)
        {
            final byte[] bytes = scratch(l.usable);
            for (int i = 0; i < l.usable; i++)
            {
                bytes[i] = (byte) (l.seed + i);
            }
            heap.copyIn(l.handle, 0, bytes, 0, l.usable);
        }

        private void checkContent(final Live l, final int length)
        {
            final byte[] bytes = scratch(length);
            heap.copyOut(l.handle, 0, bytes, 0, length);
            for (int i = 0; i < length; i++)
            {
                if (bytes[i] != (byte) (l.seed + i))
                {
                    throw new AssertionError("live data damaged: handle=" + Integer.toHexString(l.handle) + " at " + i);
                }
            }
        }

        private byte[] scratch(final int length)
        {
            if (scratch.length < length)
            {
                scratch = new byte[length];
            }
            return scratch;
        }

        private void checkAgainstModel()
        {
            HeapModelCheck.counters(heap, allocs, frees, reallocs, failed, invalid, minEverFree);
            HeapModelCheck.layout(heap, live, l -> l.handle, l -> l.usable,
                l -> assertEquals((byte) (l.seed + l.usable - 1), heap.getByte(l.handle, l.usable - 1)));
        }
    }
}
