package dev.fireball.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * A second model-based property, wider than {@link ModuleHeapPropertyTest}: heaps of any multiple
 * of 8 (not only powers of two), sizes on and around the size-class boundaries, realloc of bad
 * handles and to sizes below 1, reset in the middle of a run, and every typed accessor and bulk
 * copy with hostile offsets and lengths (negative, {@code Integer.MIN_VALUE/MAX_VALUE}, one past
 * the end, overflowing {@code offset + length}). The model keeps each live allocation's expected
 * bytes; a rejected call must leave the whole backing array and every statistic but its counter
 * exactly as they were.
 */
class ModuleHeapModelPropertyTest
{
    enum Kind
    {
        ALLOC, FREE, REALLOC, BAD_REALLOC, BAD_FREE, ACCESS, RESET
    }

    record Op(Kind kind, int size, int pick, int a, int b)
    {
    }

    private static final int OFFSET_MASK = (1 << ModuleHeap.HANDLE_OFFSET_BITS) - 1;

    private static final int[] HOSTILE = {
        Integer.MIN_VALUE, Integer.MIN_VALUE + 1, -8, -1, 0, 1, 2, 3, 4, 7, 8, 9,
        Integer.MAX_VALUE - 7, Integer.MAX_VALUE - 1, Integer.MAX_VALUE};

    @Provide
    Arbitrary<Integer> heapSizes()
    {
        return Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.integers().between(4, 64).map(n -> n * 8)),
            Tuple.of(3, Arbitraries.integers().between(65, 2100).map(n -> n * 8)),
            Tuple.of(1, Arbitraries.of(136, 144, 264, 272, 520, 1032, 2056, 4104, 8200, ModuleHeap.MAX_SIZE_BYTES)));
    }

    @Provide
    Arbitrary<Integer> heapIds()
    {
        return Arbitraries.frequencyOf(
            Tuple.of(1, Arbitraries.of(0, 1, ModuleHeap.MAX_ID - 1, ModuleHeap.MAX_ID)),
            Tuple.of(2, Arbitraries.integers().between(0, ModuleHeap.MAX_ID)));
    }

    /** Request sizes on, just below and just above the list boundaries (block size = request + 4). */
    private static Arbitrary<Integer> boundarySizes()
    {
        return Combinators.combine(
            Arbitraries.integers().between(4, 16),
            Arbitraries.integers().between(0, 15),
            Arbitraries.of(-13, -12, -9, -5, -4, -3, 0, 1, 4, 5))
            .as((f, sl, d) -> Math.max(1, (1 << f) + (f >= 7 ? sl << (f - 4) : 0) - 4 + d));
    }

    @Provide
    Arbitrary<List<Op>> operations()
    {
        final Arbitrary<Kind> kinds = Arbitraries.frequency(
            Tuple.of(10, Kind.ALLOC), Tuple.of(6, Kind.FREE), Tuple.of(5, Kind.REALLOC),
            Tuple.of(2, Kind.BAD_REALLOC), Tuple.of(2, Kind.BAD_FREE), Tuple.of(5, Kind.ACCESS),
            Tuple.of(1, Kind.RESET));
        final Arbitrary<Integer> sizes = Arbitraries.frequencyOf(
            Tuple.of(5, Arbitraries.integers().between(1, 130)),
            Tuple.of(5, boundarySizes()),
            Tuple.of(2, Arbitraries.integers().between(131, 5000)),
            Tuple.of(1, Arbitraries.of(0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE)));
        final Arbitrary<Integer> any = Arbitraries.integers().between(0, Integer.MAX_VALUE);
        return Combinators.combine(kinds, sizes, any, any, any).as(Op::new).list().ofMinSize(1).ofMaxSize(300);
    }

    @Property(tries = 300)
    void theHeapAgreesWithAModelOfLiveRangesUnderHostileCalls(
        @ForAll("heapSizes") final int sizeBytes,
        @ForAll("heapIds") final int id,
        @ForAll("operations") final List<Op> ops)
    {
        final Model m = new Model(new ModuleHeap(id, sizeBytes));
        for (final Op op : ops)
        {
            m.step(op);
            m.check();
        }
        m.freeAll();
    }

    private static final class Live
    {
        int handle;
        byte[] bytes;

        Live(final int handle, final byte[] bytes)
        {
            this.handle = handle;
            this.bytes = bytes;
        }
    }

    private static final class Model
    {
        final ModuleHeap heap;
        final ModuleHeap other;
        final List<Live> live = new ArrayList<>();
        final Set<Integer> freed = new HashSet<>();
        long allocs;
        long frees;
        long reallocs;
        long failed;
        long invalid;
        int minEverFree;
        int seed;

        Model(final ModuleHeap heap)
        {
            this.heap = heap;
            other = new ModuleHeap((heap.id() + 1) % (ModuleHeap.MAX_ID + 1), 64);
            minEverFree = heap.totalBytes();
        }

        void step(final Op op)
        {
            switch (op.kind())
            {
                case ALLOC:
                    alloc(op.size());
                    break;
                case FREE:
                    if (!live.isEmpty())
                    {
                        final Live l = live.remove(op.pick() % live.size());
                        checkBytes(l);
                        assertEquals(0, heap.free(l.handle));
                        assertTrue(heap.lastOpSteps() <= ModuleHeap.FREE_MAX_STEPS, "free steps " + heap.lastOpSteps());
                        frees++;
                        freed.add(l.handle);
                    }
                    break;
                case REALLOC:
                    if (!live.isEmpty())
                    {
                        realloc(live.get(op.pick() % live.size()), op.size());
                    }
                    break;
                case BAD_REALLOC:
                    rejected(badHandle(op.pick(), op.a()), op.size(), true);
                    break;
                case BAD_FREE:
                    rejected(badHandle(op.pick(), op.a()), 0, false);
                    break;
                case ACCESS:
                    if (!live.isEmpty())
                    {
                        access(live.get(op.pick() % live.size()), op.size(), op.a(), op.b());
                    }
                    break;
                default:
                    final int[] old = new int[live.size()];
                    for (int i = 0; i < old.length; i++)
                    {
                        old[i] = live.get(i).handle;
                    }
                    heap.reset();
                    live.clear();
                    freed.clear();
                    allocs = frees = reallocs = failed = invalid = 0;
                    minEverFree = heap.totalBytes();
                    assertEquals(0, heap.maxAllocSteps());
                    assertEquals(0, heap.maxFreeSteps());
                    assertEquals(0, heap.maxReallocSteps());
                    assertEquals(0, heap.lastOpSteps());
                    for (final int h : old)
                    {
                        assertEquals(-Errno.EINVAL, heap.usableSize(h), "a handle from before reset");
                    }
                    break;
            }
        }

        private void alloc(final int size)
        {
            final int freeBefore = heap.freeBytes();
            final int largestBefore = heap.largestFreeBlock();
            final long failedBefore = heap.failedAllocCount();
            final int h = heap.alloc(size);
            assertTrue(heap.lastOpSteps() <= ModuleHeap.ALLOC_MAX_STEPS, "alloc steps " + heap.lastOpSteps());
            if (size < 1)
            {
                assertEquals(-Errno.EINVAL, h);
                assertEquals(failedBefore, heap.failedAllocCount());
                return;
            }
            if (h < 0)
            {
                assertEquals(-Errno.ENOMEM, h);
                failed++;
                if (size <= heap.totalBytes() - 4)
                {
                    assertTrue(largestBefore < ModuleHeap.roundUpToList(HeapBlockDescriptor.blockBytesFor(size)),
                        "ENOMEM for " + size + " with a free block of " + largestBefore);
                }
                return;
            }
            allocs++;
            final int usable = heap.usableSize(h);
            assertTrue(usable >= size, "usable " + usable + " < " + size);
            assertEquals(heap.id() << ModuleHeap.HANDLE_OFFSET_BITS, h & ~OFFSET_MASK);
            freed.remove(h);
            final Live l = new Live(h, new byte[usable]);
            fill(l);
            live.add(l);
            minEverFree = Math.min(minEverFree, freeBefore - usable - 4);
        }

        private void realloc(final Live l, final int size)
        {
            checkBytes(l);
            final int freeBefore = heap.freeBytes();
            final byte[] before = heap.array().clone();
            final int r = heap.realloc(l.handle, size);
            assertTrue(heap.lastOpSteps() <= ModuleHeap.REALLOC_MAX_STEPS, "realloc steps " + heap.lastOpSteps());
            if (r < 0)
            {
                if (size < 1)
                {
                    assertEquals(-Errno.EINVAL, r);
                }
                else
                {
                    assertEquals(-Errno.ENOMEM, r);
                    failed++;
                }
                assertArrayEquals(before, heap.array(), "a refused realloc changed the heap's bytes");
                assertEquals(l.bytes.length, heap.usableSize(l.handle));
                return;
            }
            reallocs++;
            final int usable = heap.usableSize(r);
            assertTrue(usable >= size);
            if (r != l.handle)
            {
                minEverFree = Math.min(minEverFree, freeBefore - usable - 4);
                freed.add(l.handle);
                freed.remove(r);
            }
            // The old content survives up to the smaller size; the model adopts the bytes beyond it.
            final byte[] now = new byte[usable];
            heap.copyOut(r, 0, now, 0, usable);
            for (int i = 0; i < Math.min(usable, l.bytes.length); i++)
            {
                if (l.bytes[i] != now[i])
                {
                    fail("realloc lost byte " + i + " of handle 0x" + Integer.toHexString(l.handle));
                }
            }
            l.handle = r;
            l.bytes = now;
            minEverFree = Math.min(minEverFree, heap.freeBytes());
        }

        private int badHandle(final int pick, final int a)
        {
            switch (pick & 7)
            {
                case 0:
                    return freed.isEmpty() ? 8 : freed.iterator().next();
                case 1:
                    // another heap's id with one of our live offsets
                    return (other.id() << ModuleHeap.HANDLE_OFFSET_BITS)
                        | (live.isEmpty() ? 8 : live.get(a % live.size()).handle & OFFSET_MASK);
                case 2:
                    return HOSTILE[a % HOSTILE.length];
                case 3:
                    // a live handle plus a small misalignment or a granule inside the block
                    return live.isEmpty() ? 16 : live.get(a % live.size()).handle + 1 + (a >>> 8) % 23;
                default:
                    return (heap.id() << ModuleHeap.HANDLE_OFFSET_BITS) | (a % (heap.sizeBytes() + 64));
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

        private void rejected(final int handle, final int size, final boolean realloc)
        {
            if (isLive(handle))
            {
                return;
            }
            final int expected = freed.contains(handle) ? -Errno.EALREADY : -Errno.EINVAL;
            final byte[] before = heap.array().clone();
            final long[] stats = stats();
            final int r = realloc ? heap.realloc(handle, size) : heap.free(handle);
            assertEquals(expected, r, (realloc ? "realloc(" : "free(") + Integer.toHexString(handle) + ")");
            assertEquals(expected, heap.usableSize(handle));
            invalid++;
            assertArrayEquals(before, heap.array(), "a rejected call changed the heap's bytes");
            final long[] after = stats();
            after[0]--; // invalidFreeCount, the one counter a rejected call moves
            assertArrayEquals(stats, after, "a rejected call changed a statistic");
        }

        private long[] stats()
        {
            return new long[] {heap.invalidFreeCount(), heap.usedBytes(), heap.freeBytes(), heap.largestFreeBlock(),
                heap.minEverFreeBytes(), heap.freeBlockCount(), heap.allocCount(), heap.freeCount(),
                heap.reallocCount(), heap.failedAllocCount()};
        }

        private void access(final Live l, final int what, final int a, final int b)
        {
            final int usable = l.bytes.length;
            final int offset = pickValue(a, usable);
            final int kind = (what & 0x7FFFFFFF) % 11;
            final int width = kind < 2 ? 1 : kind < 4 ? 2 : kind < 6 ? 4 : kind < 8 ? 8 : -1;
            final int length = width > 0 ? width : pickValue(b, usable - Math.max(0, Math.min(offset, usable)));
            final boolean inside = offset >= 0 && length >= 0 && (long) offset + length <= usable;
            final byte[] array = new byte[Math.max(0, Math.min(length, 64)) + (b & 3)];
            final int arrayOffset = (b >>> 2 & 3) == 0 ? -1 : (b >>> 4) % (array.length + 2);
            final boolean arrayOk = arrayOffset >= 0 && length >= 0 && (long) arrayOffset + length <= array.length;
            final byte[] before = heap.array().clone();
            final long value = ((long) a << 32) ^ b ^ what;
            try
            {
                switch (kind)
                {
                    case 0:
                        { final byte got = heap.getByte(l.handle, offset); assertEquals(l.bytes[offset], got); }
                        break;
                    case 1:
                        heap.putByte(l.handle, offset, (byte) value);
                        l.bytes[offset] = (byte) value;
                        break;
                    case 2:
                        { final short got = heap.getShort(l.handle, offset); assertEquals((short) le(l.bytes, offset, 2), got); }
                        break;
                    case 3:
                        heap.putShort(l.handle, offset, (short) value);
                        put(l.bytes, offset, 2, value);
                        break;
                    case 4:
                        { final int got = heap.getInt(l.handle, offset); assertEquals((int) le(l.bytes, offset, 4), got); }
                        break;
                    case 5:
                        heap.putInt(l.handle, offset, (int) value);
                        put(l.bytes, offset, 4, value);
                        break;
                    case 6:
                        { final long got = heap.getLong(l.handle, offset); assertEquals(le(l.bytes, offset, 8), got); }
                        break;
                    case 7:
                        heap.putLong(l.handle, offset, value);
                        put(l.bytes, offset, 8, value);
                        break;
                    case 8:
                    {
                        for (int i = 0; i < array.length; i++)
                        {
                            array[i] = (byte) (value + i);
                        }
                        heap.copyIn(l.handle, offset, array, arrayOffset, length);
                        System.arraycopy(array, arrayOffset, l.bytes, offset, length);
                        break;
                    }
                    case 9:
                    {
                        heap.copyOut(l.handle, offset, array, arrayOffset, length);
                        assertArrayEquals(Arrays.copyOfRange(l.bytes, offset, offset + length),
                            Arrays.copyOfRange(array, arrayOffset, arrayOffset + length));
                        break;
                    }
                    default:
                    {
                        final int i = heap.arrayOffset(l.handle, offset, length);
                        assertEquals((l.handle & OFFSET_MASK) + offset, i);
                        break;
                    }
                }
                assertTrue(inside, "accessor " + kind + " accepted offset=" + offset + " length=" + length
                    + " of usable " + usable);
                if (kind == 8 || kind == 9)
                {
                    assertTrue(arrayOk, "bulk copy accepted array range " + arrayOffset + "+" + length + " of "
                        + array.length);
                }
            }
            catch (final HeapFault f)
            {
                if (inside)
                {
                    assertTrue(kind == 8 || kind == 9, "accessor " + kind + " refused offset=" + offset
                        + " length=" + length + " of usable " + usable + ": " + f.getMessage());
                    assertTrue(!arrayOk, "bulk copy refused a valid array range: " + f.getMessage());
                    assertEquals(HeapFault.ARRAY_RANGE, f.kind());
                }
                else
                {
                    assertEquals(HeapFault.OUT_OF_BOUNDS, f.kind(), f.getMessage());
                    assertEquals(usable, f.limit());
                }
                assertArrayEquals(before, heap.array(), "a faulting access changed the heap's bytes");
            }
        }

        private static int pickValue(final int r, final int near)
        {
            switch (r & 7)
            {
                case 0:
                    return HOSTILE[(r >>> 3) % HOSTILE.length];
                case 1:
                    return near;
                case 2:
                    return near + 1;
                case 3:
                    return near - 1;
                default:
                    return near <= 0 ? 0 : (r >>> 3) % (near + 1);
            }
        }

        private static long le(final byte[] bytes, final int offset, final int n)
        {
            long v = 0;
            for (int i = n - 1; i >= 0; i--)
            {
                v = v << 8 | (bytes[offset + i] & 0xFF);
            }
            return v;
        }

        private static void put(final byte[] bytes, final int offset, final int n, final long value)
        {
            for (int i = 0; i < n; i++)
            {
                bytes[offset + i] = (byte) (value >>> (8 * i));
            }
        }

        private void fill(final Live l)
        {
            for (int i = 0; i < l.bytes.length; i++)
            {
                l.bytes[i] = (byte) (seed * 31 + i);
            }
            seed++;
            heap.copyIn(l.handle, 0, l.bytes, 0, l.bytes.length);
        }

        private void checkBytes(final Live l)
        {
            final byte[] now = new byte[l.bytes.length];
            heap.copyOut(l.handle, 0, now, 0, now.length);
            assertArrayEquals(l.bytes, now, "live data damaged: handle 0x" + Integer.toHexString(l.handle));
        }

        void check()
        {
            HeapModelCheck.counters(heap, allocs, frees, reallocs, failed, invalid, minEverFree);
            assertTrue(heap.maxAllocSteps() <= ModuleHeap.ALLOC_MAX_STEPS);
            assertTrue(heap.maxFreeSteps() <= ModuleHeap.FREE_MAX_STEPS);
            assertTrue(heap.maxReallocSteps() <= ModuleHeap.REALLOC_MAX_STEPS);
            HeapModelCheck.layout(heap, live, l -> l.handle, l -> l.bytes.length, this::checkBytes);
        }

        void freeAll()
        {
            for (final Live l : live)
            {
                checkBytes(l);
                assertEquals(0, heap.free(l.handle));
            }
            live.clear();
            heap.checkInvariants();
            assertEquals(1, heap.freeBlockCount());
            assertEquals(heap.totalBytes(), heap.largestFreeBlock());
            assertEquals(0, heap.usedBytes());
        }
    }
}
