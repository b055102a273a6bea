package dev.fireball.config.tool;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hints for the commonest unit slips in a board file, which the number syntax alone would only call
 * "not an integer" or "out of range": a unit written after the number ({@code 16K}, {@code 4 KiB},
 * {@code 144MHz}), bytes written into a {@code _KB} key ({@code GUEST_HEAP_SIZE_KB = 16384}),
 * kibibytes into a {@code _BYTES} key ({@code COROUTINE_FRAME_BYTES = 4}), and a key renamed to the
 * other unit ({@code GUEST_HEAP_SIZE_BYTES}). A hint says what to write instead, as a value the
 * parser reads; it is only offered when that value is valid for the key, so it never sends the
 * user on to the next error.
 *
 * <p>Board files hold plain integers on purpose ({@link Numbers}): a hint explains, it never
 * makes the tool accept a unit.
 */
final class Units
{
    /** A number followed by a word: {@code 16K}, {@code 4 KiB}, {@code 144_000 kHz}. */
    private static final Pattern WITH_UNIT = Pattern.compile("(0[xX][0-9a-fA-F_]+|[0-9][0-9_]*)\\s*([A-Za-z]+)");

    private static final String KIB = "KiB";
    private static final String BYTES = "bytes";
    private static final String HZ = "Hz";

    private Units()
    {
    }

    /**
     * For a value that is a number with a unit after it, what to write instead in the key's unit:
     * {@code "write 4096 (4 KiB in bytes, the key's unit)"} for {@code COROUTINE_FRAME_BYTES = 4K}; null when the text is not
     * of that shape, the unit is not one of bytes or hertz, or the converted value would be invalid.
     */
    static String suffixHint(final Key key, final String text)
    {
        final Matcher m = WITH_UNIT.matcher(text.strip());
        if (!m.matches())
        {
            return null;
        }
        final long n;
        try
        {
            n = Numbers.parse(m.group(1));
        }
        catch (final NumberFormatException e)
        {
            return null;
        }
        final String unit = m.group(2).toLowerCase(Locale.ROOT);
        final long scale;
        final String scaleName;
        if (HZ.equals(key.unit()))
        {
            scale = switch (unit)
            {
                case "hz" -> 1;
                case "k", "khz" -> 1_000;
                case "m", "mhz" -> 1_000_000;
                default -> 0;
            };
            scaleName = 1 == scale ? "Hz" : 1_000 == scale ? "kHz" : "MHz";
        }
        else if (KIB.equals(key.unit()) || BYTES.equals(key.unit()))
        {
            scale = switch (unit)
            {
                case "b", "byte", "bytes" -> 1;
                case "k", "kb", "kib" -> 1024;
                case "m", "mb", "mib" -> 1024 * 1024;
                default -> 0;
            };
            scaleName = 1 == scale ? "bytes" : 1024 == scale ? "KiB" : "MiB";
        }
        else
        {
            return null;
        }
        if (0 == scale || n > Long.MAX_VALUE / scale)
        {
            return null;
        }
        final long base = n * scale; // in bytes or Hz
        final long inKeyUnit = KIB.equals(key.unit()) ? base / 1024 : base;
        if (KIB.equals(key.unit()) && 0 != base % 1024 || !valid(key, inKeyUnit))
        {
            return null;
        }
        return "write " + JavaGenerator.literal(inKeyUnit) + (scaleName.equals(key.unit()) ? " alone (the key is in "
            + key.unit() + ")" : " (" + Numbers.group(n) + " " + scaleName + " in " + key.unit() + ", the key's unit)");
    }

    /**
     * For a value out of its key's range that would be in range in the other size unit: bytes
     * written into a KiB key ({@code 16384} for 16 KiB), or kibibytes into a bytes key ({@code 4}
     * for 4,096, when the value is at most an eighth of the key's minimum); null otherwise.
     */
    static String rangeHint(final Key key, final long v)
    {
        if (KIB.equals(key.unit()) && v > key.max() && 0 == v % 1024 && valid(key, v / 1024))
        {
            return "if " + Numbers.group(v) + " is bytes, write " + (v / 1024) + " (" + key.name() + " is in KiB)";
        }
        // A plausible slip only: far below the range (4 for a 64-byte minimum), not just short of it (63).
        if (BYTES.equals(key.unit()) && v > 0 && v * 8 <= key.min() && v <= key.max() / 1024 && valid(key, v * 1024))
        {
            return "if " + v + " is KiB, write " + JavaGenerator.literal(v * 1024) + " (" + key.name() + " is in bytes)";
        }
        return null;
    }

    /**
     * For an unknown key that is a known one with the other size suffix ({@code GUEST_HEAP_SIZE_BYTES}
     * for {@code GUEST_HEAP_SIZE_KB}, {@code RX_RING_KB} for {@code RX_RING_BYTES}): the known key
     * with the value converted ({@code "GUEST_HEAP_SIZE_KB = 16"}), or just its name when the value
     * does not convert; null if no key is named so.
     */
    static String renamedKey(final String written, final String value)
    {
        final String upper = written.toUpperCase(Locale.ROOT);
        final String stem;
        final boolean writtenInBytes;
        if (upper.endsWith("_BYTES"))
        {
            stem = upper.substring(0, upper.length() - "_BYTES".length());
            writtenInBytes = true;
        }
        else if (upper.endsWith("_B"))
        {
            stem = upper.substring(0, upper.length() - "_B".length());
            writtenInBytes = true;
        }
        else if (upper.endsWith("_KB") || upper.endsWith("_KIB"))
        {
            stem = upper.substring(0, upper.lastIndexOf('_'));
            writtenInBytes = false;
        }
        else
        {
            return null;
        }
        final Key key = Schema.find(stem + (writtenInBytes ? "_KB" : "_BYTES"));
        if (null == key)
        {
            return null;
        }
        try
        {
            final long v = Numbers.parse(value);
            if (writtenInBytes && 0 == v % 1024 && valid(key, v / 1024))
            {
                return key.name() + " = " + (v / 1024);
            }
            if (!writtenInBytes && v <= key.max() / 1024 && valid(key, v * 1024))
            {
                return key.name() + " = " + JavaGenerator.literal(v * 1024);
            }
        }
        catch (final NumberFormatException e)
        {
            // the value gets its own problem once the key is right
        }
        return key.name();
    }

    private static boolean valid(final Key key, final long v)
    {
        return v >= key.min() && v <= key.max() && key.rule().accepts(v);
    }
}
