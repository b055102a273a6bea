package dev.fireball.host;

import dev.fireball.config.BoardConfig;
import dev.fireball.config.Boards;
import dev.fireball.config.tool.Board;
import dev.fireball.config.tool.BoardFile;
import dev.fireball.config.tool.Budget;
import dev.fireball.config.tool.MemoryLayout;
import dev.fireball.config.tool.SchedulerModel;
import dev.fireball.config.tool.ShippedBoards;
import dev.fireball.config.tool.Validator;
import dev.fireball.kernel.Console;
import dev.fireball.kernel.Scheduler;
import dev.fireball.kernel.VirtualClock;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openjdk.jol.info.GraphLayout;
import org.openjdk.jol.vm.VM;
import org.openjdk.jol.vm.VirtualMachine;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The memory budget cannot drift from the code: boot the kernel on the host with each shipped
 * board's configuration, measure the booted objects with JOL, and compare with the budget's figure
 * for the same objects computed in this JVM's object layout.
 *
 * <h2>Tolerance</h2>
 * The scheduler model is exact for HotSpot's layout rules: on JDK 17 (12-byte headers, 16-byte array
 * headers, 4-byte compressed references, 8-byte alignment) JOL and the model agree to the byte for
 * all three boards (nrf52840 16 slots: 5,104 bytes; ch32v307 8 slots: 3,144; host 32 slots: 9,024).
 * The size check allows {@value #TOLERANCE_BYTES} bytes: what HotSpot's field packing may legitimately
 * do differently from the model's simple gap rule, less than one 8-byte alignment unit for each of the
 * two modelled objects that mix field sizes (Scheduler, TimerQueue). Anything larger is drift: a
 * forgotten per-slot table costs at least 16 + 4 x 8 = 48 bytes on the smallest board. A second test
 * requires the same object types and counts in model and measurement, so a new small object cannot
 * hide inside the tolerance either; only a field added into an object's existing padding can, and it
 * costs no memory.
 */
class BudgetHonestyTest
{
    static final long TOLERANCE_BYTES = 16;

    /** A console with no fields, so that it adds nothing but itself to the measured graph. */
    private static final Console SILENT = (buf, off, len) ->
    {
    };

    @ParameterizedTest
    @ValueSource(strings = {"nrf52840", "ch32v307", "host"})
    void theSchedulerFigureMatchesTheBootedScheduler(final String name)
    {
        final BoardConfig cfg = Boards.byName(name);
        final Board board = boardOf(cfg);

        final VirtualClock clock = new VirtualClock();
        final Scheduler scheduler = new Scheduler(cfg.maxCoroutines, clock, SILENT);
        final GraphLayout graph = GraphLayout.parseInstance(scheduler);
        final long measured = graph.totalSize() - GraphLayout.parseInstance(clock).totalSize()
            - GraphLayout.parseInstance(SILENT).totalSize();

        final MemoryLayout jvm = thisJvm();
        final long modelled = Budget.of(board, jvm).schedulerBytes();
        assertTrue(Math.abs(modelled - measured) <= TOLERANCE_BYTES, () -> "board " + name + ": the budget's "
            + "scheduler figure " + modelled + " differs from the booted scheduler's " + measured + " bytes by more "
            + "than " + TOLERANCE_BYTES + " (" + jvm.describe() + "); update dev.fireball.config.tool.SchedulerModel "
            + "to follow Scheduler.java.\n" + breakdown(graph, cfg.maxCoroutines, jvm));
    }

    @Test
    void theModelNamesEveryTypeTheBootedSchedulerHolds()
    {
        final Scheduler scheduler = new Scheduler(8, new VirtualClock(), SILENT);
        final Map<String, long[]> measured = measuredByType(GraphLayout.parseInstance(scheduler));
        measured.remove(VirtualClock.class.getTypeName());
        measured.remove(SILENT.getClass().getTypeName());
        final Map<String, long[]> modelled = modelledByType(8, thisJvm());
        assertEquals(modelled.keySet(), measured.keySet(), () -> breakdown(GraphLayout.parseInstance(scheduler), 8,
            thisJvm()));
        measured.forEach((type, m) -> assertEquals(modelled.get(type)[0], m[0], "instances of " + type));
    }

    @Disabled("TODO(hal): the HAL's fd table, receive rings and driver registry do not exist yet; the budget charges "
        + "estimates for them (Budget lines 'HAL: ...'). When the HAL lands, boot it here for each board, measure it "
        + "with JOL as above, and replace the estimates by a model of its objects checked by this test.")
    @Test
    void halTables()
    {
    }

    /**
     * The budget's view of exactly what boots: a board file written from the generated configuration
     * (which may carry an application's overrides) and validated in-process.
     */
    static Board boardOf(final BoardConfig cfg)
    {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < BoardConfig.KEY_COUNT; i++)
        {
            text.append(BoardConfig.keyName(i)).append(" = ").append(cfg.valueAt(i)).append('\n');
        }
        return Validator.validate(cfg.board, BoardFile.parse("generated " + cfg.board, text.toString()), List.of());
    }

    @Test
    void theGeneratedConfigurationIsTheShippedBoardFile()
    {
        for (int i = 0; i < Boards.COUNT; i++)
        {
            final BoardConfig cfg = Boards.byName(Boards.name(i));
            // The board the build was for may carry an application's overrides on top of its file.
            if (("config/boards/" + cfg.board + ".properties").equals(Boards.sources(cfg.board)))
            {
                assertEquals(ShippedBoards.load(cfg.board).values(), boardOf(cfg).values(), cfg.board);
            }
        }
    }

    /** This JVM's layout, as JOL reports it (12/16-byte headers with compressed oops on a 64-bit JDK 17). */
    static MemoryLayout thisJvm()
    {
        final VirtualMachine vm = VM.current();
        final int ref = (int) ((vm.sizeOf(new Object[4]) - vm.sizeOf(new Object[0])) / 4);
        return new MemoryLayout("this-jvm", vm.objectHeaderSize(), vm.arrayHeaderSize(), ref, vm.objectAlignment());
    }

    private static Map<String, long[]> measuredByType(final GraphLayout graph)
    {
        final Map<String, long[]> out = new TreeMap<>();
        for (final Class<?> c : graph.getClasses())
        {
            out.put(c.getTypeName(), new long[] {graph.getClassCounts().count(c), graph.getClassSizes().count(c)});
        }
        return out;
    }

    private static Map<String, long[]> modelledByType(final int slots, final MemoryLayout l)
    {
        final Map<String, long[]> out = new TreeMap<>();
        for (final SchedulerModel.Part p : SchedulerModel.parts(slots, l))
        {
            final long[] sum = out.computeIfAbsent(p.type(), t -> new long[2]);
            sum[0] += p.instances();
            sum[1] += p.bytes();
        }
        return out;
    }

    private static String breakdown(final GraphLayout graph, final int slots, final MemoryLayout l)
    {
        final Map<String, long[]> measured = measuredByType(graph);
        final Map<String, long[]> modelled = modelledByType(slots, l);
        final StringBuilder b = new StringBuilder(String.format("%-40s %18s %18s%n", "type", "JOL count/bytes",
            "model count/bytes"));
        final TreeMap<String, Boolean> types = new TreeMap<>();
        measured.keySet().forEach(t -> types.put(t, true));
        modelled.keySet().forEach(t -> types.put(t, true));
        for (final String t : types.keySet())
        {
            final long[] m = measured.getOrDefault(t, new long[2]);
            final long[] d = modelled.getOrDefault(t, new long[2]);
            b.append(String.format("%-40s %7d/%-10d %7d/%-10d%n", t, m[0], m[1], d[0], d[1]));
        }
        return b.toString();
    }
}
