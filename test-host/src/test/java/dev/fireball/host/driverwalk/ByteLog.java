package dev.fireball.host.driverwalk;

import java.nio.charset.StandardCharsets;

/**
 * Bytes with the tick each was seen at, preallocated and wrapping (so a long allocation test can
 * keep logging); {@link #text()} and {@link #ticks()} give the first {@code CAPACITY} entries.
 */
final class ByteLog
{
    static final int CAPACITY = 256;

    private final byte[] bytes = new byte[CAPACITY];
    private final long[] at = new long[CAPACITY];
    private long count;

    void add(final byte b, final long tick)
    {
        final int i = (int) (count++ % CAPACITY);
        bytes[i] = b;
        at[i] = tick;
    }

    void add(final byte[] src, final int off, final int len, final long tick)
    {
        for (int i = 0; i < len; i++)
        {
            add(src[off + i], tick);
        }
    }

    long count()
    {
        return count;
    }

    String text()
    {
        return new String(bytes, 0, (int) Math.min(count, CAPACITY), StandardCharsets.US_ASCII);
    }

    long[] ticks()
    {
        final long[] t = new long[(int) Math.min(count, CAPACITY)];
        System.arraycopy(at, 0, t, 0, t.length);
        return t;
    }

    static long[] range(final long from, final int n)
    {
        final long[] t = new long[n];
        for (int i = 0; i < n; i++)
        {
            t[i] = from + i;
        }
        return t;
    }

    static long[] concat(final long[] a, final long[] b)
    {
        final long[] t = new long[a.length + b.length];
        System.arraycopy(a, 0, t, 0, a.length);
        System.arraycopy(b, 0, t, a.length, b.length);
        return t;
    }
}
