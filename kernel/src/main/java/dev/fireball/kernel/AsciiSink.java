package dev.fireball.kernel;

/**
 * A preallocated ASCII text buffer for dumps and reports: numbers and strings are written byte by
 * byte, so producing a report never allocates. Output past the capacity is dropped and
 * {@link #truncated()} turns true (a dump is never allowed to fail); {@link #writeTo} then ends the
 * text with {@code "...\n"}, so the cut shows and the next report still starts on its own line.
 * <p><b>Allocation</b>: none after the constructor ({@link #toString()} is for tests and tools).
 */
public final class AsciiSink
{
    /** What {@link #writeTo} puts in place of the text's last bytes when it was cut. */
    private static final byte[] CUT = {'.', '.', '.', '\n'};

    private final byte[] buf;
    private final byte[] digits = new byte[20];
    private int pos;
    private boolean truncated;

    public AsciiSink(final int capacityBytes)
    {
        if (capacityBytes < 1)
        {
            throw new IllegalArgumentException("capacityBytes must be >= 1: capacityBytes=" + capacityBytes);
        }
        buf = new byte[capacityBytes];
    }

    public void clear()
    {
        pos = 0;
        truncated = false;
    }

    public byte[] buffer()
    {
        return buf;
    }

    public int length()
    {
        return pos;
    }

    public boolean truncated()
    {
        return truncated;
    }

    public AsciiSink put(final char c)
    {
        if (pos < buf.length)
        {
            buf[pos++] = (byte) (c < 128 ? c : '?');
        }
        else
        {
            truncated = true;
        }
        return this;
    }

    public AsciiSink text(final String s)
    {
        final String t = null == s ? "null" : s;
        final int n = t.length();
        for (int i = 0; i < n; i++)
        {
            put(t.charAt(i));
        }
        return this;
    }

    /** Writes {@code s} left-aligned in a column of {@code width} characters (longer text is kept whole). */
    public AsciiSink column(final String s, final int width)
    {
        final int before = pos;
        text(s);
        return pad(width - (pos - before));
    }

    public AsciiSink dec(final long value)
    {
        long v = value;
        if (v < 0)
        {
            put('-');
            if (Long.MIN_VALUE == v)
            {
                return text("9223372036854775808");
            }
            v = -v;
        }
        int n = 0;
        do
        {
            digits[n++] = (byte) ('0' + (int) (v % 10));
            v /= 10;
        }
        while (v != 0);
        while (n > 0)
        {
            put((char) digits[--n]);
        }
        return this;
    }

    /** Decimal right-aligned in {@code width} characters. */
    public AsciiSink dec(final long value, final int width)
    {
        int len = value <= 0 ? 1 : 0;
        for (long v = value; v != 0; v /= 10)
        {
            len++;
        }
        pad(width - len);
        return dec(value);
    }

    /** {@code 0x} followed by exactly eight hex digits. */
    public AsciiSink hex32(final int value)
    {
        put('0').put('x');
        for (int shift = 28; shift >= 0; shift -= 4)
        {
            final int d = (value >>> shift) & 0xF;
            put((char) (d < 10 ? '0' + d : 'a' + d - 10));
        }
        return this;
    }

    public AsciiSink nl()
    {
        return put('\n');
    }

    public AsciiSink pad(final int spaces)
    {
        for (int i = 0; i < spaces; i++)
        {
            put(' ');
        }
        return this;
    }

    /**
     * Writes the text so far to {@code console}. A truncated text lost its end, and with it the
     * newline that ends a report: its last {@code CUT.length} bytes are replaced by {@code "...\n"}.
     */
    public void writeTo(final Console console)
    {
        if (!truncated)
        {
            console.write(buf, 0, pos);
            return;
        }
        console.write(buf, 0, Math.max(0, pos - CUT.length));
        console.write(CUT, 0, CUT.length);
    }

    /** For tests and tools only: allocates. */
    @Override
    public String toString()
    {
        final char[] chars = new char[pos];
        for (int i = 0; i < pos; i++)
        {
            chars[i] = (char) buf[i];
        }
        return new String(chars);
    }
}
