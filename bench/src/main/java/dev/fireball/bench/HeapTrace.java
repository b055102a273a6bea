package dev.fireball.bench;

import java.util.SplittableRandom;

/**
 * A seeded, allocator-independent sequence of allocations and frees of logical blocks, replayed
 * identically on {@code ModuleHeap} and {@link FirstFitHeap}. Frees pick a random live block, so
 * holes open all over the heap; allocations have uniform sizes in {@code [minBytes, maxBytes]};
 * the requested bytes stay under {@code fill} of the heap, so what fails is fragmentation, not
 * exhaustion. When an allocation fails in one heap its block is simply not freed there later.
 */
public final class HeapTrace
{
    public static final int ALLOC = 0;
    public static final int FREE = 1;

    /** ALLOC or FREE per step. */
    public final int[] kind;
    /** The logical block each step allocates or frees. */
    public final int[] block;
    /** Requested bytes of an ALLOC step. */
    public final int[] sizeBytes;
    /** Number of logical blocks (ids are 0..blocks-1). */
    public final int blocks;

    private HeapTrace(final int[] kind, final int[] block, final int[] sizeBytes, final int blocks)
    {
        this.kind = kind;
        this.block = block;
        this.sizeBytes = sizeBytes;
        this.blocks = blocks;
    }

    public int length()
    {
        return kind.length;
    }

    public static HeapTrace generate(final long seed, final int steps, final int heapBytes, final int minBytes,
        final int maxBytes, final double fill)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final int[] kind = new int[steps];
        final int[] block = new int[steps];
        final int[] size = new int[steps];
        final int[] live = new int[steps];
        final int[] liveSize = new int[steps];
        int liveCount = 0;
        long liveBytes = 0;
        int nextId = 0;
        final long budget = (long) (heapBytes * fill);
        for (int i = 0; i < steps; i++)
        {
            final int want = minBytes + random.nextInt(maxBytes - minBytes + 1);
            final boolean mustFree = liveBytes + want > budget;
            if (liveCount > 0 && (mustFree || random.nextInt(100) < 45))
            {
                final int pick = random.nextInt(liveCount);
                kind[i] = FREE;
                block[i] = live[pick];
                liveBytes -= liveSize[pick];
                live[pick] = live[--liveCount];
                liveSize[pick] = liveSize[liveCount];
            }
            else
            {
                kind[i] = ALLOC;
                block[i] = nextId;
                size[i] = want;
                live[liveCount] = nextId++;
                liveSize[liveCount++] = want;
                liveBytes += want;
            }
        }
        return new HeapTrace(kind, block, size, nextId);
    }
}
