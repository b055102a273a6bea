package dev.fireball.config.tool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JavaGeneratorTest
{
    @Test
    void classNamesAreCamelCaseBoardNames()
    {
        assertEquals("Nrf52840", JavaGenerator.className("nrf52840"));
        assertEquals("Ch32v307", JavaGenerator.className("ch32v307"));
        assertEquals("MyBoard2", JavaGenerator.className("my-board_2"));
    }

    @Test
    void theSourcesCompileAsJava7(@TempDir final Path dir) throws Exception
    {
        final List<Board> boards = shipped();
        final List<Path> files = JavaGenerator.write(dir.resolve("src"), boards, "nrf52840");
        final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        final List<String> args = new ArrayList<>(List.of("--release", "7", "-Xlint:-options", "-Werror", "-d",
            dir.resolve("classes").toString()));
        files.forEach(f -> args.add(f.toString()));
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, javac.run(null, null, err, args.toArray(new String[0])), err::toString);
        assertTrue(Files.exists(dir.resolve("classes/dev/fireball/config/boards/Ch32v307.class")));
    }

    @Test
    void boardConstantsAndFactoryFollowTheBoardFile()
    {
        final String src = JavaGenerator.boardClass(ShippedBoards.load("ch32v307"));
        assertTrue(src.contains("public static final int SRAM_KB = 96;"), src);
        assertTrue(src.contains("public static final int CPU_HZ = 144_000_000;"), src);
        assertTrue(src.contains("Set by config/boards/ch32v307.properties:"), src);
        assertTrue(src.contains("return BoardConfig.of(NAME, new int[] {"), src);
        assertTrue(src.contains("BUDGET_STATIC_BYTES"), src);
    }

    @Test
    void boardConfigHasOneFieldPerKeyInSchemaOrder()
    {
        final String src = JavaGenerator.boardConfig();
        int from = 0;
        for (final Key k : Schema.keys())
        {
            final int at = src.indexOf("public final int " + k.fieldName() + ";", from);
            assertTrue(at > from, k.name());
            from = at;
        }
        assertTrue(src.contains("KEY_COUNT = " + Schema.keys().size() + ";"));
    }

    @Test
    void boardsSelectsTheBuildsBoardAndKnowsEveryOther()
    {
        final String src = JavaGenerator.boardsClass(shipped(), "ch32v307");
        assertTrue(src.contains("SELECTED = \"ch32v307\";"), src);
        assertTrue(src.contains("return Nrf52840.config();"), src);
        assertTrue(src.contains("return Host.config();"), src);
    }

    @Test
    void generationIsDeterministicAndLeavesUnchangedFilesAlone(@TempDir final Path dir) throws Exception
    {
        final Map<String, String> first = JavaGenerator.sources(shipped(), "host");
        assertEquals(first, JavaGenerator.sources(shipped(), "host"));
        final Path f = JavaGenerator.write(dir, shipped(), "host").get(0);
        final var stamp = Files.getLastModifiedTime(f);
        Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(stamp.toMillis() - 10_000));
        final var older = Files.getLastModifiedTime(f);
        JavaGenerator.write(dir, shipped(), "host");
        assertEquals(older, Files.getLastModifiedTime(f));
    }

    @Test
    void overrideFileNamesCannotBreakTheGeneratedSource(@TempDir final Path dir) throws Exception
    {
        // A Windows-like path with a backslash-u sequence, quotes and a line break in its name.
        final String hostile = "C:\\users\\u000a\\app \"x\"\n*/.properties";
        final Board b = Validator.validate("nrf52840", ShippedBoards.file("nrf52840"),
            List.of(BoardFile.parse(hostile, "MAX_FDS = 8\n")));
        final List<Path> files = JavaGenerator.write(dir.resolve("src"), List.of(b), "nrf52840");
        final List<String> args = new ArrayList<>(List.of("--release", "7", "-Xlint:-options", "-d",
            dir.resolve("classes").toString()));
        files.forEach(f -> args.add(f.toString()));
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, err, args.toArray(new String[0])),
            err::toString);
        assertEquals("a\\\"b\\012\\u00e9", JavaGenerator.javaString("a\"b\n\u00e9"));
    }

    @Test
    void javadocTextCannotCloseTheCommentOrSmuggleUnicodeEscapes()
    {
        assertEquals("a *&#47; b &#92;u0041 &lt;x&gt; &#64;see", JavaGenerator.escape("a */ b \\u0041 <x> @see"));
    }

    private static List<Board> shipped()
    {
        return ShippedBoards.names().stream().map(ShippedBoards::load).toList();
    }
}
