package dev.fireball.config.tool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigToolTest
{
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(final String... args)
    {
        final CommandLine cmd = ConfigTool.commandLine();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        return cmd.execute(args);
    }

    @Test
    void noSubcommandIsAUsageErrorWithTheUsageOnStderr()
    {
        assertEquals(2, run(), err::toString);
        assertTrue(err.toString().startsWith("missing subcommand: one of budget, validate, keys, generate"), err::toString);
        assertTrue(err.toString().contains("Usage: config-tool"), err::toString);
        assertEquals("", out.toString());
    }

    @Test
    void budgetPrintsTheTableOfAShippedBoard()
    {
        assertEquals(0, run("budget", "--board", "nrf52840"), err::toString);
        assertTrue(out.toString().startsWith("Memory budget: board nrf52840"), out::toString);
        assertTrue(out.toString().contains("Available"), out::toString);
    }

    @Test
    void budgetWithAnOverrideNamesItBesideTheBoardFile(@TempDir final Path dir) throws Exception
    {
        // The report's header named the board file only, so nothing showed the override was read.
        final Path app = Files.writeString(dir.resolve("app.properties"), "MAX_COROUTINES = 12\n");
        assertEquals(0, run("budget", "--board", "ch32v307", "--override", app.toString()), err::toString);
        final String header = out.toString().lines().findFirst().orElseThrow();
        assertTrue(header.startsWith("Memory budget: board ch32v307 ("), header);
        assertTrue(header.endsWith("config/boards/ch32v307.properties + " + app + ")"), header);
        assertTrue(out.toString().contains("12 slots"), out::toString);
    }

    @Test
    void budgetInTheHostLayoutUsesHotSpotHeaders()
    {
        assertEquals(0, run("budget", "-b", "ch32v307", "--layout", "hotspot"), err::toString);
        assertTrue(out.toString().contains("Object layout: hotspot (12-byte object headers"), out::toString);
    }

    @Test
    void budgetOfABoardOverBudgetPrintsTheTableThenFails(@TempDir final Path dir) throws Exception
    {
        final Path f = copy("over-budget.properties", dir);
        assertEquals(1, run("budget", "--board", f.toString()));
        assertTrue(out.toString().contains("OVER BUDGET"), out::toString);
        assertTrue(err.toString().contains("SRAM_KB = 32: over budget"), err::toString);
    }

    @Test
    void validateReportsEachFile(@TempDir final Path dir) throws Exception
    {
        final Path good = copy("minimal.properties", dir);
        assertEquals(0, run("validate", good.toString()), err::toString);
        assertTrue(out.toString().startsWith("ok " + good), out::toString);
    }

    @Test
    void validateFailsWithEveryProblemOfEveryFile(@TempDir final Path dir) throws Exception
    {
        final Path bad = dir.resolve("bad.properties");
        Files.writeString(bad, ValidatorTest.FACTS + "MAX_COROUTNES = 3\n");
        final Path over = copy("over-budget.properties", dir);
        assertEquals(1, run("validate", bad.toString(), over.toString()));
        assertTrue(err.toString().contains("bad.properties:5: MAX_COROUTNES = 3: unknown key; did you mean "
            + "MAX_COROUTINES?"), err::toString);
        assertTrue(err.toString().contains("over-budget.properties:3: SRAM_KB = 32: over budget"), err::toString);
    }

    @Test
    void validateAppliesOverrides(@TempDir final Path dir) throws Exception
    {
        final Path board = copy("minimal.properties", dir);
        final Path app = dir.resolve("app.properties");
        Files.writeString(app, "SRAM_KB = 1\n");
        assertEquals(1, run("validate", board.toString(), "--override", app.toString()));
        assertTrue(err.toString().contains("is a board fact"), err::toString);
    }

    @Test
    void validateTakesBoardNamesAsBudgetDoesAndNamesTheOverrides(@TempDir final Path dir) throws Exception
    {
        // `validate nrf52840` answered "no board file nrf52840" while `budget --board nrf52840` worked.
        assertEquals(0, run("validate", "ch32v307", "nrf52840"), err::toString);
        assertTrue(out.toString().startsWith("ok "), out::toString);
        assertTrue(out.toString().contains("ch32v307.properties: static RAM"), out::toString);
        assertTrue(out.toString().contains("nrf52840.properties: static RAM"), out::toString);
        out.getBuffer().setLength(0);
        final Path app = Files.writeString(dir.resolve("app.properties"), "MAX_COROUTINES = 12\n");
        assertEquals(0, run("validate", "ch32v307", "--override", app.toString()), err::toString);
        assertTrue(out.toString().startsWith("ok ") && out.toString().contains("ch32v307.properties + " + app + ": "),
            out::toString);
        assertEquals(1, run("validate", "nrf52480"));
        assertTrue(err.toString().contains("did you mean nrf52840?"), err::toString);
    }

    @Test
    void keysListsEverySchemaKey()
    {
        assertEquals(0, run("keys"));
        for (final Key k : Schema.keys())
        {
            assertTrue(out.toString().contains(k.name()), k.name());
        }
    }

    @Test
    void generateWritesSourcesAndReports(@TempDir final Path dir) throws Exception
    {
        final Path boards = Files.createDirectories(dir.resolve("boards"));
        copy("minimal.properties", boards);
        assertEquals(0, run("generate", "--boards-dir", boards.toString(), "--out", dir.resolve("gen").toString(),
            "--select", "minimal", "--override=", "--report-dir", dir.resolve("reports").toString(), "--print-report"),
            err::toString);
        assertTrue(Files.exists(dir.resolve("gen/dev/fireball/config/boards/Minimal.java")));
        assertTrue(Files.readString(dir.resolve("reports/minimal.txt")).startsWith("Memory budget: board minimal"));
        assertTrue(out.toString().startsWith("Memory budget: board minimal"), out::toString);
    }

    @Test
    void generateTakesSeveralOverridesCommaSeparatedAndTheLaterWins(@TempDir final Path dir) throws Exception
    {
        // The build passes -Dfireball.overrides as one argument: a team's shared tuning plus one
        // application's could not both be applied.
        final Path boards = Files.createDirectories(dir.resolve("boards"));
        copy("minimal.properties", boards);
        final Path team = Files.writeString(dir.resolve("team.properties"), "MAX_COROUTINES = 12\nMAX_CHANNELS = 6\n");
        final Path app = Files.writeString(dir.resolve("app.properties"), "MAX_COROUTINES = 10\n");
        assertEquals(0, run("generate", "--boards-dir", boards.toString(), "--out", dir.resolve("gen").toString(),
            "--select", "minimal", "--override=" + team + "," + app, "--print-report"), err::toString);
        final String minimal = Files.readString(dir.resolve("gen/dev/fireball/config/boards/Minimal.java"));
        assertTrue(minimal.contains("public static final int MAX_COROUTINES = 10;"), "the later file wins");
        assertTrue(minimal.contains("public static final int MAX_CHANNELS = 6;"), "the earlier file still applies");
        assertTrue(out.toString().startsWith("Memory budget: board minimal (" + boards.resolve("minimal.properties")
            + " + " + team + " + " + app + ")"), "named in the order applied: " + out);
        // A file whose every value a later one overrode is still named: it was read.
        out.getBuffer().setLength(0);
        assertEquals(0, run("generate", "--boards-dir", boards.toString(), "--out", dir.resolve("gen").toString(),
            "--select", "minimal", "--override=" + app + "," + app, "--print-report"), err::toString);
        assertTrue(out.toString().startsWith("Memory budget: board minimal (" + boards.resolve("minimal.properties")
            + " + " + app + ")"), out::toString);
    }

    @Test
    void generateDeletesTheClassAndReportOfABoardFileRemovedSinceTheLastRun(@TempDir final Path dir) throws Exception
    {
        // A user copies a board to mydk, builds, then renames it: without `mvn clean` the old Mydk.java
        // stayed in generated-sources and was compiled into the jar beside a Boards that no longer knew it.
        final Path boards = Files.createDirectories(dir.resolve("boards"));
        copy("minimal.properties", boards);
        Files.copy(boards.resolve("minimal.properties"), boards.resolve("mydk.properties"));
        final String[] args = {"generate", "--boards-dir", boards.toString(), "--out", dir.resolve("gen").toString(),
            "--select", "minimal", "--report-dir", dir.resolve("reports").toString()};
        assertEquals(0, run(args), err::toString);
        final Path mydk = dir.resolve("gen/dev/fireball/config/boards/Mydk.java");
        assertTrue(Files.exists(mydk));
        final Path own = Files.writeString(mydk.resolveSibling("Notes.java"), "// not the generator's\n");

        Files.move(boards.resolve("mydk.properties"), boards.resolve("mydk2.properties"));
        assertEquals(0, run(args), err::toString);
        assertTrue(Files.notExists(mydk), "the renamed board's old class is gone");
        assertTrue(Files.exists(mydk.resolveSibling("Mydk2.java")));
        assertTrue(Files.exists(dir.resolve("gen/dev/fireball/config/boards/Minimal.java")));
        assertTrue(Files.exists(own), "a file the generator did not write stays");
        assertTrue(Files.notExists(dir.resolve("reports/mydk.txt")));
        assertTrue(Files.exists(dir.resolve("reports/mydk2.txt")));
    }

    @Test
    void generateKeepsTheUsersOwnTextFilesInTheReportDirectory(@TempDir final Path dir) throws Exception
    {
        // The report cleanup deleted every .txt it had not just written: --report-dir pointed at a
        // directory holding the user's notes lost them.
        final Path boards = Files.createDirectories(dir.resolve("boards"));
        copy("minimal.properties", boards);
        final Path reports = Files.createDirectories(dir.resolve("reports"));
        final Path notes = Files.writeString(reports.resolve("notes.txt"), "tuning log: MAX_COROUTINES 24 -> 16\n");
        final Path empty = Files.writeString(reports.resolve("empty.txt"), "");
        final String[] args = {"generate", "--boards-dir", boards.toString(), "--out", dir.resolve("gen").toString(),
            "--select", "minimal", "--report-dir", reports.toString()};
        assertEquals(0, run(args), err::toString);
        assertTrue(Files.exists(reports.resolve("minimal.txt")));
        assertEquals("tuning log: MAX_COROUTINES 24 -> 16\n", Files.readString(notes));
        assertTrue(Files.exists(empty));
    }

    @Test
    void generateIgnoresHiddenFilesSuchAsAnEditorsLockOnABoardFile(@TempDir final Path dir) throws Exception
    {
        // Emacs keeps .#<file> beside a file being edited: a dangling link, which read as a board failed the build.
        final Path boards = Files.createDirectories(dir.resolve("boards"));
        copy("minimal.properties", boards);
        Files.createSymbolicLink(boards.resolve(".#minimal.properties"), boards.resolve("user@host.1234:1700000000"));
        Files.writeString(boards.resolve(".old.properties"), "not = a board\n");
        assertEquals(0, run("generate", "--boards-dir", boards.toString(), "--out", dir.resolve("gen").toString(),
            "--select", "minimal"), err::toString);
        assertTrue(Files.exists(dir.resolve("gen/dev/fireball/config/boards/Minimal.java")));
    }

    @Test
    void generateFailsForABoardItDoesNotHave(@TempDir final Path dir) throws Exception
    {
        final Path boards = Files.createDirectories(dir.resolve("boards"));
        copy("minimal.properties", boards);
        assertEquals(1, run("generate", "--boards-dir", boards.toString(), "--out", dir.toString(), "--select", "minimall"));
        assertTrue(err.toString().contains("fireball.board = minimall: no such board file; did you mean minimal?"),
            err::toString);
    }

    @Test
    void generateRejectsTwoBoardsThatWouldBecomeTheSameJavaClass(@TempDir final Path dir) throws Exception
    {
        // my-board and my_board are both MyBoard: one class would silently replace the other, and
        // Boards.byName("my-board") would return null at boot.
        final Path boards = Files.createDirectories(dir.resolve("boards"));
        Files.copy(copy("minimal.properties", dir), boards.resolve("my-board.properties"));
        Files.copy(dir.resolve("minimal.properties"), boards.resolve("my_board.properties"));
        assertEquals(1, run("generate", "--boards-dir", boards.toString(), "--display-dir", "config/boards", "--out",
            dir.resolve("gen").toString(), "--select", "my-board"), out::toString);
        assertTrue(err.toString().contains("config/boards/my_board.properties: board name 'my_board' makes the Java "
            + "class MyBoard, as config/boards/my-board.properties does: rename one of them"), err::toString);
        assertTrue(Files.notExists(dir.resolve("gen")), "nothing is generated");
    }

    @Test
    void generateRejectsABoardNamedLikeATypeTheGeneratedCodeUses(@TempDir final Path dir) throws Exception
    {
        // A board class named Boards, BoardConfig, String or System shadows that type in the generated sources,
        // which then fail to compile far from the board file.
        final Path boards = Files.createDirectories(dir.resolve("boards"));
        Files.copy(copy("minimal.properties", dir), boards.resolve("minimal.properties"));
        Files.copy(dir.resolve("minimal.properties"), boards.resolve("string.properties"));
        assertEquals(1, run("generate", "--boards-dir", boards.toString(), "--display-dir", "config/boards", "--out",
            dir.resolve("gen").toString(), "--select", "minimal"), out::toString);
        assertTrue(err.toString().contains("config/boards/string.properties: board name 'string' makes the Java "
            + "class String, which the generated code already uses: rename the board file"), err::toString);
    }

    @Test
    void mavenMainThrowsTheProblemsInsteadOfExiting(@TempDir final Path dir) throws Exception
    {
        final Path boards = Files.createDirectories(dir.resolve("boards"));
        copy("over-budget.properties", boards);
        final ConfigException e = assertThrows(ConfigException.class, () -> MavenMain.main(new String[] {"generate",
            "--boards-dir=" + boards, "--display-dir=config/boards", "--out=" + dir, "--select=over-budget"}));
        assertTrue(e.getMessage().contains("config/boards/over-budget.properties:3: SRAM_KB = 32: over budget"),
            e::getMessage);
    }

    @Test
    void mavenMainRejectsBadArguments()
    {
        final CommandLine cmd = ConfigTool.commandLine();
        final StringWriter usage = new StringWriter();
        cmd.setErr(new PrintWriter(usage));
        assertThrows(IllegalArgumentException.class, () -> MavenMain.run(cmd, new String[] {"budget", "--no-such-option"}));
        assertTrue(usage.toString().contains("Usage: config-tool budget"), usage::toString);
    }

    private Path copy(final String resource, final Path dir) throws Exception
    {
        final Path target = dir.resolve(resource);
        Files.copy(Path.of(getClass().getResource("/boards/" + resource).toURI()), target);
        return target;
    }
}
