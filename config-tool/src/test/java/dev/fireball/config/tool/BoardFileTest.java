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

    private static Problem onlyProblem(final String text)
    {
        final BoardFile f = BoardFile.parse("b.properties", text);
        assertEquals(1, f.problems().size(), () -> f.problems().toString());
        return f.problems().get(0);
    }
}
