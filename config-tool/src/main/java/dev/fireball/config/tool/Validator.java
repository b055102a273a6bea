package dev.fireball.config.tool;

import dev.fireball.config.tool.Board.Origin;
import dev.fireball.config.tool.Key.Kind;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a board file and optional application overrides into a {@link Board}, or a
 * {@link ConfigException} listing every problem: syntax, unknown keys (with a did-you-mean),
 * duplicates, values that are not integers, out of range or of the wrong shape, board facts set by
 * an override, missing required facts, inconsistent combinations, and a budget over the SRAM.
 *
 * <p>Every problem names the file and line that set the offending value, the key, the value and
 * the limit it broke. Checks run in stages, and a stage runs only when the earlier ones found
 * nothing, so a consistency message never quotes a value that was itself rejected.
 */
public final class Validator
{
    /** Bytes of one trace event (kernel Trace.EVENT_BYTES); the ring holds at least two. */
    static final int TRACE_EVENT_BYTES = 16;
    /** Bytes of a module heap that no block can use (kernel HeapBlockDescriptor.RESERVED_BYTES). */
    static final int HEAP_RESERVED_BYTES = 8;
    /** A heap block's 4-byte header (HeapBlockDescriptor.HEADER_BYTES) as it costs a multiple-of-8 frame: 8 bytes. */
    static final int FRAME_BLOCK_HEADER_BYTES = 8;

    /**
     * How many frames of {@code frameBytes} (a multiple of 8) one module heap of {@code heapBytes}
     * holds at once: each is a block of {@code frameBytes + FRAME_BLOCK_HEADER_BYTES} in the
     * {@code heapBytes - HEAP_RESERVED_BYTES} the heap does not reserve (test-host's
     * FrameFitHonestyTest fills real heaps to check it).
     */
    public static long framesPerHeap(final long heapBytes, final long frameBytes)
    {
        return (heapBytes - HEAP_RESERVED_BYTES) / (frameBytes + FRAME_BLOCK_HEADER_BYTES);
    }

    private Validator()
    {
    }

    /**
     * Validates {@code boardFile} with {@code overrides} layered on top, in order (a later file wins).
     *
     * @param boardName the board's name (its file name without {@code .properties})
     * @return the configuration, within budget
     * @throws ConfigException listing every problem found
     */
    public static Board validate(final String boardName, final BoardFile boardFile, final List<BoardFile> overrides)
    {
        final Board board = validateRules(boardName, boardFile, overrides);
        final Budget budget = Budget.of(board);
        if (!budget.fits())
        {
            throw new ConfigException(List.of(overBudget(budget)));
        }
        return board;
    }

    /** The problem of a budget that does not fit, located at SRAM_KB. */
    public static Problem overBudget(final Budget budget)
    {
        final Board board = budget.board();
        final StringBuilder m = new StringBuilder("over budget: the static RAM of this configuration is ")
            .append(Numbers.group(budget.total())).append(" bytes, ").append(Numbers.group(-budget.available()))
            .append(" bytes more than SRAM_KB = ").append(board.get("SRAM_KB")).append(" (")
            .append(Numbers.group(budget.sramBytes())).append(" bytes); largest terms: ");
        String sep = "";
        for (final Budget.Line line : budget.largest())
        {
            m.append(sep).append(line.label()).append(' ').append(Numbers.group(line.bytes()));
            sep = ", ";
        }
        final Budget floor = Budget.floor(board);
        if (floor.fits())
        {
            m.append("; lower tunables by ").append(Numbers.group(-budget.available()))
                .append(" bytes in all (`config-tool budget` lists every term; with every tunable at its minimum ")
                .append("this board needs ").append(Numbers.group(floor.total())).append(" bytes)");
        }
        else
        {
            m.append("; no tunable setting fits: with every tunable at its minimum this board still needs ")
                .append(Numbers.group(floor.total())).append(" bytes, ").append(Numbers.group(-floor.available()))
                .append(" more than its SRAM, so a board fact must change: raise SRAM_KB if the chip has more RAM, or ")
                .append("lower RUNTIME_RESERVE_KB = ").append(board.get("RUNTIME_RESERVE_KB"))
                .append(" if its runtime needs less");
        }
        return at(board, "SRAM_KB", m.toString());
    }

    /**
     * Like {@link #validate} without the budget check: every value valid and consistent, maybe over
     * budget (the {@code budget} command prints the report of such a board before failing).
     */
    public static Board validateRules(final String boardName, final BoardFile boardFile, final List<BoardFile> overrides)
    {
        final List<Problem> problems = new ArrayList<>();
        if (!isBoardName(boardName))
        {
            problems.add(new Problem(boardFile.source(), 0, null, null, "board name '" + BoardFile.shorten(boardName)
                + "' is not usable: a board file is named <board>.properties with <board> made of lower-case letters, "
                + "digits, '-' and '_', starting with a letter"));
        }
        final Map<String, Long> values = new LinkedHashMap<>();
        final Map<String, Origin> origins = new HashMap<>();

        // ---- stage 1: each line on its own --------------------------------------------------------
        read(boardFile, false, values, origins, problems);
        for (final BoardFile o : overrides)
        {
            read(o, true, values, origins, problems);
        }
        for (final Key k : Schema.keys())
        {
            if (k.required() && !values.containsKey(k.name()) && !hasProblemFor(problems, k.name()))
            {
                problems.add(new Problem(boardFile.source(), 0, k.name(), null, "missing: every board file must set this "
                    + "board fact (" + k.unit() + ", " + k.rangeText() + "): " + k.doc()));
            }
        }
        if (!problems.isEmpty())
        {
            throw new ConfigException(problems);
        }

        // ---- stage 2: the values together ---------------------------------------------------------
        for (final Key k : Schema.keys())
        {
            values.putIfAbsent(k.name(), k.defaultValue());
        }
        final List<String> overrideSources = new ArrayList<>();
        for (final BoardFile o : overrides)
        {
            overrideSources.add(o.source());
        }
        final Board board = new Board(boardName, boardFile.source(), overrideSources, values, origins);
        checkConsistency(board, problems);
        if (!problems.isEmpty())
        {
            throw new ConfigException(problems);
        }

        return board;
    }

    /** Validates a board file with no overrides; the board's name comes from the file name. */
    public static Board validate(final BoardFile boardFile)
    {
        return validate(boardNameOf(boardFile.source()), boardFile, List.of());
    }

    /** {@code config/boards/nrf52840.properties -> nrf52840}. */
    public static String boardNameOf(final String source)
    {
        final String name = source.substring(Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\')) + 1);
        return name.endsWith(".properties") ? name.substring(0, name.length() - ".properties".length()) : name;
    }

    static boolean isBoardName(final String name)
    {
        if (name.isEmpty() || name.length() > 40 || name.charAt(0) < 'a' || name.charAt(0) > 'z')
        {
            return false;
        }
        for (int i = 1; i < name.length(); i++)
        {
            final char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && '-' != c && '_' != c)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads one file's entries into {@code values}, adding its problems to {@code problems} in line
     * order (syntax problems and value problems interleaved as the lines hold them).
     */
    private static void read(final BoardFile file, final boolean isOverride, final Map<String, Long> values,
                             final Map<String, Origin> origins, final List<Problem> problems)
    {
        final List<Problem> own = new ArrayList<>(file.problems());
        readEntries(file, isOverride, values, origins, own);
        own.sort(Comparator.comparingInt(Problem::line)); // stable: one line's problems keep their order
        problems.addAll(own);
    }

    private static void readEntries(final BoardFile file, final boolean isOverride, final Map<String, Long> values,
                                    final Map<String, Origin> origins, final List<Problem> problems)
    {
        final Map<String, Integer> firstLine = new HashMap<>();
        for (final BoardFile.Entry e : file.entries())
        {
            final String shown = BoardFile.shorten(e.value());
            final Key key = Schema.find(e.key());
            if (null == key)
            {
                final String renamed = Units.renamedKey(e.key(), e.value());
                final String guess = null != renamed ? renamed : DidYouMean.suggest(e.key(), Schema.names());
                problems.add(new Problem(file.source(), e.line(), e.key(), shown, "unknown key"
                    + (null == guess ? " (run `config-tool keys` for the list)" : "; did you mean " + guess + "?")));
                continue;
            }
            final Integer previous = firstLine.putIfAbsent(key.name(), e.line());
            if (null != previous)
            {
                problems.add(new Problem(file.source(), e.line(), key.name(), shown,
                    "set twice in this file (first on line " + previous + ")"));
                continue;
            }
            if (isOverride && Kind.BOARD_FACT == key.kind())
            {
                problems.add(new Problem(file.source(), e.line(), key.name(), shown,
                    "is a board fact: set it in the board file, not in an application override"));
                continue;
            }
            final long v;
            try
            {
                v = Numbers.parse(e.value());
            }
            catch (final NumberFormatException nfe)
            {
                if (nfe instanceof Numbers.LeadingZeroException && ((Numbers.LeadingZeroException) nfe).remedied())
                {
                    // It says which number to write: a generic tail would only blur that.
                    problems.add(new Problem(file.source(), e.line(), key.name(), shown, "is " + nfe.getMessage()));
                    continue;
                }
                final String why = nfe.getMessage().startsWith("not an integer")
                    || nfe instanceof Numbers.LeadingZeroException ? nfe.getMessage()
                    : "not an integer (" + nfe.getMessage() + ")";
                final String hint = Units.suffixHint(key, e.value());
                problems.add(new Problem(file.source(), e.line(), key.name(), shown, "is " + why + "; "
                    + (null != hint ? hint : "write a plain integer, in " + key.unit())));
                continue;
            }
            if (v < key.min() || v > key.max())
            {
                final String hint = Units.rangeHint(key, v);
                problems.add(new Problem(file.source(), e.line(), key.name(), shown, "is out of range: must be "
                    + key.rangeText() + " (" + key.unit() + ")" + (null == hint ? "" : "; " + hint)));
                continue;
            }
            if (!key.rule().accepts(v))
            {
                problems.add(new Problem(file.source(), e.line(), key.name(), shown, "must be " + key.rule().text()
                    + suggestionFor(key, v)));
                continue;
            }
            values.put(key.name(), v);
            origins.put(key.name(), new Origin(file.source(), e.line()));
        }
    }

    private static String suggestionFor(final Key key, final long v)
    {
        return switch (key.rule())
        {
            case POWER_OF_TWO, POWER_OF_TWO_OR_ZERO -> " (nearest: " + Numbers.group(Long.highestOneBit(v)) + " or "
                + Numbers.group(Long.highestOneBit(v) << 1) + ")";
            case MULTIPLE_OF_4 -> " (nearest: " + (v / 4 * 4) + " or " + (v / 4 * 4 + 4) + ")";
            case MULTIPLE_OF_8 -> " (nearest: " + Numbers.group(v / 8 * 8) + " or " + Numbers.group(v / 8 * 8 + 8) + ")";
            case NONE -> "";
        };
    }

    private static boolean hasProblemFor(final List<Problem> problems, final String key)
    {
        for (final Problem p : problems)
        {
            if (key.equals(p.key()))
            {
                return true;
            }
        }
        return false;
    }

    // =============================================================================================
    // Consistency rules: each names the key whose value breaks it, and the other key's origin.
    // =============================================================================================

    private static void checkConsistency(final Board b, final List<Problem> problems)
    {
        final long slots = b.get("MAX_COROUTINES");
        final long modules = b.get("MAX_MODULES");
        if (modules > slots)
        {
            problems.add(at(b, "MAX_MODULES", "more modules than coroutine slots: must be <= MAX_COROUTINES = " + slots
                + where(b, "MAX_COROUTINES") + ", since every module runs at least one coroutine"));
        }
        final long heapBytes = b.get("GUEST_HEAP_SIZE_KB") * 1024;
        final long frame = b.get("COROUTINE_FRAME_BYTES");
        final long largestFrame = heapBytes - HEAP_RESERVED_BYTES - FRAME_BLOCK_HEADER_BYTES;
        if (frame > largestFrame)
        {
            problems.add(at(b, "COROUTINE_FRAME_BYTES", "a frame must fit in one module heap: must be <= "
                + "GUEST_HEAP_SIZE_KB x 1024 - " + (HEAP_RESERVED_BYTES + FRAME_BLOCK_HEADER_BYTES) + " = "
                + Numbers.group(largestFrame) + where(b, "GUEST_HEAP_SIZE_KB") + " (" + HEAP_RESERVED_BYTES
                + " bytes the heap reserves and the frame's " + FRAME_BLOCK_HEADER_BYTES + "-byte block header)"));
        }
        else
        {
            // Each frame is one heap block of frame + its header, in what the heap does not reserve.
            final long perHeap = framesPerHeap(heapBytes, frame);
            final long fit = modules * perHeap;
            if (slots > fit)
            {
                problems.add(at(b, "MAX_COROUTINES", "the frames do not fit in the module heaps: MAX_MODULES "
                    + modules + " x ((GUEST_HEAP_SIZE_KB x 1024 = " + Numbers.group(heapBytes) + " - "
                    + HEAP_RESERVED_BYTES + ") / (COROUTINE_FRAME_BYTES " + Numbers.group(frame) + " + "
                    + FRAME_BLOCK_HEADER_BYTES + ")) = " + modules + " x " + perHeap + " = " + fit
                    + " frames fit, so must be <= " + fit + "; or raise GUEST_HEAP_SIZE_KB or MAX_MODULES, or lower "
                    + "COROUTINE_FRAME_BYTES"));
            }
        }
        final long sram = b.get("SRAM_KB");
        if (b.get("RUNTIME_RESERVE_KB") >= sram)
        {
            problems.add(at(b, "RUNTIME_RESERVE_KB", "leaves nothing for the kernel: must be < SRAM_KB = " + sram
                + where(b, "SRAM_KB")));
        }
        final long maxTick = b.get("CPU_HZ") / 1000;
        if (b.get("TICK_HZ") > maxTick)
        {
            problems.add(at(b, "TICK_HZ", "ticks too fast for the CPU: must be <= CPU_HZ / 1000 = "
                + Numbers.group(maxTick) + where(b, "CPU_HZ") + " (a tick of at least 1000 cycles)"));
        }
        final long fds = b.get("MAX_FDS");
        if (b.get("MAX_STREAMS") > fds)
        {
            problems.add(at(b, "MAX_STREAMS", "more streaming slots than fds: must be <= MAX_FDS = " + fds
                + where(b, "MAX_FDS") + ", since every stream is an open fd"));
        }
        final long trace = b.get("TRACE_BUFFER_BYTES");
        if (trace > 0 && trace < 2 * TRACE_EVENT_BYTES)
        {
            problems.add(at(b, "TRACE_BUFFER_BYTES", "holds less than two trace events of " + TRACE_EVENT_BYTES
                + " bytes: must be 0 (tracing off) or >= " + 2 * TRACE_EVENT_BYTES));
        }
        final long header = b.get("OBJECT_HEADER_BYTES");
        if (b.get("ARRAY_HEADER_BYTES") < header + 4)
        {
            problems.add(at(b, "ARRAY_HEADER_BYTES", "an array header holds an object header and a 4-byte length: "
                + "must be >= OBJECT_HEADER_BYTES + 4 = " + (header + 4) + where(b, "OBJECT_HEADER_BYTES")));
        }
    }

    /** A problem located where {@code key}'s value was set (its line, or the board file for a default). */
    private static Problem at(final Board b, final String key, final String message)
    {
        final Origin o = b.origin(key);
        return new Problem(o.isDefault() ? b.source() : o.source(), o.line(), key,
            b.get(key) + (o.isDefault() ? " (default)" : ""), message);
    }

    /** {@code " (set at file:3)"} or {@code " (default)"}. */
    private static String where(final Board b, final String key)
    {
        final Origin o = b.origin(key);
        return o.isDefault() ? " (default)" : " (set at " + o + ")";
    }
}
