package dev.fireball.kernel;

/**
 * Layout of a {@link ModuleHeap}: where the blocks, their one-word headers, the free-list links and
 * the boundary tags sit inside the heap's {@code byte[]}. Every multi-byte field is a little-endian
 * int (both targets, Cortex-M4 and RV32, are little-endian).
 * <pre>
 *  the heap's byte[] (sizeBytes, a multiple of 8)
 *  0        4                                                       sizeBytes-4   sizeBytes
 *  +--------+---------+---------+---------+-- ... --+---------------+-------------+
 *  |  pad   | block   | block   | block   |         | block         | sentinel    |
 *  +--------+---------+---------+---------+-- ... --+---------------+-------------+
 *           ^ FIRST_HEADER (4): blocks tile [4, sizeBytes-4) exactly, totalBytes = sizeBytes - 8
 *
 *  a block whose header word is at h (h % 8 == 4); its payload (the handle) is at h + 4 (% 8 == 0)
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-------------------------------------------------------+
 *  |F|P|0|                 block size in bytes / 8               |  h: header word (size includes it)
 *  +-+-+-+-------------------------------------------------------+
 *   F = FLAG_FREE: this block is free.  P = FLAG_PREV_FREE: the block before it is free, so the
 *   word just below h is that block's boundary tag. Size = word &amp; ~SIZE_FLAGS_MASK.
 *
 *  allocated:  h        h+4 = payload                                   h+size
 *              +--------+-----------------------------------------------+
 *              | header | usable bytes: size - 4 (all of them the user's) |
 *              +--------+-----------------------------------------------+
 *  free:       +--------+----------+----------+-------- ... --+----------+
 *              | header | nextFree | prevFree |   (unused)    |   tag    |   tag = h, read by the
 *              +--------+----------+----------+-------- ... --+----------+   next block to merge
 *                       h+4        h+8                        h+size-4
 * </pre>
 * Free-list links are header offsets, {@link #NIL} (0, never a header since headers are at 4 mod 8)
 * ends a list. The sentinel is a zero-size block marked allocated, so merging to the right stops at
 * the end of the heap without a bounds test; the first block never has {@code P} set, so merging
 * to the left stops at the start. The overhead of an allocated block is one word (4 bytes); the
 * smallest block is 16 bytes (header, two links, tag), so the smallest allocation uses 12 bytes.
 * <p><b>Allocation</b>: none; static helpers only.
 */
public final class HeapBlockDescriptor
{
    /** Payload alignment and size granule: every handle and every block size is a multiple of 8. */
    public static final int ALIGN_BYTES = 8;
    public static final int ALIGN_SHIFT = 3;
    /** The header word, the only per-allocation overhead. */
    public static final int HEADER_BYTES = 4;
    /** Header, next link, prev link and boundary tag of a free block. */
    public static final int MIN_BLOCK_BYTES = 16;
    /** Offset of the first block's header: 4 bytes of padding put every payload on 8. */
    public static final int FIRST_HEADER = 4;
    /** Padding at the start plus the sentinel header at the end. */
    public static final int RESERVED_BYTES = 8;

    public static final int FLAG_FREE = 1;
    public static final int FLAG_PREV_FREE = 2;
    /** Low bits of the header word that are flags, not size (sizes are multiples of 8). */
    public static final int SIZE_FLAGS_MASK = ALIGN_BYTES - 1;

    /** Offsets within a free block, from its header. */
    public static final int NEXT_FREE_OFFSET = 4;
    public static final int PREV_FREE_OFFSET = 8;

    /** End of a free list / no block. */
    public static final int NIL = 0;

    private HeapBlockDescriptor()
    {
    }

    /**
     * Block size (header included) that holds {@code requestBytes} usable bytes. Precondition, not
     * checked on this hot path: {@code 1 <= requestBytes <= ModuleHeap.MAX_SIZE_BYTES} (its callers
     * refuse larger requests first; near {@code Integer.MAX_VALUE} the sum would wrap).
     */
    public static int blockBytesFor(final int requestBytes)
    {
        final int size = (requestBytes + HEADER_BYTES + ALIGN_BYTES - 1) & ~(ALIGN_BYTES - 1);
        return size < MIN_BLOCK_BYTES ? MIN_BLOCK_BYTES : size;
    }

    /** Usable payload bytes of a block of {@code blockBytes}. */
    public static int usableBytes(final int blockBytes)
    {
        return blockBytes - HEADER_BYTES;
    }

    public static int payloadOffset(final int header)
    {
        return header + HEADER_BYTES;
    }

    public static int headerOffset(final int payload)
    {
        return payload - HEADER_BYTES;
    }

    /** The boundary tag of a free block: its last word. */
    public static int tagOffset(final int header, final int blockBytes)
    {
        return header + blockBytes - HEADER_BYTES;
    }

    public static int sizeOf(final int headerWord)
    {
        return headerWord & ~SIZE_FLAGS_MASK;
    }

    public static boolean isFree(final int headerWord)
    {
        return 0 != (headerWord & FLAG_FREE);
    }

    public static boolean isPrevFree(final int headerWord)
    {
        return 0 != (headerWord & FLAG_PREV_FREE);
    }

    public static int readInt(final byte[] mem, final int index)
    {
        return (mem[index] & 0xFF)
            | (mem[index + 1] & 0xFF) << 8
            | (mem[index + 2] & 0xFF) << 16
            | mem[index + 3] << 24;
    }

    public static void writeInt(final byte[] mem, final int index, final int value)
    {
        mem[index] = (byte) value;
        mem[index + 1] = (byte) (value >>> 8);
        mem[index + 2] = (byte) (value >>> 16);
        mem[index + 3] = (byte) (value >>> 24);
    }
}
