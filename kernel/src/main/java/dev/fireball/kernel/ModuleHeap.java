package dev.fireball.kernel;

import static dev.fireball.kernel.HeapBlockDescriptor.ALIGN_BYTES;
import static dev.fireball.kernel.HeapBlockDescriptor.ALIGN_SHIFT;
import static dev.fireball.kernel.HeapBlockDescriptor.FIRST_HEADER;
import static dev.fireball.kernel.HeapBlockDescriptor.FLAG_FREE;
import static dev.fireball.kernel.HeapBlockDescriptor.FLAG_PREV_FREE;
import static dev.fireball.kernel.HeapBlockDescriptor.HEADER_BYTES;
import static dev.fireball.kernel.HeapBlockDescriptor.MIN_BLOCK_BYTES;
import static dev.fireball.kernel.HeapBlockDescriptor.NEXT_FREE_OFFSET;
import static dev.fireball.kernel.HeapBlockDescriptor.NIL;
import static dev.fireball.kernel.HeapBlockDescriptor.PREV_FREE_OFFSET;
import static dev.fireball.kernel.HeapBlockDescriptor.RESERVED_BYTES;
import static dev.fireball.kernel.HeapBlockDescriptor.blockBytesFor;
import static dev.fireball.kernel.HeapBlockDescriptor.isFree;
import static dev.fireball.kernel.HeapBlockDescriptor.isPrevFree;
import static dev.fireball.kernel.HeapBlockDescriptor.readInt;
import static dev.fireball.kernel.HeapBlockDescriptor.sizeOf;
import static dev.fireball.kernel.HeapBlockDescriptor.writeInt;

/**
 * A module's heap (co_mem, issue 3): one {@code byte[]} created at boot, carved by a TLSF
 * (two-level segregated fit, Masmano et al. 2004/2008) allocator into blocks addressed by int
 * handles, with bounds-checked typed accessors and HeapStats-style statistics.
 *
 * <h2>Handles</h2>
 * A handle is {@code id << HANDLE_OFFSET_BITS | payloadOffset}: the payload's offset in the heap's
 * array (a multiple of {@link HeapBlockDescriptor#ALIGN_BYTES 8}, at least 8) with the heap's id in
 * bits 20..30, so a handle is always {@code > 0} and for heap 0 it is the array offset itself.
 * Putting the id in the handle is what makes a handle from another heap detectable in every case:
 * a tag in this heap's block headers could not tell a foreign handle whose offset happens to be a
 * live block here from a handle of this heap. Ids must therefore be unique among the heaps whose
 * handles may meet (a module's index). {@link #arrayOffset} turns a checked range into an index of
 * {@link #array()} for zero-copy I/O.
 * <p>A handle is valid iff it designates the payload of a live block. That is decided exactly and in
 * O(1) by {@code liveMap}, one bit per 8-byte granule set only at live payload starts; a handle is
 * never trusted to point at a header. {@code freedMap} remembers payloads that were freed and not
 * handed out again, so a double free is told apart from a handle that never was one. A handle that
 * was freed and then returned again by a later allocation is live again (the ABA case; detecting it
 * would need a generation per block).
 *
 * <h2>Allocator</h2>
 * Block layout, header word and boundary tags: {@link HeapBlockDescriptor}. Overhead: 4 bytes per
 * allocation, usable size {@code 8k - 4 >= request}, smallest block 16 bytes (12 usable).
 * Free blocks sit in segregated lists indexed by (fl, sl):
 * <ul>
 * <li>{@code SL_LOG2 = 4}: 16 second-level lists per power of two.</li>
 * <li>Blocks under {@code SMALL_BLOCK_BYTES = 128} all go to fl 0 with {@code sl = size / 8}: one
 *     exact list per size. For larger sizes {@code fl = fls(size) - 6} and {@code sl} is the next
 *     four bits after the leading one, so list (fl, sl) holds sizes in
 *     {@code [2^f + sl * 2^(f-4), 2^f + (sl+1) * 2^(f-4))}, {@code f = fls(size)}.</li>
 * <li>{@code flCount = fl(totalBytes) + 1} (8 for 16 KB, at most 14 for the 1 MB limit); one
 *     first-level bitmap word and one second-level word per fl mark the non-empty lists.</li>
 * </ul>
 * <b>alloc</b> rounds the block size up to the next list boundary and takes the head of the first
 * non-empty list at or above it (two ffs on the bitmaps), so any block found fits without a search.
 * If that finds nothing, up to {@link #FALLBACK_PROBES} blocks of the request's own list are tried
 * (a bounded version of the search that rounding skips, as Zephyr's sys_heap bounds its loop); the
 * remainder of the block, if at least 16 bytes, returns to a free list. <b>free</b> merges at once
 * with a free right neighbour (its header says so) and a free left neighbour (this header's
 * {@code PREV_FREE} bit, the left block's boundary tag gives its start), so no two free blocks are
 * ever adjacent. <b>realloc</b> shrinks or grows in place when the block plus a free right neighbour
 * is enough, else allocates, copies and frees; on failure the old block is untouched.
 * <p>Good-fit guarantee: alloc fails only if no free block is at least the request's block size
 * rounded up to its list boundary (and none of the probed ones fits); a block between the two may
 * exist, {@link #largestFreeBlock()} reports it. Rounding costs at most 1/16 of the size (6.25%).
 *
 * <h2>Bounded time</h2>
 * No operation loops over blocks or lists, except the probe loop capped at {@link #FALLBACK_PROBES}.
 * Each operation counts its steps in {@link #lastOpSteps()}: one per bitmap word searched, free-list
 * block examined, neighbour block examined, list insertion and list removal. The bounds, asserted
 * by the property tests: alloc {@link #ALLOC_MAX_STEPS} (3 bitmap/head steps, or 2 plus 3 probes;
 * 1 removal; 1 insertion of the remainder), free {@link #FREE_MAX_STEPS} (2 neighbours examined,
 * 2 removals, 1 insertion), realloc {@link #REALLOC_MAX_STEPS} (1 neighbour, then an alloc and a
 * free) plus one {@code System.arraycopy} of at most the old usable size when it moves. ffs/fls
 * are loop-free ({@link Bits}). Not bounded: {@link #reset()} (clears {@code sizeBytes / 128}
 * words), {@link #largestFreeBlock()} (walks the top non-empty list) and {@link #checkInvariants()}.
 *
 * <h2>Invariants</h2>
 * <ul>
 * <li>Blocks tile {@code [FIRST_HEADER, sizeBytes - 4)} exactly; each size is a multiple of 8,
 *     {@code >= 16}; the sentinel header at {@code sizeBytes - 4} has size 0 and is not free.</li>
 * <li>No two physically adjacent blocks are free (immediate coalescing).</li>
 * <li>{@code PREV_FREE} of a header equals {@code FREE} of the block before it; a free block's
 *     boundary tag is its own header offset.</li>
 * <li>A block is free iff it is on exactly one list, the list of its size class; bit sl of
 *     {@code slBitmap[fl]} is set iff list (fl, sl) is non-empty; bit fl of {@code flBitmap} is set iff
 *     {@code slBitmap[fl] != 0}.</li>
 * <li>{@code liveMap} has a bit set exactly at the payloads of allocated blocks; {@code freedMap}
 *     and {@code liveMap} are disjoint.</li>
 * <li>{@code usedBytes} = sum of allocated block sizes; {@code usedBytes + freeBytes == totalBytes};
 *     {@code freeBlockCount} = number of free blocks.</li>
 * </ul>
 * {@link #checkInvariants()} verifies all of these.
 * <h2>Errors</h2>
 * Results are values: {@code -Errno.EINVAL} (size {@code < 1}; handle never allocated, misaligned,
 * out of range, of another heap), {@code -Errno.EALREADY} (handle already freed),
 * {@code -Errno.ENOMEM} (no block fits). A rejected call changes nothing but its counter. The
 * accessors throw this heap's preallocated {@link HeapFault} on a bad handle or range: issue 3 makes
 * an invalid heap access fault the coroutine.
 * <p><b>Context</b>: kernel only (one thread, the module's coroutines and the kernel on their behalf).
 * <p><b>Allocation</b>: none after the constructor on every path, faults included, except
 * {@link #checkInvariants()} (tests). Metadata outside the array: {@code 16 * flCount + flCount}
 * ints for lists and bitmaps and {@code 2 * sizeBytes / 256} ints for the two handle bitmaps,
 * about 1 KB for a 16 KB heap. Payloads are not zeroed on allocation.
 */
public final class ModuleHeap
{
    /**
     * The heap of a {@code ModuleSpec} that sets none (16 KB); {@code Kernel.module} sets the board's
     * GUEST_HEAP_SIZE_KB instead.
     */
    public static final int DEFAULT_SIZE_BYTES = 16 * 1024;
    /** Bits of a handle that carry the payload offset; the heap id sits above them. */
    public static final int HANDLE_OFFSET_BITS = 20;
    /** Largest heap: offsets must fit in {@link #HANDLE_OFFSET_BITS}. */
    public static final int MAX_SIZE_BYTES = 1 << HANDLE_OFFSET_BITS;
    /** Smallest heap: the reserved words plus one smallest block, rounded to a power of two. */
    public static final int MIN_SIZE_BYTES = 32;
    /** Largest heap id: id and offset together stay below bit 31, so handles are positive. */
    public static final int MAX_ID = (1 << (31 - HANDLE_OFFSET_BITS)) - 1;

    /** log2 of the number of second-level lists per first-level class. */
    public static final int SL_LOG2 = 4;
    public static final int SL_COUNT = 1 << SL_LOG2;
    /** Blocks below this size get one exact list per 8-byte size (first level 0). */
    public static final int SMALL_BLOCK_BYTES = 1 << (SL_LOG2 + ALIGN_SHIFT);
    /** Blocks of the request's own list tried when the rounded-up search finds nothing. */
    public static final int FALLBACK_PROBES = 3;

    /** Worst-case {@link #lastOpSteps()} of {@link #alloc}. */
    public static final int ALLOC_MAX_STEPS = 2 + FALLBACK_PROBES + 1 + 1;
    /** Worst-case {@link #lastOpSteps()} of {@link #free}. */
    public static final int FREE_MAX_STEPS = 5;
    /** Worst-case {@link #lastOpSteps()} of {@link #realloc}, excluding the copy when the block moves. */
    public static final int REALLOC_MAX_STEPS = 1 + ALLOC_MAX_STEPS + FREE_MAX_STEPS;

    private static final int OFFSET_MASK = MAX_SIZE_BYTES - 1;
    private static final int SL_MASK = SL_COUNT - 1;
    /** fl of a size {@code >= SMALL_BLOCK_BYTES} is {@code fls(size) - FL_BIAS}, so 128 maps to fl 1. */
    private static final int FL_BIAS = SL_LOG2 + ALIGN_SHIFT - 1;

    private final int id;
    private final int handleBase;
    private final byte[] mem;
    private final int totalBytes;
    private final int maxRequestBytes;
    private final int flCount;

    // ---- TLSF index: list heads (header offsets) and the bitmaps of non-empty lists --------------
    private final int[] heads;
    private final int[] slBitmap;
    private int flBitmap;

    // ---- handle validation: one bit per 8-byte granule, indexed by payload offset / 8 ------------
    private final int[] liveMap;
    private final int[] freedMap;

    private final HeapFault fault;

    // ---- statistics (HeapStats_t / mallinfo) ------------------------------------------------------
    private int usedBytes;
    private int minEverFreeBytes;
    private int freeBlockCount;
    private long allocCount;
    private long freeCount;
    private long reallocCount;
    private long failedAllocCount;
    private long invalidFreeCount;

    // ---- step accounting (bounded-time evidence for tests and benchmarks) -------------------------
    private int steps;
    private int lastOpSteps;
    private int maxAllocSteps;
    private int maxFreeSteps;
    private int maxReallocSteps;

    /**
     * Boot only: creates the array and every table, and makes the whole heap one free block.
     *
     * @param id        0..{@link #MAX_ID}, unique among heaps (the module's index); carried in handles
     * @param sizeBytes length of the heap's array: a multiple of 8, {@link #MIN_SIZE_BYTES}..{@link #MAX_SIZE_BYTES}
     */
    public ModuleHeap(final int id, final int sizeBytes)
    {
        if (id < 0 || id > MAX_ID)
        {
            throw new IllegalArgumentException("heap id must be 0.." + MAX_ID + ": id=" + id);
        }
        if (sizeBytes < MIN_SIZE_BYTES || sizeBytes > MAX_SIZE_BYTES || 0 != (sizeBytes & (ALIGN_BYTES - 1)))
        {
            throw new IllegalArgumentException("heap size must be a multiple of 8 in " + MIN_SIZE_BYTES + ".."
                + MAX_SIZE_BYTES + ": id=" + id + ", sizeBytes=" + sizeBytes);
        }
        this.id = id;
        handleBase = id << HANDLE_OFFSET_BITS;
        mem = new byte[sizeBytes];
        totalBytes = sizeBytes - RESERVED_BYTES;
        maxRequestBytes = totalBytes - HEADER_BYTES;
        flCount = (listIndex(totalBytes) >>> SL_LOG2) + 1;
        heads = new int[flCount << SL_LOG2];
        slBitmap = new int[flCount];
        final int mapWords = ((sizeBytes >>> ALIGN_SHIFT) + 31) >>> 5;
        liveMap = new int[mapWords];
        freedMap = new int[mapWords];
        fault = new HeapFault(id);
        reset();
    }

    // =============================================================================================
    // Allocation
    // =============================================================================================

    /**
     * Allocates a block with at least {@code sizeBytes} usable bytes (not zeroed).
     *
     * @return a handle ({@code > 0}, payload 8-byte aligned); {@code -Errno.EINVAL} if
     *         {@code sizeBytes < 1}; {@code -Errno.ENOMEM} if no free block fits (counted in
     *         {@link #failedAllocCount()})
     */
    public int alloc(final int sizeBytes)
    {
        steps = 0;
        if (sizeBytes < 1)
        {
            return endAlloc(-Errno.EINVAL);
        }
        if (sizeBytes > maxRequestBytes)
        {
            failedAllocCount++;
            return endAlloc(-Errno.ENOMEM);
        }
        final int block = take(blockBytesFor(sizeBytes));
        if (NIL == block)
        {
            failedAllocCount++;
            return endAlloc(-Errno.ENOMEM);
        }
        allocCount++;
        return endAlloc(publish(block));
    }

    /**
     * Frees a block; it merges at once with free neighbours.
     *
     * @return 0; {@code -Errno.EINVAL} if {@code handle} is not a live allocation of this heap (never
     *         allocated, misaligned, out of range, another heap's, or from before {@link #reset()});
     *         {@code -Errno.EALREADY} if it was freed already (double free). A rejected free changes
     *         nothing but {@link #invalidFreeCount()}.
     */
    public int free(final int handle)
    {
        steps = 0;
        final int block = validate(handle);
        if (block < 0)
        {
            invalidFreeCount++;
            return endFree(block);
        }
        retire(block);
        release(block);
        freeCount++;
        return endFree(0);
    }

    /**
     * Resizes a block, keeping its first {@code min(old usable, sizeBytes)} bytes. In place when the
     * block (plus a free right neighbour) suffices, otherwise moved: allocate, copy, free.
     *
     * @return the handle of the resized block (the same handle when in place); the errors of
     *         {@link #free} for a bad handle; {@code -Errno.EINVAL} if {@code sizeBytes < 1};
     *         {@code -Errno.ENOMEM} if it cannot grow, and then the old block is untouched
     */
    public int realloc(final int handle, final int sizeBytes)
    {
        steps = 0;
        final int block = validate(handle);
        if (block < 0)
        {
            invalidFreeCount++;
            return endRealloc(block);
        }
        if (sizeBytes < 1)
        {
            return endRealloc(-Errno.EINVAL);
        }
        if (sizeBytes > maxRequestBytes)
        {
            failedAllocCount++;
            return endRealloc(-Errno.ENOMEM);
        }
        final byte[] mem = this.mem;
        final int blockBytes = blockBytesFor(sizeBytes);
        final int header = readInt(mem, block);
        final int size = sizeOf(header);
        final int next = block + size;
        steps++;
        final int nextHeader = readInt(mem, next);
        final int nextSize = isFree(nextHeader) ? sizeOf(nextHeader) : 0;
        if (blockBytes <= size + nextSize)
        {
            // In place: absorb a free right neighbour, then give back what is not needed. The block
            // keeps its PREV_FREE bit: its left neighbour does not change.
            int available = size;
            if (0 != nextSize)
            {
                removeFree(next, nextSize);
                available += nextSize;
            }
            final int kept = carve(block, available, blockBytes, header & FLAG_PREV_FREE);
            usedBytes += kept - size;
            noteFreeLowWater();
            reallocCount++;
            return endRealloc(handle);
        }
        final int target = take(blockBytes);
        if (NIL == target)
        {
            failedAllocCount++;
            return endRealloc(-Errno.ENOMEM);
        }
        System.arraycopy(mem, block + HEADER_BYTES, mem, target + HEADER_BYTES, size - HEADER_BYTES);
        retire(block);
        release(block);
        reallocCount++;
        return endRealloc(publish(target));
    }

    /**
     * Boot and module restart: back to one free block spanning the heap, statistics cleared. Every
     * earlier handle becomes invalid ({@code -EINVAL}). Bytes are not cleared. Not constant time:
     * clears the handle bitmaps ({@code sizeBytes / 128} words) and the list heads.
     */
    public void reset()
    {
        for (int i = 0; i < liveMap.length; i++)
        {
            liveMap[i] = 0;
            freedMap[i] = 0;
        }
        for (int i = 0; i < heads.length; i++)
        {
            heads[i] = NIL;
        }
        for (int i = 0; i < slBitmap.length; i++)
        {
            slBitmap[i] = 0;
        }
        flBitmap = 0;
        freeBlockCount = 0;
        // The sentinel: size 0, never free, so merging right stops at the end of the heap.
        writeInt(mem, mem.length - HEADER_BYTES, 0);
        makeFree(FIRST_HEADER, totalBytes);
        usedBytes = 0;
        minEverFreeBytes = totalBytes;
        allocCount = 0;
        freeCount = 0;
        reallocCount = 0;
        failedAllocCount = 0;
        invalidFreeCount = 0;
        steps = 0;
        lastOpSteps = 0;
        maxAllocSteps = 0;
        maxFreeSteps = 0;
        maxReallocSteps = 0;
    }

    // =============================================================================================
    // Typed accessors: bounds-checked against the allocation's usable size, little-endian
    // =============================================================================================

    /**
     * Usable bytes of a live allocation (at least what was requested).
     *
     * @return the size, or the errors of {@link #free} for a bad handle
     */
    public int usableSize(final int handle)
    {
        final int block = validate(handle);
        return block < 0 ? block : sizeOf(readInt(mem, block)) - HEADER_BYTES;
    }

    /** @throws HeapFault if the handle is not live or {@code offset} is outside the allocation */
    public byte getByte(final int handle, final int offset)
    {
        return mem[access(handle, offset, 1)];
    }

    /** @throws HeapFault if the handle is not live or {@code offset} is outside the allocation */
    public void putByte(final int handle, final int offset, final byte value)
    {
        mem[access(handle, offset, 1)] = value;
    }

    /** @throws HeapFault if the handle is not live or the two bytes are not inside the allocation */
    public short getShort(final int handle, final int offset)
    {
        final int i = access(handle, offset, 2);
        return (short) ((mem[i] & 0xFF) | mem[i + 1] << 8);
    }

    /** @throws HeapFault if the handle is not live or the two bytes are not inside the allocation */
    public void putShort(final int handle, final int offset, final short value)
    {
        final int i = access(handle, offset, 2);
        mem[i] = (byte) value;
        mem[i + 1] = (byte) (value >>> 8);
    }

    /** @throws HeapFault if the handle is not live or the four bytes are not inside the allocation */
    public int getInt(final int handle, final int offset)
    {
        return readInt(mem, access(handle, offset, 4));
    }

    /** @throws HeapFault if the handle is not live or the four bytes are not inside the allocation */
    public void putInt(final int handle, final int offset, final int value)
    {
        writeInt(mem, access(handle, offset, 4), value);
    }

    /** @throws HeapFault if the handle is not live or the eight bytes are not inside the allocation */
    public long getLong(final int handle, final int offset)
    {
        final int i = access(handle, offset, 8);
        return (readInt(mem, i) & 0xFFFFFFFFL) | (long) readInt(mem, i + 4) << 32;
    }

    /** @throws HeapFault if the handle is not live or the eight bytes are not inside the allocation */
    public void putLong(final int handle, final int offset, final long value)
    {
        final int i = access(handle, offset, 8);
        writeInt(mem, i, (int) value);
        writeInt(mem, i + 4, (int) (value >>> 32));
    }

    /**
     * Copies {@code src[srcOffset, srcOffset + length)} into the allocation at {@code offset}.
     *
     * @throws HeapFault if the handle is not live, the heap range is outside the allocation
     *                   ({@link HeapFault#OUT_OF_BOUNDS}, also for {@code length < 0}) or the
     *                   source range is outside {@code src} ({@link HeapFault#ARRAY_RANGE})
     */
    public void copyIn(final int handle, final int offset, final byte[] src, final int srcOffset, final int length)
    {
        final int i = access(handle, offset, length);
        checkArrayRange(handle, src, srcOffset, length);
        System.arraycopy(src, srcOffset, mem, i, length);
    }

    /**
     * Copies {@code length} bytes of the allocation at {@code offset} into {@code dst} at {@code dstOffset}.
     *
     * @throws HeapFault as {@link #copyIn}
     */
    public void copyOut(final int handle, final int offset, final byte[] dst, final int dstOffset, final int length)
    {
        final int i = access(handle, offset, length);
        checkArrayRange(handle, dst, dstOffset, length);
        System.arraycopy(mem, i, dst, dstOffset, length);
    }

    /**
     * The index in {@link #array()} of byte {@code offset} of an allocation, after checking that
     * {@code [offset, offset + length)} is inside it: for zero-copy I/O by kernel and HAL code
     * ({@code read(fd, heap.array(), heap.arrayOffset(h, 0, n), n)}).
     *
     * @throws HeapFault as the typed accessors
     */
    public int arrayOffset(final int handle, final int offset, final int length)
    {
        return access(handle, offset, length);
    }

    /**
     * The heap's backing array, for kernel and HAL code doing zero-copy I/O on a range checked with
     * {@link #arrayOffset}. Writing outside such a range can corrupt the allocator's headers.
     */
    public byte[] array()
    {
        return mem;
    }

    // =============================================================================================
    // Statistics (FreeRTOS HeapStats_t, mallinfo)
    // =============================================================================================

    public int id()
    {
        return id;
    }

    /** Length of the backing array. */
    public int sizeBytes()
    {
        return mem.length;
    }

    /** Bytes managed as blocks: {@code sizeBytes - 8} (padding and sentinel); {@code used + free}. */
    public int totalBytes()
    {
        return totalBytes;
    }

    /** Bytes in allocated blocks, headers included. */
    public int usedBytes()
    {
        return usedBytes;
    }

    /** Bytes in free blocks, headers included (HeapStats_t xAvailableHeapSpaceInBytes). */
    public int freeBytes()
    {
        return totalBytes - usedBytes;
    }

    /** The lowest {@link #freeBytes()} since boot or {@link #reset()} (xMinimumEverFreeBytesRemaining). */
    public int minEverFreeBytes()
    {
        return minEverFreeBytes;
    }

    /** Number of free blocks (xNumberOfFreeBlocks). */
    public int freeBlockCount()
    {
        return freeBlockCount;
    }

    /**
     * The size of the largest free block, header included; the largest request it can hold is 4
     * bytes less. Walks the highest non-empty list only: O(length of that list), 0 when none is free.
     */
    public int largestFreeBlock()
    {
        if (0 == flBitmap)
        {
            return 0;
        }
        final int fl = Bits.fls(flBitmap);
        int largest = 0;
        for (int block = heads[(fl << SL_LOG2) | Bits.fls(slBitmap[fl])]; NIL != block;
            block = readInt(mem, block + NEXT_FREE_OFFSET))
        {
            final int size = sizeOf(readInt(mem, block));
            if (size > largest)
            {
                largest = size;
            }
        }
        return largest;
    }

    /** Successful {@link #alloc} calls (xNumberOfSuccessfulAllocations). */
    public long allocCount()
    {
        return allocCount;
    }

    /** Successful {@link #free} calls (xNumberOfSuccessfulFrees). */
    public long freeCount()
    {
        return freeCount;
    }

    /** Successful {@link #realloc} calls, in place or moved. */
    public long reallocCount()
    {
        return reallocCount;
    }

    /** {@link #alloc} and {@link #realloc} calls that returned {@code -ENOMEM}. */
    public long failedAllocCount()
    {
        return failedAllocCount;
    }

    /** {@link #free} and {@link #realloc} calls rejected for their handle ({@code -EINVAL}, {@code -EALREADY}). */
    public long invalidFreeCount()
    {
        return invalidFreeCount;
    }

    /** Steps taken by the last {@link #alloc}, {@link #free} or {@link #realloc} (see the class comment). */
    public int lastOpSteps()
    {
        return lastOpSteps;
    }

    public int maxAllocSteps()
    {
        return maxAllocSteps;
    }

    public int maxFreeSteps()
    {
        return maxFreeSteps;
    }

    public int maxReallocSteps()
    {
        return maxReallocSteps;
    }

    /** {@code heap 2: total=16376 used=... } on one line, without allocating. */
    public void writeStats(final AsciiSink sink)
    {
        sink.text("heap ").dec(id)
            .text(": total=").dec(totalBytes)
            .text(" used=").dec(usedBytes)
            .text(" free=").dec(freeBytes())
            .text(" largest=").dec(largestFreeBlock())
            .text(" minEverFree=").dec(minEverFreeBytes)
            .text(" freeBlocks=").dec(freeBlockCount)
            .text(" allocs=").dec(allocCount)
            .text(" frees=").dec(freeCount)
            .text(" reallocs=").dec(reallocCount)
            .text(" failed=").dec(failedAllocCount)
            .text(" invalidFrees=").dec(invalidFreeCount);
    }

    // =============================================================================================
    // TLSF internals
    // =============================================================================================

    /**
     * The list of a block size, as {@code fl << SL_LOG2 | sl} (also its index in {@code heads}).
     * Package-private for tests.
     */
    static int listIndex(final int blockBytes)
    {
        if (blockBytes < SMALL_BLOCK_BYTES)
        {
            return blockBytes >>> ALIGN_SHIFT;
        }
        final int f = Bits.fls(blockBytes);
        final int sl = (blockBytes >>> (f - SL_LOG2)) ^ SL_COUNT;
        return ((f - FL_BIAS) << SL_LOG2) | sl;
    }

    /** The smallest list boundary {@code >= blockBytes}: every block of that list or above fits. */
    static int roundUpToList(final int blockBytes)
    {
        if (blockBytes < SMALL_BLOCK_BYTES)
        {
            return blockBytes;
        }
        final int step = 1 << (Bits.fls(blockBytes) - SL_LOG2);
        return (blockBytes + step - 1) & -step;
    }

    /** Finds, unlinks and carves a free block of at least {@code blockBytes}; NIL if none. */
    private int take(final int blockBytes)
    {
        final int block = findFree(blockBytes);
        if (NIL == block)
        {
            return NIL;
        }
        final int size = sizeOf(readInt(mem, block));
        removeFree(block, size);
        // A free block's left neighbour is never free: PREV_FREE is 0.
        usedBytes += carve(block, size, blockBytes, 0);
        noteFreeLowWater();
        return block;
    }

    private int findFree(final int blockBytes)
    {
        final int index = listIndex(roundUpToList(blockBytes));
        int fl = index >>> SL_LOG2;
        steps++;
        int slMap = fl < flCount ? slBitmap[fl] & (-1 << (index & SL_MASK)) : 0;
        if (0 == slMap)
        {
            steps++;
            final int flMap = fl + 1 < flCount ? flBitmap & (-1 << (fl + 1)) : 0;
            if (0 == flMap)
            {
                return probeOwnList(blockBytes);
            }
            fl = Bits.ffs(flMap);
            slMap = slBitmap[fl];
        }
        steps++;
        return heads[(fl << SL_LOG2) | Bits.ffs(slMap)];
    }

    /** Tries the first {@link #FALLBACK_PROBES} blocks of the request's own (not rounded) list. */
    private int probeOwnList(final int blockBytes)
    {
        int block = heads[listIndex(blockBytes)];
        for (int probe = 0; probe < FALLBACK_PROBES && NIL != block; probe++)
        {
            steps++;
            if (sizeOf(readInt(mem, block)) >= blockBytes)
            {
                return block;
            }
            block = readInt(mem, block + NEXT_FREE_OFFSET);
        }
        return NIL;
    }

    /**
     * Makes {@code block} (unlinked, {@code available} bytes) an allocated block of
     * {@code blockBytes}, returning a remainder of at least {@link HeapBlockDescriptor#MIN_BLOCK_BYTES}
     * to the free lists. The block after it must not be free.
     *
     * @return the allocated block's final size
     */
    private int carve(final int block, final int available, final int blockBytes, final int prevFreeFlag)
    {
        final byte[] mem = this.mem;
        final int rest = available - blockBytes;
        if (rest >= MIN_BLOCK_BYTES)
        {
            writeInt(mem, block, blockBytes | prevFreeFlag);
            makeFree(block + blockBytes, rest);
            return blockBytes;
        }
        writeInt(mem, block, available | prevFreeFlag);
        final int next = block + available;
        writeInt(mem, next, readInt(mem, next) & ~FLAG_PREV_FREE);
        return available;
    }

    /** Frees an allocated block, merging it with free neighbours. */
    private void release(final int block)
    {
        final byte[] mem = this.mem;
        final int header = readInt(mem, block);
        int start = block;
        int size = sizeOf(header);
        usedBytes -= size;
        steps++;
        final int nextHeader = readInt(mem, block + size);
        if (isFree(nextHeader))
        {
            final int nextSize = sizeOf(nextHeader);
            removeFree(block + size, nextSize);
            size += nextSize;
        }
        if (isPrevFree(header))
        {
            steps++;
            // The left neighbour is free, so the word below our header is its boundary tag.
            final int prev = readInt(mem, block - HEADER_BYTES);
            final int prevSize = sizeOf(readInt(mem, prev));
            removeFree(prev, prevSize);
            start = prev;
            size += prevSize;
        }
        makeFree(start, size);
    }

    /** Writes a free block's header and tag, flags it in the next header, and links it. */
    private void makeFree(final int block, final int size)
    {
        final byte[] mem = this.mem;
        writeInt(mem, block, size | FLAG_FREE);
        writeInt(mem, block + size - HEADER_BYTES, block);
        final int next = block + size;
        writeInt(mem, next, readInt(mem, next) | FLAG_PREV_FREE);
        insertFree(block, size);
    }

    private void insertFree(final int block, final int size)
    {
        steps++;
        final byte[] mem = this.mem;
        final int index = listIndex(size);
        final int head = heads[index];
        writeInt(mem, block + NEXT_FREE_OFFSET, head);
        writeInt(mem, block + PREV_FREE_OFFSET, NIL);
        if (NIL != head)
        {
            writeInt(mem, head + PREV_FREE_OFFSET, block);
        }
        heads[index] = block;
        final int fl = index >>> SL_LOG2;
        slBitmap[fl] |= 1 << (index & SL_MASK);
        flBitmap |= 1 << fl;
        freeBlockCount++;
    }

    private void removeFree(final int block, final int size)
    {
        steps++;
        final byte[] mem = this.mem;
        final int next = readInt(mem, block + NEXT_FREE_OFFSET);
        final int prev = readInt(mem, block + PREV_FREE_OFFSET);
        if (NIL != next)
        {
            writeInt(mem, next + PREV_FREE_OFFSET, prev);
        }
        if (NIL != prev)
        {
            writeInt(mem, prev + NEXT_FREE_OFFSET, next);
        }
        else
        {
            final int index = listIndex(size);
            heads[index] = next;
            if (NIL == next)
            {
                final int fl = index >>> SL_LOG2;
                slBitmap[fl] &= ~(1 << (index & SL_MASK));
                if (0 == slBitmap[fl])
                {
                    flBitmap &= ~(1 << fl);
                }
            }
        }
        freeBlockCount--;
    }

    private void noteFreeLowWater()
    {
        final int free = totalBytes - usedBytes;
        if (free < minEverFreeBytes)
        {
            minEverFreeBytes = free;
        }
    }

    // =============================================================================================
    // Handles
    // =============================================================================================

    /**
     * @return the header offset of the live block whose payload {@code handle} designates;
     *         {@code -EALREADY} if that payload was freed and not reused; {@code -EINVAL} otherwise
     */
    private int validate(final int handle)
    {
        if (handle <= 0 || handleBase != (handle & ~OFFSET_MASK))
        {
            return -Errno.EINVAL;
        }
        final int payload = handle & OFFSET_MASK;
        if (0 != (payload & (ALIGN_BYTES - 1)) || payload >= mem.length)
        {
            return -Errno.EINVAL;
        }
        final int granule = payload >>> ALIGN_SHIFT;
        if (testBit(liveMap, granule))
        {
            return payload - HEADER_BYTES;
        }
        return testBit(freedMap, granule) ? -Errno.EALREADY : -Errno.EINVAL;
    }

    private int publish(final int block)
    {
        final int payload = block + HEADER_BYTES;
        final int granule = payload >>> ALIGN_SHIFT;
        setBit(liveMap, granule);
        clearBit(freedMap, granule);
        return handleBase | payload;
    }

    private void retire(final int block)
    {
        final int granule = (block + HEADER_BYTES) >>> ALIGN_SHIFT;
        clearBit(liveMap, granule);
        setBit(freedMap, granule);
    }

    private int access(final int handle, final int offset, final int length)
    {
        final int block = validate(handle);
        if (block < 0)
        {
            throw fault.set(-Errno.EALREADY == block ? HeapFault.USE_AFTER_FREE : HeapFault.BAD_HANDLE,
                handle, offset, length, -1);
        }
        final int usable = sizeOf(readInt(mem, block)) - HEADER_BYTES;
        if (offset < 0 || length < 0 || offset > usable - length)
        {
            throw fault.set(HeapFault.OUT_OF_BOUNDS, handle, offset, length, usable);
        }
        return block + HEADER_BYTES + offset;
    }

    private void checkArrayRange(final int handle, final byte[] array, final int offset, final int length)
    {
        if (offset < 0 || offset > array.length - length)
        {
            throw fault.set(HeapFault.ARRAY_RANGE, handle, offset, length, array.length);
        }
    }

    private static boolean testBit(final int[] map, final int bit)
    {
        return 0 != (map[bit >>> 5] & (1 << bit));
    }

    private static void setBit(final int[] map, final int bit)
    {
        map[bit >>> 5] |= 1 << bit;
    }

    private static void clearBit(final int[] map, final int bit)
    {
        map[bit >>> 5] &= ~(1 << bit);
    }

    private int endAlloc(final int result)
    {
        lastOpSteps = steps;
        if (steps > maxAllocSteps)
        {
            maxAllocSteps = steps;
        }
        return result;
    }

    private int endFree(final int result)
    {
        lastOpSteps = steps;
        if (steps > maxFreeSteps)
        {
            maxFreeSteps = steps;
        }
        return result;
    }

    private int endRealloc(final int result)
    {
        lastOpSteps = steps;
        if (steps > maxReallocSteps)
        {
            maxReallocSteps = steps;
        }
        return result;
    }

    // =============================================================================================
    // Verification (tests)
    // =============================================================================================

    /**
     * Verifies every invariant of the class comment by walking all blocks and all lists.
     * For tests: O(blocks), and it allocates a scratch array.
     *
     * @throws IllegalStateException naming the heap, the block and the broken invariant
     */
    public void checkInvariants()
    {
        final byte[] mem = this.mem;
        final boolean[] freeStart = new boolean[mem.length >>> ALIGN_SHIFT];
        final int end = mem.length - HEADER_BYTES;
        int block = FIRST_HEADER;
        boolean prevFree = false;
        int used = 0;
        int free = 0;
        int freeBlocks = 0;
        int liveBlocks = 0;
        while (block < end)
        {
            final int header = readInt(mem, block);
            final int size = sizeOf(header);
            if (size < MIN_BLOCK_BYTES || size > end - block)
            {
                throw broken("block size out of range", block, header);
            }
            if (isPrevFree(header) != prevFree)
            {
                throw broken("PREV_FREE disagrees with the block before", block, header);
            }
            final boolean live = testBit(liveMap, (block + HEADER_BYTES) >>> ALIGN_SHIFT);
            if (isFree(header))
            {
                if (prevFree)
                {
                    throw broken("two adjacent free blocks (missed coalescing)", block, header);
                }
                if (live)
                {
                    throw broken("free block marked live", block, header);
                }
                if (readInt(mem, block + size - HEADER_BYTES) != block)
                {
                    throw broken("boundary tag does not point at the header", block, header);
                }
                freeStart[block >>> ALIGN_SHIFT] = true;
                freeBlocks++;
                free += size;
            }
            else
            {
                if (!live)
                {
                    throw broken("allocated block not marked live", block, header);
                }
                liveBlocks++;
                used += size;
            }
            prevFree = isFree(header);
            block += size;
        }
        if (block != end)
        {
            throw broken("blocks do not end at the sentinel", block, 0);
        }
        final int sentinel = readInt(mem, end);
        if (sentinel != (prevFree ? FLAG_PREV_FREE : 0))
        {
            throw broken("sentinel header damaged", end, sentinel);
        }
        if (used != usedBytes || used + free != totalBytes || freeBlocks != freeBlockCount)
        {
            throw broken("statistics disagree with the blocks: used=" + used + " usedBytes=" + usedBytes
                + " free=" + free + " freeBlocks=" + freeBlocks + " freeBlockCount=" + freeBlockCount, 0, 0);
        }
        int liveBits = 0;
        for (int i = 0; i < liveMap.length; i++)
        {
            if (0 != (liveMap[i] & freedMap[i]))
            {
                throw broken("a payload is both live and freed", i << 5, 0);
            }
            for (int w = liveMap[i]; 0 != w; w &= w - 1)
            {
                liveBits++;
            }
        }
        if (liveBits != liveBlocks)
        {
            throw broken("live bits do not match allocated blocks: bits=" + liveBits, liveBlocks, 0);
        }
        checkLists(freeStart, freeBlocks);
    }

    private void checkLists(final boolean[] freeStart, final int freeBlocks)
    {
        int listed = 0;
        for (int fl = 0; fl < flCount; fl++)
        {
            if ((0 != slBitmap[fl]) != (0 != (flBitmap & (1 << fl))))
            {
                throw broken("first-level bit disagrees with its second-level word: fl=" + fl, 0, 0);
            }
            for (int sl = 0; sl < SL_COUNT; sl++)
            {
                final int index = (fl << SL_LOG2) | sl;
                if ((NIL != heads[index]) != (0 != (slBitmap[fl] & (1 << sl))))
                {
                    throw broken("second-level bit disagrees with its list: fl=" + fl + " sl=" + sl, 0, 0);
                }
                int prev = NIL;
                for (int block = heads[index]; NIL != block; block = readInt(mem, block + NEXT_FREE_OFFSET))
                {
                    if (++listed > freeBlocks || 0 != ((block - FIRST_HEADER) & (ALIGN_BYTES - 1))
                        || block < FIRST_HEADER || block >= mem.length || !freeStart[block >>> ALIGN_SHIFT])
                    {
                        throw broken("list entry is not a free block (or a list loops): index=" + index, block, 0);
                    }
                    final int size = sizeOf(readInt(mem, block));
                    if (listIndex(size) != index)
                    {
                        throw broken("free block on the wrong list: index=" + index, block, size);
                    }
                    if (readInt(mem, block + PREV_FREE_OFFSET) != prev)
                    {
                        throw broken("prevFree link broken", block, prev);
                    }
                    prev = block;
                }
            }
        }
        if (0 != (flBitmap & (-1 << flCount)))
        {
            throw broken("first-level bit beyond flCount", flBitmap, 0);
        }
        if (listed != freeBlocks)
        {
            throw broken("free blocks missing from the lists: listed=" + listed, freeBlocks, 0);
        }
    }

    private IllegalStateException broken(final String what, final int at, final int value)
    {
        return new IllegalStateException("heap " + id + ": " + what + " at=" + at + " value=0x"
            + Integer.toHexString(value));
    }
}
