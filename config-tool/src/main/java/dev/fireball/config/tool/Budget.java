package dev.fireball.config.tool;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The static RAM of a board configuration: every table created at boot, the module heaps, and the
 * runtime's reserve, summed into the design's four rows and compared with the board's SRAM.
 *
 * <h2>Rows</h2>
 * <pre>
 *  System      kernel tables (scheduler fixed part, timers, channels, event groups, futures,
 *              interrupt bridge, module table, trace ring), HAL tables (registry, fd table, streaming
 *              slots, receive rings), runtime reserve
 *  Coroutines  scheduler and selector tables sized by MAX_COROUTINES + MAX_COROUTINES frames
 *  Heaps       MAX_MODULES heaps of GUEST_HEAP_SIZE_KB, less the frames charged to them
 *  Available   SRAM - the three rows above: application objects and GC headroom
 * </pre>
 * Frames are not extra RAM: the design charges a coroutine's frame to its module's heap at spawn,
 * so the frames are moved from the Heaps row to the Coroutines row, not added. The validator
 * rejects a configuration whose MAX_COROUTINES frames cannot fit in the heaps.
 *
 * <h2>How honest each line is</h2>
 * {@link Basis#MODEL} lines mirror code that exists and are checked against a JOL measurement of
 * the booted objects on the host ({@link SchedulerModel}, {@link KernelModel}, {@link HalModel}).
 * {@link Basis#ESTIMATE} lines size code that does not exist yet from the object shape its issue
 * describes (only the software timers are left); each names what replaces it. {@link Basis#EXACT}
 * lines are products of constants.
 *
 * <h2>What the kernel lines assume</h2>
 * Kernel.boot creates the scheduler, the selector, the trace ring and the module table from the
 * board's keys. Channels, event groups, the future pool and the interrupt bridge are created by
 * boot code too, but by the application's: the budget charges what the keys allow, MAX_CHANNELS
 * channels of CHANNEL_CAPACITY each (as the larger of a value channel and a message channel of
 * CHANNEL_MSG_BYTES), MAX_EVENTS event groups, one pool of MAX_FUTURES futures and one bridge of
 * MAX_INTERRUPT_LINES lines. The module table is charged as Kernel.boot makes it: MAX_MODULES guest
 * modules (each with a heap) plus module 0, the kernel's, with the most grants a spec allows and a
 * one-entry restart ring each.
 */
public final class Budget
{
    /** How every {@link #report()} begins; {@code generate} deletes a stale report only if it begins so. */
    static final String REPORT_MARK = "Memory budget: board ";

    /** The design's report rows. */
    public enum Row
    {
        SYSTEM("System"),
        COROUTINES("Coroutines"),
        HEAPS("Heaps");

        private final String title;

        Row(final String title)
        {
            this.title = title;
        }

        public String title()
        {
            return title;
        }
    }

    /** How a line's figure was obtained. */
    public enum Basis
    {
        /** Mirrors existing code; checked against JOL on the host. */
        MODEL("model, JOL-checked"),
        /** Sizes code that does not exist yet; replace when it lands. */
        ESTIMATE("estimate"),
        /** A product of configuration constants. */
        EXACT("exact");

        private final String text;

        Basis(final String text)
        {
            this.text = text;
        }

        public String text()
        {
            return text;
        }
    }

    /**
     * One term of the budget.
     *
     * @param row   where it is summed
     * @param label what it is, with the constants it comes from
     * @param bytes its size (negative only for the frames moved out of the heaps)
     * @param basis how the figure was obtained
     * @param note  for estimates: what will replace the figure; otherwise empty
     */
    public record Line(Row row, String label, long bytes, Basis basis, String note)
    {
    }

    // ---- estimated shape of a table that does not exist yet -----------------------------------------
    /** Software timer table per timer: a TimerQueue's pos (int), deadline, tag (long); period (long), callback (ref). */
    private static final int SOFT_TIMER_INT_TABLES = 1;
    private static final int SOFT_TIMER_LONG_TABLES = 3;
    private static final int SOFT_TIMER_REF_TABLES = 1;

    /** How the frames line starts: {@link #largest} leaves it out. */
    private static final String FRAMES_LABEL = "frames (";

    private final Board board;
    private final MemoryLayout layout;
    private final List<Line> lines;

    private Budget(final Board board, final MemoryLayout layout)
    {
        this.board = board;
        this.layout = layout;
        this.lines = List.copyOf(compute(board, layout));
    }

    /** The budget of {@code board} in its own runtime's layout. */
    public static Budget of(final Board board)
    {
        return new Budget(board, board.layout());
    }

    /** The budget of {@code board} as if its objects were laid out by {@code layout} (the host's, for JOL). */
    public static Budget of(final Board board, final MemoryLayout layout)
    {
        return new Budget(board, layout);
    }

    private static List<Line> compute(final Board b, final MemoryLayout l)
    {
        final List<Line> out = new ArrayList<>();
        final int slots = b.getInt("MAX_COROUTINES");
        long schedulerFixed = 0;
        long schedulerPerSlot = 0;
        for (final SchedulerModel.Part p : SchedulerModel.parts(slots, l))
        {
            if (p.perSlot())
            {
                schedulerPerSlot += p.bytes();
            }
            else
            {
                schedulerFixed += p.bytes();
            }
        }

        // ---- System -------------------------------------------------------------------------------
        out.add(new Line(Row.SYSTEM, "kernel: scheduler, fixed part", schedulerFixed, Basis.MODEL, ""));
        final int timers = b.getInt("MAX_TIMERS");
        out.add(new Line(Row.SYSTEM, "kernel: software timers (MAX_TIMERS = " + timers + ")",
            objectWith(l, SOFT_TIMER_INT_TABLES + SOFT_TIMER_LONG_TABLES + SOFT_TIMER_REF_TABLES)
                + SOFT_TIMER_INT_TABLES * l.array(4, timers) + SOFT_TIMER_LONG_TABLES * l.array(8, timers)
                + SOFT_TIMER_REF_TABLES * l.refArray(timers),
            Basis.ESTIMATE, "no software timer table exists yet (nothing reads MAX_TIMERS; each coroutine's own "
                + "timeout is in the scheduler's lines): replace with its model when one lands"));
        out.add(new Line(Row.SYSTEM, "kernel: channels (MAX_CHANNELS = " + b.get("MAX_CHANNELS") + " x CHANNEL_CAPACITY "
            + b.get("CHANNEL_CAPACITY") + " x CHANNEL_MSG_BYTES " + b.get("CHANNEL_MSG_BYTES") + ")",
            kernelBytes(b, l, KernelModel.Table.CHANNELS), Basis.MODEL,
            "each as the larger of a value and a message channel"));
        out.add(new Line(Row.SYSTEM, "kernel: event groups (MAX_EVENTS = " + b.get("MAX_EVENTS") + ")",
            kernelBytes(b, l, KernelModel.Table.EVENTS), Basis.MODEL, ""));
        out.add(new Line(Row.SYSTEM, "kernel: future pool (MAX_FUTURES = " + b.get("MAX_FUTURES") + ")",
            kernelBytes(b, l, KernelModel.Table.FUTURES), Basis.MODEL, ""));
        out.add(new Line(Row.SYSTEM, "kernel: interrupt bridge (MAX_INTERRUPT_LINES = " + b.get("MAX_INTERRUPT_LINES")
            + ")", kernelBytes(b, l, KernelModel.Table.BRIDGE), Basis.MODEL, ""));
        final int modules = b.getInt("MAX_MODULES");
        out.add(new Line(Row.SYSTEM, "kernel: module table and heap indexes (MAX_MODULES = " + modules + ")",
            kernelBytes(b, l, KernelModel.Table.MODULES), Basis.MODEL, "guests with " + KernelModel.MAX_GRANTS
                + " grants; +8 bytes per restart beyond the first; names and grant strings are the application's"));
        out.add(new Line(Row.SYSTEM, "kernel: trace ring (TRACE_BUFFER_BYTES = " + b.get("TRACE_BUFFER_BYTES") + ")",
            kernelBytes(b, l, KernelModel.Table.TRACE), Basis.MODEL, ""));
        final int fds = b.getInt("MAX_FDS");
        final int streams = b.getInt("MAX_STREAMS");
        final int ring = b.getInt("RX_RING_BYTES");
        final int types = b.getInt("MAX_DEVICE_TYPES");
        final int drivers = b.getInt("MAX_DRIVERS");
        final List<HalModel.Part> hal = halParts(b, l);
        out.add(new Line(Row.SYSTEM, "HAL: device registry (MAX_DEVICE_TYPES = " + types + ", MAX_DRIVERS = " + drivers
            + ")", HalModel.bytes(hal, HalModel.Table.REGISTRY), Basis.MODEL,
            "board-added type names cost their length more; drivers are the BSP's"));
        out.add(new Line(Row.SYSTEM, "HAL: fd table (MAX_FDS = " + fds + ")", HalModel.bytes(hal, HalModel.Table.FDS),
            Basis.MODEL, ""));
        out.add(new Line(Row.SYSTEM, "HAL: streaming slots (MAX_STREAMS = " + streams + ")",
            HalModel.bytes(hal, HalModel.Table.STREAMS), Basis.MODEL, ""));
        out.add(new Line(Row.SYSTEM, "HAL: receive rings (MAX_STREAMS = " + streams + " x RX_RING_BYTES " + ring + ")",
            HalModel.bytes(hal, HalModel.Table.RINGS), Basis.MODEL, ""));
        out.add(new Line(Row.SYSTEM, "runtime reserve (RUNTIME_RESERVE_KB = " + b.get("RUNTIME_RESERVE_KB") + ")",
            b.get("RUNTIME_RESERVE_KB") * 1024, Basis.EXACT, ""));

        // ---- Coroutines ---------------------------------------------------------------------------
        out.add(new Line(Row.COROUTINES, "kernel: scheduler tables for MAX_COROUTINES = " + slots + " slots",
            schedulerPerSlot, Basis.MODEL, ""));
        out.add(new Line(Row.COROUTINES, "kernel: selector for MAX_COROUTINES = " + slots + " slots x MAX_SELECT_ARMS "
            + b.get("MAX_SELECT_ARMS"), kernelBytes(b, l, KernelModel.Table.SELECT), Basis.MODEL, ""));
        final long frames = (long) slots * b.getInt("COROUTINE_FRAME_BYTES");
        out.add(new Line(Row.COROUTINES, FRAMES_LABEL + "MAX_COROUTINES " + slots + " x COROUTINE_FRAME_BYTES "
            + b.get("COROUTINE_FRAME_BYTES") + "), charged to the heaps", frames, Basis.EXACT, ""));

        // ---- Heaps --------------------------------------------------------------------------------
        final long heap = b.get("GUEST_HEAP_SIZE_KB") * 1024;
        out.add(new Line(Row.HEAPS, "module heaps (MAX_MODULES " + modules + " x GUEST_HEAP_SIZE_KB "
            + b.get("GUEST_HEAP_SIZE_KB") + ")", modules * l.array(1, heap), Basis.EXACT, ""));
        out.add(new Line(Row.HEAPS, "less the frames charged to them", -frames, Basis.EXACT, ""));
        return out;
    }

    /** The HAL's objects for this board, built-in device types only. */
    private static List<HalModel.Part> halParts(final Board b, final MemoryLayout l)
    {
        return HalModel.parts(b.getInt("MAX_FDS"), b.getInt("MAX_STREAMS"), b.getInt("RX_RING_BYTES"),
            b.getInt("MAX_DEVICE_TYPES"), b.getInt("MAX_DRIVERS"), HalModel.BUILT_IN_NAME_CHARS, l);
    }

    /**
     * The kernel objects of one budget line, as {@link KernelModel} sizes them for this board (see
     * the class comment for what is assumed of the objects the application creates).
     */
    static List<KernelModel.Part> kernelParts(final Board b, final MemoryLayout l, final KernelModel.Table table)
    {
        final int slots = b.getInt("MAX_COROUTINES");
        return switch (table)
        {
            case SELECT -> KernelModel.select(slots, b.getInt("MAX_SELECT_ARMS"), l);
            case CHANNELS ->
            {
                final int n = b.getInt("MAX_CHANNELS");
                final int capacity = b.getInt("CHANNEL_CAPACITY");
                final List<KernelModel.Part> values = KernelModel.channels(n, capacity, 0, l);
                final List<KernelModel.Part> messages =
                    KernelModel.channels(n, capacity, b.getInt("CHANNEL_MSG_BYTES"), l);
                yield KernelModel.bytes(values) > KernelModel.bytes(messages) ? values : messages;
            }
            case EVENTS -> KernelModel.eventGroups(b.getInt("MAX_EVENTS"), l);
            case FUTURES -> KernelModel.futurePool(b.getInt("MAX_FUTURES"), slots, l);
            case BRIDGE -> KernelModel.bridge(b.getInt("MAX_INTERRUPT_LINES"), l);
            case MODULES -> KernelModel.modules(b.getInt("MAX_MODULES"), b.getInt("GUEST_HEAP_SIZE_KB") * 1024, l);
            case TRACE -> KernelModel.trace(b.getInt("TRACE_BUFFER_BYTES"), l);
        };
    }

    private static long kernelBytes(final Board b, final MemoryLayout l, final KernelModel.Table table)
    {
        return KernelModel.bytes(kernelParts(b, l, table));
    }

    /** An object with {@code refs} reference fields only. */
    private static long objectWith(final MemoryLayout l, final int refs)
    {
        return l.instance(refs, 0, 0, 0);
    }

    // =============================================================================================
    // Figures
    // =============================================================================================

    public Board board()
    {
        return board;
    }

    public MemoryLayout layout()
    {
        return layout;
    }

    /** Every term, System lines first. */
    public List<Line> lines()
    {
        return lines;
    }

    /** Sum of a row. */
    public long row(final Row row)
    {
        long sum = 0;
        for (final Line line : lines)
        {
            if (line.row() == row)
            {
                sum += line.bytes();
            }
        }
        return sum;
    }

    /** Static RAM of the configuration: System + Coroutines + Heaps. */
    public long total()
    {
        return row(Row.SYSTEM) + row(Row.COROUTINES) + row(Row.HEAPS);
    }

    public long sramBytes()
    {
        return board.sramBytes();
    }

    /** SRAM left: negative when over budget. */
    public long available()
    {
        return sramBytes() - total();
    }

    public boolean fits()
    {
        return available() >= 0;
    }

    /** The booted scheduler's size: what the JOL honesty test measures. */
    public long schedulerBytes()
    {
        return SchedulerModel.bytes(board.getInt("MAX_COROUTINES"), layout);
    }

    /** The kernel objects of one line ({@link KernelModel}), what the JOL honesty test measures for it. */
    public long kernelBytes(final KernelModel.Table table)
    {
        return kernelBytes(board, layout, table);
    }

    /** The objects behind {@link #kernelBytes}, for the honesty test's breakdowns. */
    public List<KernelModel.Part> kernelParts(final KernelModel.Table table)
    {
        return kernelParts(board, layout, table);
    }

    /** Every HAL line: the booted HAL with its receive rings, what the JOL honesty test measures. */
    public long halBytes()
    {
        long sum = 0;
        for (final Line line : lines)
        {
            if (line.label().startsWith("HAL:"))
            {
                sum += line.bytes();
            }
        }
        return sum;
    }

    /**
     * Kernel and HAL tables: every System line but the runtime reserve, plus the scheduler's and the
     * selector's slot tables.
     */
    public long kernelAndHalBytes()
    {
        long sum = 0;
        for (final Line line : lines)
        {
            if (line.label().startsWith("kernel:") || line.label().startsWith("HAL:"))
            {
                sum += line.bytes();
            }
        }
        return sum;
    }

    /**
     * The three biggest terms that lowering a value shrinks, for the over-budget message. The frames
     * are left out: they are the module heaps' memory, moved to the Coroutines row and taken out of
     * the Heaps row again, so lowering COROUTINE_FRAME_BYTES frees nothing.
     */
    public List<Line> largest()
    {
        return lines.stream().filter(x -> x.bytes() > 0 && !x.label().startsWith(FRAMES_LABEL))
            .sorted(Comparator.comparingLong(Line::bytes).reversed()).limit(3).toList();
    }

    /**
     * The budget of {@code board}'s facts with every tunable at its minimum: the least static RAM any
     * application setting can reach on this board. When even that exceeds the SRAM, only the board
     * facts (SRAM_KB, RUNTIME_RESERVE_KB) can make it fit.
     */
    public static Budget floor(final Board board)
    {
        final Map<String, Long> values = new LinkedHashMap<>();
        for (final Key k : Schema.keys())
        {
            values.put(k.name(), Key.Kind.BOARD_FACT == k.kind() ? board.get(k.name()) : k.min());
        }
        return of(new Board(board.name(), board.source(), List.of(), values, Map.of()));
    }

    // =============================================================================================
    // Report
    // =============================================================================================

    /** The design's table, then every term with its basis. */
    public String report()
    {
        final StringBuilder b = new StringBuilder();
        final long sram = sramBytes();
        b.append(REPORT_MARK).append(board.name()).append(" (").append(board.sources()).append(")\n");
        b.append("SRAM ").append(Numbers.group(sram)).append(" bytes (SRAM_KB = ").append(board.get("SRAM_KB"))
            .append("), flash ").append(board.get("FLASH_KB")).append(" KiB, CPU ")
            .append(Numbers.group(board.get("CPU_HZ"))).append(" Hz\n");
        b.append("Object layout: ").append(layout.describe()).append("\n\n");
        b.append(String.format(Locale.ROOT, "  %-11s %12s %8s\n", "", "bytes", "% SRAM"));
        b.append(rowLine("System", row(Row.SYSTEM), sram, "kernel and HAL tables, trace ring, runtime reserve"));
        b.append(rowLine("Coroutines", row(Row.COROUTINES), sram, board.get("MAX_COROUTINES")
            + " slots: scheduler and selector tables + frames of " + Numbers.group(board.get("COROUTINE_FRAME_BYTES")) + " bytes"));
        b.append(rowLine("Heaps", row(Row.HEAPS), sram, board.get("MAX_MODULES") + " module heaps of "
            + board.get("GUEST_HEAP_SIZE_KB") + " KiB, less the frames"));
        b.append(rowLine("Available", available(), sram,
            fits() ? "for application objects and GC headroom" : "OVER BUDGET"));
        b.append(rowLine("SRAM", sram, sram, "static RAM " + Numbers.group(total()) + " bytes ("
            + String.format(Locale.ROOT, "%.1f%%", 100.0 * total() / sram) + ")"));
        b.append('\n');
        int width = 0;
        for (final Line line : lines)
        {
            width = Math.max(width, line.label().length());
        }
        final String format = "    %-" + width + "s %10s  %s\n";
        for (final Row row : Row.values())
        {
            b.append("  ").append(row.title()).append('\n');
            for (final Line line : lines)
            {
                if (line.row() == row)
                {
                    b.append(String.format(Locale.ROOT, format, line.label(), Numbers.group(line.bytes()),
                        line.basis().text() + (line.note().isEmpty() ? "" : ": " + line.note())));
                }
            }
        }
        return b.toString();
    }

    private static String rowLine(final String title, final long bytes, final long sram, final String what)
    {
        return String.format(Locale.ROOT, "  %-11s %12s %7.1f%%   %s\n", title, Numbers.group(bytes),
            100.0 * bytes / sram, what);
    }
}
