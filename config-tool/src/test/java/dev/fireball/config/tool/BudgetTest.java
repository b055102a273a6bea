package dev.fireball.config.tool;

import dev.fireball.config.tool.Budget.Row;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BudgetTest
{
    @Test
    void theRowsAndAvailableAddUpToTheSram()
    {
        for (final String name : ShippedBoards.names())
        {
            final Budget b = Budget.of(ShippedBoards.load(name));
            assertEquals(b.sramBytes(), b.row(Row.SYSTEM) + b.row(Row.COROUTINES) + b.row(Row.HEAPS) + b.available(), name);
        }
    }

    @Test
    void framesAreChargedToTheHeapsNotAddedToTheTotal()
    {
        final Budget small = budget("COROUTINE_FRAME_BYTES = 1024\n");
        final Budget large = budget("COROUTINE_FRAME_BYTES = 8192\n");
        assertEquals(small.total(), large.total());
        assertEquals(large.row(Row.COROUTINES) - small.row(Row.COROUTINES), 8 * (8192 - 1024));
        assertEquals(small.row(Row.HEAPS) - large.row(Row.HEAPS), 8 * (8192 - 1024));
    }

    @Test
    void theRuntimeReserveIsChargedToSystem()
    {
        assertEquals(10 * 1024, budget("").row(Row.SYSTEM) - budgetWithReserve(19).row(Row.SYSTEM));
    }

    @Test
    void everyConfiguredTableGrowsTheBudget()
    {
        final long base = budget("").total();
        for (final String line : new String[] {"MAX_TIMERS = 64\n", "MAX_CHANNELS = 64\n", "MAX_EVENTS = 64\n",
            "MAX_FUTURES = 64\n", "MAX_INTERRUPT_LINES = 32\n", "TRACE_BUFFER_BYTES = 8192\n", "MAX_FDS = 64\n",
            "RX_RING_BYTES = 4096\n", "MAX_DRIVERS = 64\n", "MAX_STREAMS = 16\n", "MAX_DEVICE_TYPES = 32\n", "MAX_MODULES = 8\nMAX_COROUTINES = 16\n",
            "GUEST_HEAP_SIZE_KB = 32\n", "CHANNEL_CAPACITY = 64\n", "CHANNEL_MSG_BYTES = 64\n"})
        {
            assertTrue(budget(line).total() > base, line);
        }
    }

    @Test
    void theSchedulerFigureIsTheSumOfItsModelledObjects()
    {
        final Budget b = budget("MAX_COROUTINES = 5\n");
        assertEquals(SchedulerModel.bytes(5, MemoryLayout.MCU32), b.schedulerBytes());
        // The fixed part and the per-slot part are both in the kernel+HAL figure.
        assertTrue(b.kernelAndHalBytes() > b.schedulerBytes() + b.halBytes());
    }

    @Test
    void theSchedulerModelCountsEveryTableOfAFourSlotSchedulerOnHotSpot()
    {
        // Worked by hand from Scheduler.java for 4 slots, 12-byte headers, 16-byte array headers:
        // Scheduler 12 + 24*4 + 11*4 + 1 + 8*8 = 217 -> 224; ReadyQueue 12+16 = 28 -> 32; TimerQueue 12+16+4+8 = 40;
        // 2 AsciiSink 12+8+4+1 = 25 -> 32 each; 2 digits byte[20] 36 -> 40 each; fault line byte[256] 272.
        final long fixed = 224 + 32 + 40 + 64 + 80 + 272;
        // 8 int[4] 32 each; 4 ref[4] 32 each; boolean[4] 24; long[4] 48; 4 WaitQueue 32 each; ring int[4] 32;
        // heap, pos int[4] 32 each; deadline, seq long[4] 48 each; report byte[160 + 512] 688.
        final long perSlot = 8 * 32 + 4 * 32 + 24 + 48 + 4 * 32 + 32 + 2 * 32 + 2 * 48 + 688;
        assertEquals(fixed + perSlot, SchedulerModel.bytes(4, MemoryLayout.HOTSPOT_COMPRESSED));
    }

    @Test
    void theHalModelCountsEveryTableOfTheIssuesConfigurationOnHotSpot()
    {
        // Worked by hand from the hal sources for MAX_FDS 64, MAX_STREAMS 16, 16 types, 16 drivers, HotSpot:
        // Hal 12 + 5*4 = 32. DeviceRegistry 12 + 7*4 + 3*4 + 1 = 53 -> 56; nameStart int[17] 84 -> 88;
        // names byte[22] 38 -> 40; family int[16] 80; Driver[16] 80; driverType, base, limit int[16] 3 x 80.
        final long registry = 32 + 56 + 88 + 40 + 80 + 80 + 3 * 80;
        // FdTable 12 + 6*4 + 6*4 = 60 -> 64; 4 int[64] 272 each; 2 byte[64] 80 each.
        final long fds = 64 + 4 * 272 + 2 * 80;
        // StreamTable 12 + 6*4 + 4*4 = 52 -> 56; 4 int[16] 80 each; WaitQueue[16] 80; 16 WaitQueue 12 + 5*4 = 32 each.
        final long streams = 56 + 4 * 80 + 80 + 16 * 32;
        final var parts = HalModel.parts(64, 16, 64, 16, 16, HalModel.BUILT_IN_NAME_CHARS,
            MemoryLayout.HOTSPOT_COMPRESSED);
        assertEquals(registry, HalModel.bytes(parts, HalModel.Table.REGISTRY));
        assertEquals(fds, HalModel.bytes(parts, HalModel.Table.FDS));
        assertEquals(streams, HalModel.bytes(parts, HalModel.Table.STREAMS));
        assertEquals(16 + 16 * 64, HalModel.bytes(parts, HalModel.Table.RINGS));
        assertEquals(2896, registry + fds + streams, "issue 5's bar: <= 3.5 KB (3,584 bytes) plus receive rings");
    }

    @Test
    void theHalLinesAreTheHalModel()
    {
        final Budget b = budget("MAX_FDS = 20\nMAX_STREAMS = 5\nRX_RING_BYTES = 512\n");
        assertEquals(HalModel.bytes(HalModel.parts(20, 5, 512, 16, 16, HalModel.BUILT_IN_NAME_CHARS, MemoryLayout.MCU32)),
            b.halBytes());
    }

    @Test
    void theReportHasTheDesignsRowsInBytesAndPercent()
    {
        final String r = Budget.of(ShippedBoards.load("nrf52840")).report();
        for (final String row : new String[] {"System", "Coroutines", "Heaps", "Available", "SRAM "})
        {
            assertTrue(r.contains("\n  " + row), row + " missing in\n" + r);
        }
        assertTrue(r.contains("262,144"), r);
        assertTrue(r.contains("100.0%"), r);
        assertTrue(r.contains("model, JOL-checked"), r);
        assertTrue(r.contains("HAL: fd table (MAX_FDS = 32)"), r);
        assertTrue(r.contains("estimate: channel issue"), r);
    }

    @Test
    void largestListsTheThreeBiggestTerms()
    {
        final Budget b = Budget.of(ShippedBoards.load("ch32v307"));
        assertEquals(3, b.largest().size());
        assertTrue(b.largest().get(0).bytes() >= b.largest().get(1).bytes());
    }

    private static Budget budget(final String extra)
    {
        return Budget.of(ValidatorTest.validate(ValidatorTest.FACTS + extra));
    }

    private static Budget budgetWithReserve(final int kb)
    {
        return Budget.of(ValidatorTest.validate(ValidatorTest.FACTS.replace("RUNTIME_RESERVE_KB = 29",
            "RUNTIME_RESERVE_KB = " + kb)));
    }
}
