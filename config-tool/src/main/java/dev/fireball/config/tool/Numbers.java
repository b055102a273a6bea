package dev.fireball.config.tool;

import java.util.Locale;

/**
 * The integer syntax of board files and the digit grouping of reports.
 *
 * <p>A value is a decimal integer with an optional leading {@code -} and optional {@code _} between
 * digits ({@code 64_000_000}), or a hexadecimal one ({@code 0x4000}). Nothing else: no units, no
 * expressions, so that what a file says is what the device gets.
 */
public final class Numbers
{
    private Numbers()
    {
    }

    /**
     * Parses a board-file integer.
     *
     * @return the value
     * @throws NumberFormatException with a message saying what is wrong (for the validator to wrap)
     */
    public static long parse(final String text)
    {
        if (text.isEmpty())
        {
            throw new NumberFormatException("no value");
        }
        int i = 0;
        boolean negative = false;
        if ('-' == text.charAt(0))
        {
            negative = true;
            i = 1;
        }
        int radix = 10;
        if (text.startsWith("0x", i) || text.startsWith("0X", i))
        {
            radix = 16;
            i += 2;
        }
        if (i >= text.length())
        {
            throw new NumberFormatException("not an integer");
        }
        long v = 0;
        boolean lastWasDigit = false;
        for (; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if ('_' == c)
            {
                if (!lastWasDigit || i == text.length() - 1)
                {
                    throw new NumberFormatException("'_' may only separate digits");
                }
                lastWasDigit = false;
                continue;
            }
            final int d = Character.digit(c, radix);
            if (d < 0 || c > 'f')
            {
                throw new NumberFormatException("not an integer" + (16 == radix ? " (hexadecimal)" : "")
                    + ": unexpected '" + printable(c) + "'");
            }
            if (v > (Long.MAX_VALUE - d) / radix)
            {
                throw new NumberFormatException("too large");
            }
            v = v * radix + d;
            lastWasDigit = true;
        }
        return negative ? -v : v;
    }

    /** {@code 262144 -> "262,144"}. */
    public static String group(final long v)
    {
        return String.format(Locale.ROOT, "%,d", v);
    }

    private static String printable(final char c)
    {
        return c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\u%04x", (int) c);
    }
}
