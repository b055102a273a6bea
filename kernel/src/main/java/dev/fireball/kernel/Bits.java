package dev.fireball.kernel;

/**
 * Find-first-set / find-last-set on 32-bit words, the two instructions TLSF's bitmaps rely on
 * (ARM {@code CLZ}, RISC-V Zbb {@code ctz}/{@code clz}). MicroEJ EDC 1.3 has no
 * {@code Integer.numberOfLeadingZeros}/{@code numberOfTrailingZeros}, so they are written here
 * without loops: {@link #ffs} with a De Bruijn multiply and a 32-entry table, {@link #fls} as a
 * five-step binary search. Both take constant time whatever the input.
 * <p><b>Context</b>: any. <b>Allocation</b>: none (the table is created when the class loads, at boot).
 */
public final class Bits
{
    /** {@link #ffs}/{@link #fls} of a word with no bit set. */
    public static final int NO_BIT = -1;

    /** A De Bruijn sequence B(2, 5): the top five bits of {@code DE_BRUIJN << n} differ for every n. */
    private static final int DE_BRUIJN = 0x077CB531;
    private static final byte[] DE_BRUIJN_INDEX = {
        0, 1, 28, 2, 29, 14, 24, 3, 30, 22, 20, 15, 25, 17, 4, 8,
        31, 27, 13, 23, 21, 19, 16, 7, 26, 12, 18, 6, 11, 5, 10, 9};

    private Bits()
    {
    }

    /**
     * Find first set: the index of the lowest set bit.
     *
     * @return 0..31, or {@link #NO_BIT} when {@code word == 0}
     */
    public static int ffs(final int word)
    {
        if (0 == word)
        {
            return NO_BIT;
        }
        // word & -word isolates the lowest set bit 2^n; multiplying shifts the sequence left by n.
        return DE_BRUIJN_INDEX[((word & -word) * DE_BRUIJN) >>> 27];
    }

    /**
     * Find last set: the index of the highest set bit, {@code floor(log2(word))} for a positive word.
     *
     * @return 0..31, or {@link #NO_BIT} when {@code word == 0}
     */
    public static int fls(final int word)
    {
        if (0 == word)
        {
            return NO_BIT;
        }
        int w = word;
        int n = 0;
        if (0 != (w & 0xFFFF0000))
        {
            n += 16;
            w >>>= 16;
        }
        if (0 != (w & 0xFF00))
        {
            n += 8;
            w >>>= 8;
        }
        if (0 != (w & 0xF0))
        {
            n += 4;
            w >>>= 4;
        }
        if (0 != (w & 0xC))
        {
            n += 2;
            w >>>= 2;
        }
        if (0 != (w & 0x2))
        {
            n += 1;
        }
        return n;
    }
}
