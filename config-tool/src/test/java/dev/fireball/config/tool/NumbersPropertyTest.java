package dev.fireball.config.tool;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

import java.math.BigInteger;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

/** {@link Numbers#parse}: every well-formed integer reads back exactly; anything else is a NumberFormatException. */
class NumbersPropertyTest
{
    @Property(tries = 1000)
    void everyLongWrittenInDecimalWithAnyDigitGroupingReadsBackExactly(@ForAll final long v, @ForAll final long seed)
    {
        final long value = Long.MIN_VALUE == v ? v + 1 : v;
        final String text = group(Long.toString(value), new Random(seed));
        assertEquals(value, Numbers.parse(text), text);
    }

    @Property(tries = 1000)
    void everyNonNegativeLongWrittenInHexadecimalReadsBackExactly(@ForAll @LongRange(min = 0) final long v,
                                                                 @ForAll final boolean upper, @ForAll final long seed)
    {
        final String digits = Long.toHexString(v);
        final String text = (upper ? "0X" : "0x") + group(upper ? digits.toUpperCase() : digits, new Random(seed));
        assertEquals(v, Numbers.parse(text), text);
    }

    @Property(tries = 500)
    void aDecimalWithALeadingZeroIsRefusedWhateverFollows(@ForAll @LongRange(min = 0) final long v,
                                                          @ForAll final boolean negative, @ForAll final long seed)
    {
        final String text = (negative ? "-" : "") + "0" + group(Long.toString(v), new Random(seed));
        final NumberFormatException e = assertThrows(NumberFormatException.class, () -> Numbers.parse(text), text);
        assertEquals(true, e.getMessage().startsWith("ambiguous: C reads a leading 0 as octal"), e.getMessage());
    }

    @Property(tries = 500)
    void aValueBeyondTheLongRangeIsTooLargeNeverWrapped(@ForAll("beyondLong") final BigInteger v)
    {
        final NumberFormatException e = assertThrows(NumberFormatException.class, () -> Numbers.parse(v.toString()));
        assertEquals("too large", e.getMessage());
    }

    @Property(tries = 2000)
    void anyTextEitherParsesToItsOwnValueOrIsANumberFormatException(@ForAll("numberish") final String text)
    {
        final long v;
        try
        {
            v = Numbers.parse(text);
        }
        catch (final NumberFormatException e)
        {
            if (null == e.getMessage() || e.getMessage().isBlank())
            {
                fail("no reason given for '" + text + "'");
            }
            return;
        }
        catch (final RuntimeException e)
        {
            throw new AssertionError("'" + text + "' threw " + e, e);
        }
        // Accepted: it must be exactly what Java reads after removing the grouping.
        final String plain = text.replace("_", "");
        final boolean negative = plain.startsWith("-");
        final String unsigned = negative ? plain.substring(1) : plain;
        assertEquals(false, unsigned.length() > 1 && unsigned.startsWith("0") && !unsigned.startsWith("0x")
            && !unsigned.startsWith("0X"), "a decimal with a leading 0 is refused: " + text);
        final BigInteger expected = unsigned.startsWith("0x") || unsigned.startsWith("0X")
            ? new BigInteger(unsigned.substring(2), 16) : new BigInteger(unsigned, 10);
        assertEquals(negative ? expected.negate() : expected, BigInteger.valueOf(v), text);
        assertEquals(-1, text.indexOf("__"), text);
    }

    @Provide
    Arbitrary<BigInteger> beyondLong()
    {
        return Arbitraries.bigIntegers().between(BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE),
            BigInteger.TWO.pow(200));
    }

    @Provide
    Arbitrary<String> numberish()
    {
        return Arbitraries.strings().withChars("0123456789abcdefABCDEFxX_-+ .\u0661\uFF11k").ofMaxLength(25);
    }

    /** Inserts single '_' between some digits (never first, last or doubled). */
    private static String group(final String text, final Random r)
    {
        final StringBuilder b = new StringBuilder();
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            b.append(c);
            if (Character.digit(c, 16) >= 0 && i + 1 < text.length() && r.nextInt(3) == 0)
            {
                b.append('_');
            }
        }
        return b.toString();
    }

    @Property(tries = 10)
    void groupingIsReadableInEveryLocale(@ForAll final long v)
    {
        assertEquals(Long.toString(v), Numbers.group(v).replace(",", ""));
    }
}
