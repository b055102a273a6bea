package dev.fireball.kernel;

/**
 * A fixed ring of binary trace events: each event is a tick, a kind and
 * two int arguments, 16 bytes in three parallel arrays. When full, the oldest event is overwritten
 * and counted in {@link #overwritten()}, so the ring always holds the latest history. A trace of 0
 * bytes (TRACE_BUFFER_BYTES = 0) is off: it records nothing and holds three empty arrays.
 * <p>Event kinds and their arguments:
 * <pre>
 *   MODULE_FAULT    a = module id   b = handle of the faulting coroutine
 *   MODULE_STOP     a = module id   b = coroutines stopped
 *   MODULE_RESTART  a = module id   b = new incarnation
 *   MODULE_START    a = module id   b = incarnation
 *   PANIC           a = module id   b = handle of the faulting coroutine
 * </pre>
 * <p><b>Context</b>: kernel only. <b>Allocation</b>: none after the constructor.
 */
public final class Trace
{
    public static final int MODULE_FAULT = 1;
    public static final int MODULE_STOP = 2;
    public static final int MODULE_RESTART = 3;
    public static final int MODULE_START = 4;
    public static final int PANIC = 5;

    /** Bytes one event occupies: tick 8, kind and a 4, b 4. */
    public static final int EVENT_BYTES = 16;

    private static final String[] KIND_NAMES = {"?", "module-fault", "module-stop", "module-restart", "module-start", "panic"};

    private final long[] tick;
    /** kind in bits 24..31, argument a (module id, < 2^24) in bits 0..23. */
    private final int[] kindAndA;
    private final int[] b;
    private final int mask;
    private long written;

    /**
     * Boot only.
     *
     * @param bufferBytes TRACE_BUFFER_BYTES: 0 (off), or at least 2 events' worth, rounded down to a
     *                    power-of-two number of events
     */
    public Trace(final int bufferBytes)
    {
        if (0 != bufferBytes && bufferBytes < 2 * EVENT_BYTES)
        {
            throw new IllegalArgumentException("trace buffer must be 0 (off) or hold at least 2 events of "
                + EVENT_BYTES + " bytes: bufferBytes=" + bufferBytes);
        }
        int events = 0;
        if (0 != bufferBytes)
        {
            events = 2;
            while (events * 2 <= bufferBytes / EVENT_BYTES)
            {
                events *= 2;
            }
        }
        tick = new long[events];
        kindAndA = new int[events];
        b = new int[events];
        mask = events - 1;
    }

    /**
     * Records one event.
     *
     * @param kind 0..255 (packed with {@code a} into one int)
     * @param a    0..2^24-1
     * @throws IllegalArgumentException for a {@code kind} or {@code a} that does not fit: masking it
     *         would record a different event
     */
    public void record(final long now, final int kind, final int a, final int bArg)
    {
        if (0 != (kind & ~0xFF) || 0 != (a & ~0xFFFFFF))
        {
            throw outOfRange(kind, a);
        }
        if (mask < 0)
        {
            return; // off: 0 events
        }
        final int i = (int) written & mask;
        tick[i] = now;
        kindAndA[i] = kind << 24 | (a & 0xFFFFFF);
        b[i] = bArg;
        written++;
    }

    /** Events held (at most {@link #capacity()}). */
    public int size()
    {
        return written < tick.length ? (int) written : tick.length;
    }

    public int capacity()
    {
        return tick.length;
    }

    /** Events recorded since boot. */
    public long written()
    {
        return written;
    }

    /** Events lost to overwriting. */
    public long overwritten()
    {
        return written - size();
    }

    private int index(final int i)
    {
        if (i < 0 || i >= size())
        {
            throw new IndexOutOfBoundsException("trace event " + i + " of " + size());
        }
        return (int) (written - size() + i) & mask;
    }

    /** Tick of held event {@code i} (0 = oldest held). */
    public long tickAt(final int i)
    {
        return tick[index(i)];
    }

    public int kindAt(final int i)
    {
        return kindAndA[index(i)] >>> 24;
    }

    public int aAt(final int i)
    {
        return kindAndA[index(i)] & 0xFFFFFF;
    }

    public int bAt(final int i)
    {
        return b[index(i)];
    }

    /** Counts held events of {@code kind} with argument {@code a}. */
    public int count(final int kind, final int a)
    {
        int n = 0;
        for (int i = 0; i < size(); i++)
        {
            if (kindAt(i) == kind && aAt(i) == a)
            {
                n++;
            }
        }
        return n;
    }

    public static String kindName(final int kind)
    {
        return kind > 0 && kind < KIND_NAMES.length ? KIND_NAMES[kind] : "?";
    }

    /** One line per held event, oldest first, without allocating. */
    public void dump(final AsciiSink out)
    {
        out.text("trace: ").dec(size()).text(" event(s), ").dec(overwritten()).text(" overwritten").nl();
        for (int i = 0; i < size(); i++)
        {
            out.dec(tickAt(i), 10).put(' ').column(kindName(kindAt(i)), 15).text(" a=").dec(aAt(i))
                .text(" b=").dec(bAt(i)).nl();
        }
    }

    private static IllegalArgumentException outOfRange(final int kind, final int a)
    {
        return new IllegalArgumentException("trace event out of range: kind must be 0..255 and a 0..16777215: kind="
            + kind + ", a=" + a);
    }
}
