package dev.fireball.config.tool;

import java.util.Locale;

/**
 * The integer syntax of board files and the digit grouping of reports.
 *
 * <p>A value is a decimal integer with an optional leading {@code -} and optional {@code _} between
 * digits ({@code 64_000_000}), or a hexadecimal one ({@code 0x4000}). Nothing else: no units, no
 * expressions, so that what a file says is what the device gets. A decimal of more than one digit
 * cannot start with {@code 0}: C reads {@code 010} as octal 8, so such a value is refused rather
 * than read one way or the other.
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
        if (10 == radix && '0' == text.charAt(i) && i + 1 < text.length())
        {
            throw leadingZero(negative ? "-" : "", text.substring(i));
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

    /**
     * A decimal that starts with 0 and has more after it: C reads it as octal, so whichever reading the
     * tool chose, a value copied from a C header could silently change. The message says what to write
     * instead when it can ({@link #remedied()}).
     */
    public static final class LeadingZeroException extends NumberFormatException
    {
        private static final long serialVersionUID = 1L;
        private final boolean remedied;

        LeadingZeroException(final String message, final boolean remedied)
        {
            super(message);
            this.remedied = remedied;
        }

        /** The message ends with the number to write (it does when the rest is plain decimal digits). */
        public boolean remedied()
        {
            return remedied;
        }
    }

    /** The refusal of {@code sign digits}, a decimal that starts with 0 and has more after it. */
    private static LeadingZeroException leadingZero(final String sign, final String digits)
    {
        final String plain = digits.replace("_", "");
        String decimal = plain;
        while (decimal.length() > 1 && '0' == decimal.charAt(0))
        {
            decimal = decimal.substring(1);
        }
        final boolean octal = plain.chars().allMatch(c -> c >= '0' && c <= '7') && plain.length() <= 21;
        final StringBuilder m = new StringBuilder("ambiguous: C reads a leading 0 as octal");
        if (octal)
        {
            m.append(" (").append(sign).append(digits).append(" = ").append(sign).append(Long.parseLong(plain, 8))
                .append(')');
        }
        final boolean remedied = decimal.chars().allMatch(Character::isDigit) && decimal.length() <= 18;
        if (remedied)
        {
            m.append("; write ").append(sign).append(decimal).append(" for decimal");
            if (octal)
            {
                m.append(", or ").append(sign).append("0x").append(Long.toHexString(Long.parseLong(plain, 8)))
                    .append(" for the octal value");
            }
        }
        return new LeadingZeroException(m.toString(), remedied);
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
