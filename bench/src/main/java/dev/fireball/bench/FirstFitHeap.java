package dev.fireball.bench;

/**
 * Baseline for {@code ModuleHeap}: FreeRTOS heap_4 (first fit over an address-ordered free list,
 * coalescing on free) transcribed over a {@code byte[]} with the same little-endian int accessors,
 * so the benchmark compares algorithms, not memory access styles.
 * <pre>
 *  block at b (8-aligned)        payload (handle) at b + 8
 *  +-----------+-----------------------+------------------
 *  | nextFree  | size | ALLOCATED_BIT  | payload ...        BlockLink_t: pxNextFreeBlock, xBlockSize
 *  +-----------+-----------------------+------------------
 *  the end marker (pxEnd, size 0) sits in the last 8 bytes; the list head (xStart) is a field
 * </pre>
 * As in heap_4: {@code pvPortMalloc} walks the list from the start until a block is big enough,
 * splits off a remainder larger than {@code heapMINIMUM_BLOCK_SIZE} (two headers) and inserts it
 * back with {@code prvInsertBlockIntoFreeList}, which walks from the start to the block's address
 * and merges with both neighbours; {@code vPortFree} does the same insertion. Alloc and free are
 * O(free blocks): {@link #lastOpSteps()} counts the list nodes visited.
 * <p>Allocation: none after the constructor.
 */
public final class FirstFitHeap implements HeapAllocator
{
    @Override
    public String name()
    {
        return "FirstFitHeap (heap_4)";
    }

    /** xHeapStructSize: a BlockLink_t rounded up to the 8-byte alignment. */
    public static final int HEADER_BYTES = 8;
    public static final int ALIGN_BYTES = 8;
    /** heapMINIMUM_BLOCK_SIZE. */
    public static final int MIN_BLOCK_BYTES = 2 * HEADER_BYTES;
    /** heapBLOCK_ALLOCATED_BITMASK: the top bit of xBlockSize. */
    private static final int ALLOCATED_BIT = 1 << 31;
    /** The list head xStart lives outside the array; this offset stands for it. */
    private static final int START = -1;
    private static final int ENOMEM = -12;
    private static final int EINVAL = -22;

    private final byte[] mem;
    private final int end;
    private int startNext;
    private int freeBytes;
    private int minEverFreeBytes;
    private long allocCount;
    private long freeCount;
    private long failedAllocCount;
    private int steps;
    private int lastOpSteps;
    private int maxAllocSteps;
    private int maxFreeSteps;

    public FirstFitHeap(final int sizeBytes)
    {
        if (sizeBytes < 64 || 0 != (sizeBytes & (ALIGN_BYTES - 1)))
        {
            throw new IllegalArgumentException("sizeBytes must be a multiple of 8, >= 64: " + sizeBytes);
        }
        mem = new byte[sizeBytes];
        end = sizeBytes - HEADER_BYTES;
        reset();
    }

    /** prvHeapInit: one free block from 0 to the end marker. */
    public void reset()
    {
        writeInt(end, 0);
        writeInt(end + 4, 0);
        writeInt(0, end);
        writeInt(4, end);
        startNext = 0;
        freeBytes = end;
        minEverFreeBytes = end;
        allocCount = 0;
        freeCount = 0;
        failedAllocCount = 0;
        maxAllocSteps = 0;
        maxFreeSteps = 0;
    }

    /** pvPortMalloc: a handle (payload offset, 8-aligned, > 0), or -ENOMEM / -EINVAL. */
    public int alloc(final int sizeBytes)
    {
        steps = 0;
        if (sizeBytes < 1)
        {
            return endAlloc(EINVAL);
        }
        if (sizeBytes > end)
        {
            failedAllocCount++;
            return endAlloc(ENOMEM);
        }
        final int wanted = (sizeBytes + HEADER_BYTES + ALIGN_BYTES - 1) & ~(ALIGN_BYTES - 1);
        if (wanted > freeBytes)
        {
            failedAllocCount++;
            return endAlloc(ENOMEM);
        }
        int prev = START;
        int block = startNext;
        while (sizeOf(block) < wanted && end != block)
        {
            steps++;
            prev = block;
            block = nextOf(block);
        }
        steps++;
        if (end == block)
        {
            failedAllocCount++;
            return endAlloc(ENOMEM);
        }
        setNext(prev, nextOf(block));
        final int size = sizeOf(block);
        int taken = size;
        if (size - wanted > MIN_BLOCK_BYTES)
        {
            final int rest = block + wanted;
            writeInt(rest + 4, size - wanted);
            taken = wanted;
            insert(rest);
        }
        freeBytes -= taken;
        if (freeBytes < minEverFreeBytes)
        {
            minEverFreeBytes = freeBytes;
        }
        writeInt(block + 4, taken | ALLOCATED_BIT);
        writeInt(block, 0);
        allocCount++;
        return endAlloc(block + HEADER_BYTES);
    }

    /** vPortFree: 0, or -EINVAL when the header does not say allocated (heap_4 ignores such a free). */
    public int free(final int handle)
    {
        steps = 0;
        final int block = handle - HEADER_BYTES;
        if (block < 0 || block >= end || 0 != (block & (ALIGN_BYTES - 1)))
        {
            return endFree(EINVAL);
        }
        final int word = readInt(block + 4);
        if (0 == (word & ALLOCATED_BIT) || 0 != readInt(block))
        {
            return endFree(EINVAL);
        }
        final int size = word & ~ALLOCATED_BIT;
        writeInt(block + 4, size);
        freeBytes += size;
        insert(block);
        freeCount++;
        return endFree(0);
    }

    /** prvInsertBlockIntoFreeList: address order, merging with the blocks before and after. */
    private void insert(final int blockToInsert)
    {
        int block = blockToInsert;
        int iterator = START;
        int next = startNext;
        while (next < block)
        {
            steps++;
            iterator = next;
            next = nextOf(iterator);
        }
        steps++;
        if (START != iterator && iterator + sizeOf(iterator) == block)
        {
            writeInt(iterator + 4, sizeOf(iterator) + sizeOf(block));
            block = iterator;
        }
        if (block + sizeOf(block) == next && end != next)
        {
            writeInt(block + 4, sizeOf(block) + sizeOf(next));
            writeInt(block, nextOf(next));
        }
        else
        {
            writeInt(block, next);
        }
        if (iterator != block)
        {
            setNext(iterator, block);
        }
    }

    public int freeBytes()
    {
        return freeBytes;
    }

    public int totalBytes()
    {
        return end;
    }

    public int minEverFreeBytes()
    {
        return minEverFreeBytes;
    }

    /** Walks the free list (as xPortGetFreeHeapSize's vPortGetHeapStats does). */
    public int largestFreeBlock()
    {
        int largest = 0;
        for (int block = startNext; end != block; block = nextOf(block))
        {
            largest = Math.max(largest, sizeOf(block));
        }
        return largest;
    }

    public int freeBlockCount()
    {
        int count = 0;
        for (int block = startNext; end != block; block = nextOf(block))
        {
            count++;
        }
        return count;
    }

    public long allocCount()
    {
        return allocCount;
    }

    public long freeCount()
    {
        return freeCount;
    }

    public long failedAllocCount()
    {
        return failedAllocCount;
    }

    /** List nodes visited by the last alloc or free. */
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

    /** Usable bytes of an allocated block (for tests). */
    public int usableSize(final int handle)
    {
        return (readInt(handle - HEADER_BYTES + 4) & ~ALLOCATED_BIT) - HEADER_BYTES;
    }

    private int endAlloc(final int result)
    {
        lastOpSteps = steps;
        maxAllocSteps = Math.max(maxAllocSteps, steps);
        return result;
    }

    private int endFree(final int result)
    {
        lastOpSteps = steps;
        maxFreeSteps = Math.max(maxFreeSteps, steps);
        return result;
    }

    private int sizeOf(final int block)
    {
        return readInt(block + 4) & ~ALLOCATED_BIT;
    }

    private int nextOf(final int block)
    {
        return START == block ? startNext : readInt(block);
    }

    private void setNext(final int block, final int next)
    {
        if (START == block)
        {
            startNext = next;
        }
        else
        {
            writeInt(block, next);
        }
    }

    private int readInt(final int index)
    {
        final byte[] mem = this.mem;
        return (mem[index] & 0xFF) | (mem[index + 1] & 0xFF) << 8 | (mem[index + 2] & 0xFF) << 16 | mem[index + 3] << 24;
    }

    private void writeInt(final int index, final int value)
    {
        final byte[] mem = this.mem;
        mem[index] = (byte) value;
        mem[index + 1] = (byte) (value >>> 8);
        mem[index + 2] = (byte) (value >>> 16);
        mem[index + 3] = (byte) (value >>> 24);
    }
}
