package dev.fireball.config.tool;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Line numbers and values under any mix of line breaks, comments and blank lines: every entry and
 * every problem is located on the line that holds it, and every value the validator rejects is
 * rejected with that line, from a board file and from an override alike.
 */
class BoardFileLinePropertyTest
{
    /** One line of a file and what the parser must make of it. */
    record Line(String text, String key, String value, boolean problem)
    {
    }

    @Property(tries = 500)
    void everyEntryAndEveryProblemIsOnTheLineThatHoldsIt(@ForAll("lines") final List<Line> lines,
                                                         @ForAll("breaks") final List<String> breaks)
    {
        final StringBuilder text = new StringBuilder();
        final List<BoardFile.Entry> entries = new ArrayList<>();
        final List<Integer> problemLines = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++)
        {
            final Line l = lines.get(i);
            text.append(l.text()).append(breaks.get(i % breaks.size()));
            if (null != l.key())
            {
                entries.add(new BoardFile.Entry(l.key(), l.value(), i + 1));
            }
            if (l.problem())
            {
                problemLines.add(i + 1);
            }
        }
        final BoardFile f = BoardFile.parse("b.properties", text.toString());
        assertEquals(entries, f.entries(), text::toString);
        assertEquals(problemLines, f.problems().stream().map(Problem::line).toList(), text::toString);
    }

    @Property(tries = 300)
    void aValueOutsideItsKeysRangeIsRejectedOnItsLineInABoardFileAndInAnOverride(
        @ForAll("tunables") final Key key, @ForAll("outside") final long delta, @ForAll("padding") final int blankLines)
    {
        final long v = delta < 0 ? key.min() + delta : key.max() + delta;
        final String pad = "# note\n".repeat(blankLines);
        final String line = key.name() + " = " + v + "   # tuned\n";
        final String range = "is out of range: must be " + key.rangeText() + " (" + key.unit() + ")";

        final ConfigException inBoard = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
            () -> ValidatorTest.validate(ValidatorTest.FACTS + pad + line));
        assertLocated("b.properties:" + (5 + blankLines) + ": " + key.name() + " = " + v + ": " + range,
            inBoard.problems().get(0).toString());

        final BoardFile app = BoardFile.parse("app.properties", pad + line);
        final ConfigException inOverride = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
            () -> Validator.validate("b", ValidatorTest.board(ValidatorTest.FACTS), List.of(app)));
        assertLocated("app.properties:" + (1 + blankLines) + ": " + key.name() + " = " + v + ": " + range,
            inOverride.problems().get(0).toString());
    }

    /** {@code expected}, or it followed by a unit hint (16384 in a _KB key: "; if 16,384 is bytes, write 16"). */
    private static void assertLocated(final String expected, final String actual)
    {
        if (!actual.equals(expected))
        {
            assertTrue(actual.startsWith(expected + "; if ") && actual.contains(" write "), actual);
        }
    }

    @Property(tries = 100)
    void anOverrideCanNeitherSetABoardFactNorAnUnknownKey(@ForAll("facts") final Key fact,
                                                          @ForAll("unknownKeys") final String unknown)
    {
        final long v = fact.defaultValue() == null ? fact.max() : fact.defaultValue();
        final BoardFile app = BoardFile.parse("app.properties", fact.name() + " = " + v + "\n" + unknown + " = 1\n");
        final ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
            () -> Validator.validate("b", ValidatorTest.board(ValidatorTest.FACTS), List.of(app)));
        assertEquals(2, e.problems().size(), e::getMessage);
        assertTrue(e.problems().get(0).toString().startsWith("app.properties:1: " + fact.name() + " = " + v
            + ": is a board fact"), e::getMessage);
        assertTrue(e.problems().get(1).toString().startsWith("app.properties:2: " + unknown + " = 1: unknown key"),
            e::getMessage);
    }

    @Provide
    Arbitrary<List<Line>> lines()
    {
        final Arbitrary<String> key = Arbitraries.strings().withCharRange('A', 'Z').withChars('_').ofMinLength(1)
            .ofMaxLength(12).filter(k -> k.charAt(0) != '_' || k.length() > 1);
        final Arbitrary<String> value = Arbitraries.strings().withChars("0123456789_xX=- abc").ofMinLength(1)
            .ofMaxLength(10).map(String::strip).filter(v -> !v.isEmpty());
        final Arbitrary<String> space = Arbitraries.of("", " ", "\t", "  ");
        final Arbitrary<Line> entry = Combinators.combine(space, key, space, space, value, space,
            Arbitraries.of("", "# c", "#=#"))
            .as((a, k, b, c, v, d, comment) -> new Line(a + k + b + "=" + c + v + d + comment, k, v, false));
        final Arbitrary<Line> quiet = Arbitraries.of("", "   ", "# comment = 5", "\t# x", "#")
            .map(t -> new Line(t, null, null, false));
        final Arbitrary<Line> bad = Arbitraries.of("NO_EQUALS", "= 5", "1KEY = 5", "KEY =", "KEY = # nothing",
            "MAX-FDS = 2", "K\u200BX = 1").map(t -> new Line(t, null, null, true));
        return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(5, entry), net.jqwik.api.Tuple.of(3, quiet), net.jqwik.api.Tuple.of(2, bad))
            .list().ofMaxSize(25);
    }

    @Provide
    Arbitrary<List<String>> breaks()
    {
        // "\n" and "\r\n" mix freely; a lone "\r" before an empty line followed by "\n" would be one "\r\n", so
        // old-Mac files are all "\r".
        return Arbitraries.oneOf(Arbitraries.of("\n", "\r\n").list().ofMinSize(1).ofMaxSize(5),
            Arbitraries.just(List.of("\r")));
    }

    @Provide
    Arbitrary<Key> tunables()
    {
        return Arbitraries.of(Schema.keys().stream().filter(k -> Key.Kind.TUNABLE == k.kind()).toList());
    }

    @Provide
    Arbitrary<Key> facts()
    {
        return Arbitraries.of(Schema.keys().stream().filter(k -> Key.Kind.BOARD_FACT == k.kind()).toList());
    }

    @Provide
    Arbitrary<String> unknownKeys()
    {
        return Arbitraries.of("MAX_COROUTINE", "max_fds", "SRAM", "HEAP_KB", "GUEST_HEAP_SIZE", "X.Y");
    }

    @Provide
    Arbitrary<Long> outside()
    {
        return Arbitraries.oneOf(Arbitraries.longs().between(1, 1L << 40), Arbitraries.longs().between(-(1L << 40), -1),
            Arbitraries.of(1L, -1L, 1L << 31, -(1L << 31), (1L << 32) + 8));
    }

    @Provide
    Arbitrary<Integer> padding()
    {
        return Arbitraries.integers().between(0, 3);
    }
}
