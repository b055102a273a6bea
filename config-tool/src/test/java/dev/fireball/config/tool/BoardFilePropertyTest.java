package dev.fireball.config.tool;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random and hostile board-file text: the parser and validator either accept it or explain every
 * defect with a located {@link Problem}; no other exception ever escapes.
 */
class BoardFilePropertyTest
{
    @Property(tries = 500)
    void arbitraryTextYieldsABoardOrLocatedProblems(@ForAll final String text)
    {
        check(ValidatorTest.FACTS + text);
        check(text);
    }

    /** The hostile generator is made of edge cases already; jqwik's own would only crowd out random ones. */
    @Property(tries = 500, edgeCases = EdgeCasesMode.NONE)
    void hostileLinesYieldABoardOrLocatedProblems(@ForAll("hostileFiles") final String text)
    {
        check(text);
    }

    @Property(tries = 300)
    void wellFormedInRangeValuesAreReadBackExactly(@ForAll("tunableValues") final Map<String, Long> values)
    {
        final StringBuilder text = new StringBuilder(ValidatorTest.FACTS);
        values.forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));
        try
        {
            final Board b = Validator.validate("fuzz", BoardFile.parse("fuzz.properties", text.toString()), List.of());
            values.forEach((k, v) -> assertEquals(v, b.get(k), k));
        }
        catch (final ConfigException e)
        {
            // Valid lines can only clash with each other (consistency) or with the SRAM (budget).
            for (final Problem p : e.problems())
            {
                assertFalse(p.message().startsWith("unknown") || p.message().startsWith("is out of range")
                    || p.message().startsWith("is not an integer") || p.message().startsWith("must be"), p.toString());
            }
        }
    }

    /** Stage-1 problems: one line each. Consistency and budget problems (stage 2) come only without these. */
    private static final List<String> LINE_PROBLEMS = List.of("expected KEY = VALUE", "missing key", "malformed key",
        "missing value", "unknown key", "set twice", "is a board fact", "is not", "is out of range", "must be ");

    @Property(tries = 500, edgeCases = EdgeCasesMode.NONE)
    void theProblemsOfAFileAreListedInLineOrder(@ForAll("hostileFiles") final String text)
    {
        try
        {
            Validator.validateRules("fuzz", BoardFile.parse("fuzz.properties", ValidatorTest.FACTS + text), List.of());
        }
        catch (final ConfigException e)
        {
            final List<Problem> located = e.problems().stream().filter(p -> p.line() > 0).toList();
            if (located.stream().anyMatch(p -> LINE_PROBLEMS.stream().anyMatch(p.message()::startsWith)))
            {
                for (int i = 1; i < located.size(); i++)
                {
                    assertTrue(located.get(i - 1).line() <= located.get(i).line(), e::getMessage);
                }
            }
        }
    }

    /**
     * A valid file means the same whatever its notation: each value in decimal, grouped with '_' or in
     * hexadecimal, with any spacing, comments and line breaks, validates to the board its plain
     * decimal twin does, or fails with the same problems on the same lines.
     */
    @Property(tries = 300)
    void everyNotationOfAFileReadsBackAsItsPlainDecimalTwin(@ForAll("notatedFiles") final List<Notated> lines,
                                                            @ForAll("lineBreaks") final String br)
    {
        final String facts = ValidatorTest.FACTS.replace("SRAM_KB = 256", "SRAM_KB = 16384");
        final StringBuilder plain = new StringBuilder(facts);
        final StringBuilder notated = new StringBuilder(facts.replace("\n", br));
        for (final Notated l : lines)
        {
            plain.append(null == l.key() ? "" : l.key() + " = " + l.value()).append('\n');
            notated.append(l.text()).append(br);
        }
        final Object expected = outcome(plain.toString());
        assertEquals(expected, outcome(notated.toString()), notated::toString);
        if (expected instanceof Map<?, ?> values)
        {
            for (final Notated l : lines)
            {
                if (null != l.key())
                {
                    assertEquals(l.value(), values.get(l.key()), l.text());
                }
            }
        }
    }

    /**
     * A size written with a unit ("4K"), or in the other size unit (16384 into a _KB key, 4 into a
     * _BYTES key), is rejected on its line, and the problem names the value to write, which the
     * key then accepts.
     */
    @Property(tries = 300)
    void aSizeInTheWrongUnitIsRejectedNamingTheValueThatIsAccepted(@ForAll("sizeSlips") final Tuple2<Key, Long> slip)
    {
        final Key key = slip.get1();
        final long kib = slip.get2();
        final boolean inKib = "KiB".equals(key.unit());
        final long right = inKib ? kib : kib * 1024;
        final List<String> wrong = new ArrayList<>(List.of(kib + "K", kib + " KiB", kib + "kb"));
        if (inKib ? kib * 1024 > key.max() : kib * 8 <= key.min())
        {
            // Out of range in the key's unit (a bytes value only far below the minimum reads as KiB).
            wrong.add(String.valueOf(inKib ? kib * 1024 : kib));
        }
        for (final String w : wrong)
        {
            final String p = onlyProblemOf(key.name() + " = " + w + "\n");
            assertTrue(p.startsWith("b.properties:5: " + key.name() + " = " + w + ": is "), p);
            assertTrue(p.contains("write " + JavaGenerator.literal(right) + " "), p);
        }
        try
        {
            Validator.validateRules("b", ValidatorTest.board(ValidatorTest.FACTS + key.name() + " = "
                + JavaGenerator.literal(right) + "\n"), List.of());
        }
        catch (final ConfigException e)
        {
            // Accepted on its own: only a consistency rule with the defaults may still object (a 1 MiB frame).
            assertTrue(e.problems().stream().noneMatch(p -> LINE_PROBLEMS.stream().anyMatch(p.message()::startsWith)),
                e::getMessage);
        }
    }

    @Provide
    Arbitrary<Tuple2<Key, Long>> sizeSlips()
    {
        final List<Key> sizes = Schema.keys().stream().filter(k -> Key.Kind.TUNABLE == k.kind()
            && ("KiB".equals(k.unit()) || "bytes".equals(k.unit())) && k.max() >= 1024).toList();
        return Arbitraries.of(sizes).flatMap(k ->
        {
            final boolean inKib = "KiB".equals(k.unit());
            final long most = inKib ? k.max() : k.max() / 1024;
            return Arbitraries.longs().between(Math.max(1, inKib ? k.min() : 1), most)
                .map(n -> k.rule().accepts(inKib ? n : n * 1024) ? n : Long.highestOneBit(n))
                .map(n -> Tuple.of(k, n));
        });
    }

    /** One line of {@link #everyNotationOfAFileReadsBackAsItsPlainDecimalTwin}: a key and value, or no entry. */
    record Notated(String key, Long value, String text)
    {
    }

    @Provide
    Arbitrary<List<Notated>> notatedFiles()
    {
        final List<Key> tunables = Schema.keys().stream().filter(k -> Key.Kind.TUNABLE == k.kind()).toList();
        final Arbitrary<String> space = Arbitraries.of("", " ", "  ", "\t");
        final Arbitrary<Notated> entry = Arbitraries.of(tunables).flatMap(k -> Combinators.combine(inRange(k),
            Arbitraries.integers().between(0, 3), space, space, space, space,
            Arbitraries.of("", "# tuned", "#x=1", " # 0x10"))
            .as((v, notation, a, b, c, d, comment) -> new Notated(k.name(), v,
                a + k.name() + b + "=" + c + notate(v, notation) + d + comment)));
        final Arbitrary<Notated> quiet = Arbitraries.of("", "# comment", "   ", "\t# MAX_FDS = 0x")
            .map(t -> new Notated(null, null, t));
        return Arbitraries.frequencyOf(Tuple.of(4, entry), Tuple.of(1, quiet))
            .list().ofMaxSize(12);
    }

    @Provide
    Arbitrary<String> lineBreaks()
    {
        return Arbitraries.of("\n", "\r\n", "\r");
    }

    /** {@code v} as decimal, decimal grouped by '_' in threes, hexadecimal (0x or 0X). */
    private static String notate(final long v, final int notation)
    {
        return switch (notation)
        {
            case 0 -> Long.toString(v);
            case 1 -> Numbers.group(v).replace(',', '_');
            case 2 -> "0x" + Long.toHexString(v);
            default -> "0X" + Long.toHexString(v).toUpperCase(java.util.Locale.ROOT);
        };
    }

    /** The values of a valid board, or the problems' lines, keys and messages. */
    private static Object outcome(final String text)
    {
        try
        {
            return Validator.validate("fuzz", BoardFile.parse("fuzz.properties", text), List.of()).values();
        }
        catch (final ConfigException e)
        {
            return e.problems().stream().map(p -> p.line() + " " + p.key() + " " + p.message()).toList();
        }
    }

    private static String onlyProblemOf(final String extra)
    {
        final ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
            () -> Validator.validateRules("b", ValidatorTest.board(ValidatorTest.FACTS + extra), List.of()));
        assertEquals(1, e.problems().size(), e::getMessage);
        return e.problems().get(0).toString();
    }

    private static void check(final String text)
    {
        try
        {
            Validator.validate("fuzz", BoardFile.parse("fuzz.properties", text), List.of());
        }
        catch (final ConfigException e)
        {
            assertFalse(e.problems().isEmpty());
            for (final Problem p : e.problems())
            {
                assertTrue(p.toString().startsWith("fuzz.properties"), p.toString());
                assertFalse(p.message().isBlank());
            }
        }
    }

    @Provide
    Arbitrary<String> hostileFiles()
    {
        final Arbitrary<String> key = Arbitraries.oneOf(
            Arbitraries.of(Schema.names()),
            Arbitraries.of(Schema.names()).map(String::toLowerCase),
            Arbitraries.strings().ofMaxLength(70),
            Arbitraries.just(""));
        final Arbitrary<String> value = Arbitraries.oneOf(
            Arbitraries.longs().map(String::valueOf),
            Arbitraries.integers().between(-5, 70_000).map(String::valueOf),
            Arbitraries.of("0x", "0xFFFFFFFFFFFFFFFFFF", "1__0", "_", "-", "99999999999999999999999", "1e9", "\u0000",
                "\uD800", "16K", "= =", "#", "0x7fffffff", "-2147483649"),
            Arbitraries.strings().ofMaxLength(20));
        final Arbitrary<String> separator = Arbitraries.of(" = ", "=", " ", "==", " : ", "\t=\t");
        final Arbitrary<String> line = Arbitraries.oneOf(
            Combinators.combine(key, separator, value).as((k, s, v) -> k + s + v),
            Arbitraries.of("# comment", "", "   ", "=", "\r", "KEY =", "= 5"),
            Arbitraries.strings().ofMaxLength(40));
        final Arbitrary<String> lineBreak = Arbitraries.of("\n", "\r\n", "\r");
        return Combinators.combine(line.list().ofMaxSize(30), lineBreak).as((lines, br) -> String.join(br, lines));
    }

    @Provide
    Arbitrary<Map<String, Long>> tunableValues()
    {
        final List<Key> tunables = Schema.keys().stream().filter(k -> Key.Kind.TUNABLE == k.kind()).toList();
        return Arbitraries.of(tunables).flatMap(k -> inRange(k).map(v -> Map.entry(k.name(), v))).list().ofMaxSize(8)
            .map(entries ->
            {
                final Map<String, Long> m = new java.util.LinkedHashMap<>();
                entries.forEach(e -> m.put(e.getKey(), e.getValue()));
                return m;
            });
    }

    private static Arbitrary<Long> inRange(final Key k)
    {
        return Arbitraries.longs().between(k.min(), k.max()).map(v -> switch (k.rule())
        {
            case POWER_OF_TWO -> Math.max(k.min(), Long.highestOneBit(v));
            case POWER_OF_TWO_OR_ZERO -> Long.highestOneBit(v);
            case MULTIPLE_OF_4 -> Math.max(k.min(), v / 4 * 4);
            case MULTIPLE_OF_8 -> Math.max(k.min(), v / 8 * 8);
            case NONE -> v;
        });
    }
}
