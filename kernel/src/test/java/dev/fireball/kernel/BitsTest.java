package dev.fireball.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class BitsTest
{
    private static int referenceFfs(final int word)
    {
        return 0 == word ? Bits.NO_BIT : Integer.numberOfTrailingZeros(word);
    }

    private static int referenceFls(final int word)
    {
        return 0 == word ? Bits.NO_BIT : 31 - Integer.numberOfLeadingZeros(word);
    }

    @Test
    void zeroHasNoBit()
    {
        assertEquals(Bits.NO_BIT, Bits.ffs(0));
        assertEquals(Bits.NO_BIT, Bits.fls(0));
    }

    @Test
    void everySingleBitAndEveryLowMaskMatchTheJdk()
    {
        for (int n = 0; n < 32; n++)
        {
            final int bit = 1 << n;
            final int low = bit | (bit - 1);
            final int high = -bit;
            for (final int w : new int[] {bit, low, high, bit | 1, bit | Integer.MIN_VALUE})
            {
                assertEquals(referenceFfs(w), Bits.ffs(w), "ffs " + Integer.toHexString(w));
                assertEquals(referenceFls(w), Bits.fls(w), "fls " + Integer.toHexString(w));
            }
        }
    }

    @Property(tries = 2000)
    void ffsMatchesNumberOfTrailingZeros(@ForAll final int word)
    {
        assertEquals(referenceFfs(word), Bits.ffs(word));
    }

    @Property(tries = 2000)
    void flsMatchesNumberOfLeadingZeros(@ForAll final int word)
    {
        assertEquals(referenceFls(word), Bits.fls(word));
    }
}
