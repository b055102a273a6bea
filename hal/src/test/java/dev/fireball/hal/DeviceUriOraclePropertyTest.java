package dev.fireball.hal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fireball.kernel.Errno;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The URI parser against an independent oracle: the grammar of docs/hal.md as a regular
 * expression plus the index range, on valid URIs and on single and double edits of them (a char
 * inserted, deleted or replaced anywhere, from an alphabet of the characters that matter), with
 * added types of every length 1..16 and of every type character, so that near misses of every part
 * of the grammar are tried, not only random noise.
 */
class DeviceUriOraclePropertyTest
{
    private static final Pattern URI = Pattern.compile("device://([a-z0-9_-]{1,16})/(0|[1-9][0-9]*|\\*)");
    private static final String ALPHABET = "device:/*09_-aAzZ \u0000\u0130\u0660\uff10.\\+";
    private static final String[] ADDED = {"x", "ram", "loop", "a-b_c", "0", "-", "_9", "abcdefghijklmnop"};

    private final DeviceRegistry types = registry();

    private static DeviceRegistry registry()
    {
        final DeviceRegistry r = new DeviceRegistry(DeviceType.BUILT_IN_COUNT + ADDED.length, 4);
        for (final String name : ADDED)
        {
            r.addType(name, Ioctl.NO_FAMILY);
        }
        return r;
    }

    /** What the grammar says {@code s} parses to: a parse result, -EINVAL or -ENODEV. */
    private int oracle(final String s, final boolean pattern)
    {
        if (null == s)
        {
            return -Errno.EINVAL;
        }
        final Matcher m = URI.matcher(s);
        if (!m.matches())
        {
            return -Errno.EINVAL;
        }
        final String index = m.group(2);
        final int value;
        if ("*".equals(index))
        {
            if (!pattern)
            {
                return -Errno.EINVAL;
            }
            value = DeviceUri.ANY_INDEX;
        }
        else
        {
            if (index.length() > 5 || Integer.parseInt(index) > DeviceUri.MAX_INDEX)
            {
                return -Errno.EINVAL;
            }
            value = Integer.parseInt(index);
        }
        final String name = m.group(1);
        for (int t = 0; t < types.typeCount(); t++)
        {
            if (name.equals(nameOf(t)))
            {
                return t << 16 | value;
            }
        }
        return -Errno.ENODEV;
    }

    private static String nameOf(final int t)
    {
        return t < DeviceType.BUILT_IN_COUNT ? DeviceType.NAMES[t] : ADDED[t - DeviceType.BUILT_IN_COUNT];
    }

    @Property(tries = 1000, edgeCases = EdgeCasesMode.MIXIN)
    void parseAgreesWithTheGrammarOnValidUrisAndTheirNearMisses(@ForAll("nearMisses") final String s)
    {
        assertEquals(oracle(s, false), DeviceUri.parse(s, types), "parse(\"" + s + "\")");
    }

    @Property(tries = 1000, edgeCases = EdgeCasesMode.MIXIN)
    void parsePatternAgreesWithTheGrammarOnValidPatternsAndTheirNearMisses(@ForAll("nearMisses") final String s)
    {
        assertEquals(oracle(s, true), DeviceUri.parsePattern(s, types), "parsePattern(\"" + s + "\")");
    }

    @Provide
    Arbitrary<String> nearMisses()
    {
        final Arbitrary<String> type = Arbitraries.oneOf(
            Arbitraries.of(DeviceType.NAMES), Arbitraries.of(ADDED),
            Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789_-").ofMinLength(1).ofMaxLength(17));
        final Arbitrary<String> index = Arbitraries.oneOf(
            Arbitraries.integers().between(0, DeviceUri.MAX_INDEX).map(String::valueOf),
            Arbitraries.integers().between(DeviceUri.MAX_INDEX - 2, 1_000_000).map(String::valueOf),
            Arbitraries.of("*", "0", "9", "00", "65534", "65535"));
        final Arbitrary<String> valid = Combinators.combine(type, index).as((t, i) -> "device://" + t + "/" + i);
        return valid.flatMap(v -> edits(v).flatMap(this::edits));
    }

    /** {@code v} unchanged, or with one char inserted, deleted or replaced. */
    private Arbitrary<String> edits(final String v)
    {
        final Arbitrary<Integer> at = Arbitraries.integers().between(0, v.length());
        final Arbitrary<Character> c = Arbitraries.of(ALPHABET.toCharArray());
        return Arbitraries.oneOf(
            Arbitraries.just(v),
            Combinators.combine(at, c).as((p, ch) -> v.substring(0, p) + ch + v.substring(p)),
            at.filter(p -> p < v.length()).map(p -> v.substring(0, p) + v.substring(p + 1)),
            Combinators.combine(at.filter(p -> p < v.length()), c)
                .as((p, ch) -> v.substring(0, p) + ch + v.substring(p + 1)));
    }
}
