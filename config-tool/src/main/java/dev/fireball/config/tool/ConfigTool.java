package dev.fireball.config.tool;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The config-tool command line: print a board's memory budget, validate board files, list the
 * keys, and generate the device's Java constants (what the config module's build runs).
 *
 * <pre>
 * config-tool budget --board nrf52840 [--override app.properties] [--layout hotspot]
 * config-tool validate ch32v307 config/boards/nrf52840.properties [--override app.properties]
 * config-tool keys
 * config-tool generate --boards-dir config/boards --out target/generated-sources/fireball [--select nrf52840]
 * </pre>
 * Exit code 0 on success, 1 when a configuration has problems (printed one per line), 2 on a
 * usage error.
 */
@Command(name = "config-tool", mixinStandardHelpOptions = true, version = "config-tool 0.1.0",
    description = "Fireball board configuration: validation, memory budget, Java constant generation.",
    subcommands = {ConfigTool.BudgetCommand.class, ConfigTool.ValidateCommand.class, ConfigTool.KeysCommand.class,
        ConfigTool.GenerateCommand.class})
public final class ConfigTool implements Runnable
{
    @Spec
    CommandSpec spec;

    /** Runs the CLI and exits with its code. Inside Maven use {@link MavenMain}, which never exits the JVM. */
    public static void main(final String[] args)
    {
        System.exit(commandLine().execute(args));
    }

    /** The CLI, printing a {@link ConfigException}'s problems (exit 1) instead of a stack trace. */
    public static CommandLine commandLine()
    {
        final CommandLine cmd = new CommandLine(new ConfigTool());
        cmd.setExecutionExceptionHandler((ex, c, parseResult) ->
        {
            if (ex instanceof ConfigException || ex instanceof IllegalArgumentException)
            {
                c.getErr().println(ex.getMessage());
                c.getErr().flush();
                return 1;
            }
            throw ex;
        });
        return cmd;
    }

    /** No subcommand is a usage error (exit 2, usage on stderr), as the class comment promises. */
    @Override
    public void run()
    {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "missing subcommand: one of budget, validate, keys, generate");
    }

    // =============================================================================================
    // Locating board files
    // =============================================================================================

    /** Where {@link #locate} looks for a board name without {@code --boards-dir}, for the help text. */
    static final String BOARDS_DIR_DEFAULT = "config/boards/ of the current or the parent directory, else the board "
        + "files shipped in config-tool";

    /**
     * Reads the board file named by {@code board}: a path to a {@code .properties} file, or a board
     * name looked up in {@code boardsDir} if given, else in {@code config/boards/} from the current or
     * the parent directory, else among the copies shipped on the class path.
     */
    static BoardFile locate(final String board, final Path boardsDir) throws IOException
    {
        if (board.endsWith(".properties") || board.contains("/") || board.contains("\\"))
        {
            final Path p = Path.of(board);
            if (!Files.isRegularFile(p))
            {
                throw new IllegalArgumentException("no board file " + board);
            }
            return BoardFile.read(p);
        }
        final List<Path> dirs = new ArrayList<>();
        if (null != boardsDir)
        {
            dirs.add(boardsDir);
        }
        else
        {
            dirs.add(Path.of(ShippedBoards.SOURCE_DIR));
            dirs.add(Path.of("..", ShippedBoards.SOURCE_DIR));
        }
        for (final Path dir : dirs)
        {
            final Path p = dir.resolve(board + ".properties");
            if (Files.isRegularFile(p))
            {
                return BoardFile.read(p);
            }
        }
        if (null != boardsDir)
        {
            throw new IllegalArgumentException("no board file " + boardsDir.resolve(board + ".properties"));
        }
        return ShippedBoards.file(board);
    }

    static List<BoardFile> read(final List<Path> files) throws IOException
    {
        final List<BoardFile> out = new ArrayList<>();
        for (final Path p : files)
        {
            if (!Files.isRegularFile(p))
            {
                throw new IllegalArgumentException("no override file " + p);
            }
            out.add(BoardFile.read(p));
        }
        return out;
    }

    // =============================================================================================
    // Commands
    // =============================================================================================

    @Command(name = "budget", mixinStandardHelpOptions = true,
        description = "Print the static memory budget of a board (fails if it exceeds the board's SRAM).")
    static final class BudgetCommand implements Callable<Integer>
    {
        @Spec
        CommandSpec spec;

        @Option(names = {"-b", "--board"}, required = true, description = "board name (nrf52840) or board file path")
        String board;

        @Option(names = "--boards-dir", description = "directory of board files (default: " + BOARDS_DIR_DEFAULT + ")")
        Path boardsDir;

        @Option(names = {"-o", "--override"}, description = "application override file, layered on top (repeatable)")
        List<Path> overrides = new ArrayList<>();

        @Option(names = "--layout", description = "object layout: board (its own facts), mcu32 or hotspot; "
            + "default: ${DEFAULT-VALUE}", defaultValue = "board")
        String layout;

        @Override
        public Integer call() throws IOException
        {
            final BoardFile file = locate(board, boardsDir);
            final Board b = Validator.validateRules(Validator.boardNameOf(file.source()), file, read(overrides));
            final Budget budget = switch (layout)
            {
                case "board" -> Budget.of(b);
                case "mcu32" -> Budget.of(b, MemoryLayout.MCU32);
                case "hotspot" -> Budget.of(b, MemoryLayout.HOTSPOT_COMPRESSED);
                default -> throw new IllegalArgumentException("unknown layout '" + layout + "': board, mcu32 or hotspot");
            };
            final PrintWriter out = spec.commandLine().getOut();
            out.print(budget.report());
            out.flush();
            if (!budget.fits())
            {
                throw new ConfigException(List.of(Validator.overBudget(budget)));
            }
            return 0;
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Validate boards (keys, ranges, consistency, budget): prints 'ok' and the static RAM of each "
            + "valid one; every problem of every board goes to stderr, and the exit code is then 1.")
    static final class ValidateCommand implements Callable<Integer>
    {
        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "BOARD", description = "board names (nrf52840) or board file paths")
        List<String> boards;

        @Option(names = "--boards-dir", description = "directory of board files (default: " + BOARDS_DIR_DEFAULT + ")")
        Path boardsDir;

        @Option(names = {"-o", "--override"}, description = "application override file, layered on top (repeatable)")
        List<Path> overrides = new ArrayList<>();

        @Override
        public Integer call() throws IOException
        {
            final List<Problem> problems = new ArrayList<>();
            final PrintWriter out = spec.commandLine().getOut();
            for (final String board : boards)
            {
                final BoardFile file = locate(board, boardsDir);
                try
                {
                    final Board b = Validator.validate(Validator.boardNameOf(file.source()), file, read(overrides));
                    final Budget budget = Budget.of(b);
                    out.printf("ok %s: static RAM %s of %s bytes (%.1f%%), %s available%n", b.sources(),
                        Numbers.group(budget.total()), Numbers.group(budget.sramBytes()),
                        100.0 * budget.total() / budget.sramBytes(), Numbers.group(budget.available()));
                }
                catch (final ConfigException e)
                {
                    problems.addAll(e.problems());
                }
            }
            out.flush();
            if (!problems.isEmpty())
            {
                throw new ConfigException(problems);
            }
            return 0;
        }
    }

    @Command(name = "keys", mixinStandardHelpOptions = true, description = "List every key with its range and default.")
    static final class KeysCommand implements Callable<Integer>
    {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call()
        {
            final PrintWriter out = spec.commandLine().getOut();
            for (final Key k : Schema.keys())
            {
                out.printf("%-22s %-10s %-14s %-32s %s%n", k.name(), k.kind() == Key.Kind.BOARD_FACT ? "board fact"
                    : "tunable", k.required() ? "required" : "default " + Numbers.group(k.defaultValue()),
                    k.rangeText() + " " + k.unit(), k.doc());
            }
            out.flush();
            return 0;
        }
    }

    /**
     * Each board becomes a Java class named after it: two boards that make the same class (or the same
     * file on a case-insensitive file system), or one that makes a class the generated code uses, would
     * silently lose a board or fail to compile far from the board file.
     *
     * @param classes upper-cased class names taken so far, to the file that took each
     */
    static void checkClassName(final BoardFile file, final String name, final Map<String, String> classes,
                               final List<Problem> problems)
    {
        if (!Validator.isBoardName(name))
        {
            return; // the validator reports the name itself
        }
        final String cls = JavaGenerator.className(name);
        if (JavaGenerator.RESERVED_CLASS_NAMES.contains(cls))
        {
            problems.add(new Problem(file.source(), 0, null, null, "board name '" + name + "' makes the Java class "
                + cls + ", which the generated code already uses: rename the board file"));
            return;
        }
        final String previous = classes.putIfAbsent(cls.toUpperCase(Locale.ROOT), file.source());
        if (null != previous)
        {
            problems.add(new Problem(file.source(), 0, null, null, "board name '" + name + "' makes the Java class "
                + cls + ", as " + previous + " does: rename one of them"));
        }
    }

    /** A board file's name: {@code <board>.properties}, not hidden. */
    static boolean isBoardFileName(final String fileName)
    {
        return fileName.endsWith(".properties") && !fileName.startsWith(".");
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Validate every board file of a directory and write the Java constants (build step).")
    static final class GenerateCommand implements Callable<Integer>
    {
        @Spec
        CommandSpec spec;

        @Option(names = "--boards-dir", required = true, description = "directory of board files")
        Path boardsDir;

        @Option(names = "--out", required = true, description = "source root to write the Java files under")
        Path out;

        @Option(names = "--display-dir", description = "how messages and generated comments name the boards "
            + "directory (the build passes config/boards); default: as given to --boards-dir")
        String displayDir;

        @Option(names = "--select", defaultValue = "host",
            description = "the board the build is for (Boards.SELECTED); default: ${DEFAULT-VALUE}")
        String select;

        @Option(names = {"-o", "--override"}, split = ",",
            description = "application override file for the selected board (repeatable or comma-separated, a later "
                + "file wins; empty = none)")
        List<String> overrides = new ArrayList<>();

        @Option(names = "--report-dir", description = "write each board's budget report there as <board>.txt")
        Path reportDir;

        @Option(names = "--print-report", arity = "0..1", fallbackValue = "true", defaultValue = "false",
            description = "print the selected board's budget report")
        boolean printReport;

        @Override
        public Integer call() throws IOException
        {
            final List<Path> overrideFiles = new ArrayList<>();
            for (final String o : overrides)
            {
                if (!o.isBlank())
                {
                    overrideFiles.add(Path.of(o.strip()));
                }
            }
            final List<BoardFile> overrideTexts = read(overrideFiles);
            final List<Path> files = new ArrayList<>();
            try (var list = Files.list(boardsDir))
            {
                // Hidden files are not boards: an editor's lock or backup (Emacs' .#nrf52840.properties, a
                // dangling link while the file is open) would otherwise fail the build.
                list.filter(p -> isBoardFileName(p.getFileName().toString())).sorted().forEach(files::add);
            }
            if (files.isEmpty())
            {
                throw new IllegalArgumentException("no board files (*.properties) in " + boardsDir);
            }
            final List<Board> boards = new ArrayList<>();
            final List<Problem> problems = new ArrayList<>();
            final Map<String, String> classes = new HashMap<>();
            boolean selectedFound = false;
            for (final Path p : files)
            {
                final BoardFile file = null == displayDir ? BoardFile.read(p)
                    : BoardFile.read(p, (displayDir.endsWith("/") ? displayDir : displayDir + "/") + p.getFileName());
                final String name = Validator.boardNameOf(file.source());
                final boolean selected = name.equals(select);
                selectedFound |= selected;
                checkClassName(file, name, classes, problems);
                try
                {
                    boards.add(Validator.validate(name, file, selected ? overrideTexts : List.of()));
                }
                catch (final ConfigException e)
                {
                    problems.addAll(e.problems());
                }
            }
            if (!selectedFound)
            {
                final List<String> names = files.stream().map(p -> Validator.boardNameOf(p.toString())).toList();
                final String guess = DidYouMean.suggest(select, names);
                problems.add(new Problem(null == displayDir ? boardsDir.toString() : displayDir, 0, "fireball.board",
                    select, "no such board file"
                    + (null == guess ? "" : "; did you mean " + guess + "?") + " (boards: " + String.join(", ", names)
                    + ")"));
            }
            if (!problems.isEmpty())
            {
                throw new ConfigException(problems);
            }
            JavaGenerator.write(out, boards, select);
            if (null != reportDir)
            {
                Files.createDirectories(reportDir);
                final List<Path> reports = new ArrayList<>();
                for (final Board b : boards)
                {
                    final Path report = reportDir.resolve(b.name() + ".txt");
                    Files.writeString(report, Budget.of(b).report());
                    reports.add(report);
                }
                // The report of a board file since removed or renamed would outlive it; a .txt of the
                // user's own in the same directory is not a report and stays.
                StaleFiles.delete(reportDir, ".txt", reports, Budget.REPORT_MARK);
            }
            if (printReport)
            {
                final PrintWriter w = spec.commandLine().getOut();
                for (final Board b : boards)
                {
                    if (b.name().equals(select))
                    {
                        w.print(Budget.of(b).report());
                    }
                }
                w.flush();
            }
            return 0;
        }
    }
}
