package dev.fireball.config.tool;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BoardFileTest
{
    @Test
    void entriesKeepTheirLineAndLoseTheirComments()
    {
        final BoardFile f = BoardFile.parse("b.properties", "# header\n\nSRAM_KB = 256   # trailing\n  TICK_HZ=1000\n");
        assertEquals(List.of(new BoardFile.Entry("SRAM_KB", "256", 3), new BoardFile.Entry("TICK_HZ", "1000", 4)),
            f.entries());
        assertTrue(f.problems().isEmpty());
    }

    @Test
    void crLfAndLoneCrAreLineBreaks()
    {
        final BoardFile f = BoardFile.parse("b.properties", "A = 1\r\nB = 2\rC = 3");
        assertEquals(List.of(1, 2, 3), f.entries().stream().map(BoardFile.Entry::line).toList());
    }

    @Test
    void aLineWithoutEqualsIsAProblemOnItsLine()
    {
        final Problem p = onlyProblem("SRAM_KB = 1\nSRAM_KB 256\n");
        assertEquals(2, p.line());
        assertEquals("b.properties:2: expected KEY = VALUE, found 'SRAM_KB 256'", p.toString());
    }

    @Test
    void aMissingKeyIsAProblem()
    {
        assertEquals("b.properties:1: missing key before '=' in '= 5'", onlyProblem("= 5").toString());
    }

    @Test
    void aMalformedKeyIsAProblem()
    {
        assertTrue(onlyProblem("MAX-FDS = 5").message().startsWith("malformed key 'MAX-FDS'"));
        assertTrue(onlyProblem("1KEY = 5").message().startsWith("malformed key '1KEY'"));
        assertTrue(onlyProblem("K".repeat(65) + " = 5").message().startsWith("malformed key"));
    }

    @Test
    void aMissingValueIsAProblemNamingTheKey()
    {
        assertEquals("b.properties:1: MAX_FDS: missing value after '='", onlyProblem("MAX_FDS =   # none").toString());
    }

    @Test
    void controlCharactersAreEscapedInMessages()
    {
        assertTrue(onlyProblem("\u0001\u0007").message().contains("\\u0001\\u0007"));
    }

    @Test
    void aByteOrderMarkBeforeTheFirstKeyIsIgnored()
    {
        // Editors that save UTF-8 with a BOM used to get "malformed key 'SRAM_KB'" (the BOM invisible in the
        // quote) and a second, false "missing: SRAM_KB".
        final BoardFile f = BoardFile.parse("b.properties", "\uFEFFSRAM_KB = 256\nTICK_HZ = 1000\n");
        assertEquals(List.of(new BoardFile.Entry("SRAM_KB", "256", 1), new BoardFile.Entry("TICK_HZ", "1000", 2)),
            f.entries());
        assertTrue(f.problems().isEmpty(), f.problems()::toString);
    }

    @Test
    void invisibleCharactersAreEscapedInMessagesSoTheQuotedTextShowsWhatIsWrong()
    {
        // A zero-width space or a no-break space pasted into a key looked like a well-formed key in the message.
        assertEquals("b.properties:1: malformed key 'MAX_\\u200bFDS': a key is a letter or '_' followed by letters, "
            + "digits, '_' or '.' (at most 64 characters)", onlyProblem("MAX_\u200BFDS = 5").toString());
        assertTrue(onlyProblem("MAX\u00A0FDS = 5").message().startsWith("malformed key 'MAX\\u00a0FDS'"));
        assertTrue(onlyProblem("K\u2028X = 5").message().startsWith("malformed key 'K\\u2028X'"));
        assertTrue(onlyProblem("K\uD800 = 5").message().startsWith("malformed key 'K\\ud800'"));
    }

    private static Problem onlyProblem(final String text)
    {
        final BoardFile f = BoardFile.parse("b.properties", text);
        assertEquals(1, f.problems().size(), () -> f.problems().toString());
        return f.problems().get(0);
    }
}
