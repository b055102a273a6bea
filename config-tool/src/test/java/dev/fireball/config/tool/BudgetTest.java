package dev.fireball.config.tool;

import dev.fireball.config.tool.Budget.Row;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
        final Budget large = budget("COROUTINE_FRAME_BYTES = 8176\n"); // two to a 16 KiB heap
        assertEquals(small.total(), large.total());
        assertEquals(large.row(Row.COROUTINES) - small.row(Row.COROUTINES), 8 * (8176 - 1024));
        assertEquals(small.row(Row.HEAPS) - large.row(Row.HEAPS), 8 * (8176 - 1024));
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
            "RX_RING_BYTES = 4096\n", "MAX_DRIVERS = 64\n", "MAX_STREAMS = 16\n", "MAX_DEVICE_TYPES = 32\n",
            "MAX_MODULES = 8\nMAX_COROUTINES = 16\n", "GUEST_HEAP_SIZE_KB = 32\n", "CHANNEL_CAPACITY = 64\n",
            "CHANNEL_MSG_BYTES = 64\n", "MAX_SELECT_ARMS = 8\n"})
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
        // Scheduler 12 + 23*4 + 12*4 + 1 + 7*8 = 209 -> 216; ReadyQueue 12+4+4+2*8 = 36 -> 40;
        // TimerQueue 12+12+8+8 = 40; 2 AsciiSink 12+8+4+1 = 25 -> 32 each; 2 digits byte[20] 36 -> 40 each;
        // fault line byte[256] 272.
        final long fixed = 216 + 40 + 40 + 64 + 80 + 272;
        // 8 int[4] 32 each; 4 ref[4] 32 each; boolean[4] 24; long[4] 48; 4 WaitQueue 32 each; ring int[4] 32;
        // timer pos int[4] 32; timer deadline, tag long[4] 48 each; report byte[160 + 512] 688.
        final long perSlot = 8 * 32 + 4 * 32 + 24 + 48 + 4 * 32 + 32 + 32 + 2 * 48 + 688;
        assertEquals(fixed + perSlot, SchedulerModel.bytes(4, MemoryLayout.HOTSPOT_COMPRESSED));
    }

    @Test
    void theHalModelCountsEveryTableOfTheIssuesConfigurationOnHotSpot()
    {
        // Worked by hand from the hal sources for MAX_FDS 64, MAX_STREAMS 16, 16 types, 16 drivers, HotSpot:
        // Hal 12 + 5*4 + 8 = 40. DeviceRegistry 12 + 7*4 + 3*4 + 1 = 53 -> 56; nameStart int[17] 84 -> 88;
        // names byte[22] 38 -> 40; family int[16] 80; Driver[16] 80; driverType, base, limit int[16] 3 x 80.
        final long registry = 40 + 56 + 88 + 40 + 80 + 80 + 3 * 80;
        // FdTable 12 + 6*4 + 6*4 = 60 -> 64; 4 int[64] 272 each; 2 byte[64] 80 each.
        final long fds = 64 + 4 * 272 + 2 * 80;
        // StreamTable 12 + 7*4 + 4*4 = 56; 4 int[16] 80 each; readers, writers WaitQueue[16] 80 each;
        // 32 WaitQueue (a read and a write queue per slot) 12 + 5*4 = 32 each.
        final long streams = 56 + 4 * 80 + 2 * 80 + 32 * 32;
        final var parts = HalModel.parts(64, 16, 64, 16, 16, HalModel.BUILT_IN_NAME_CHARS,
            MemoryLayout.HOTSPOT_COMPRESSED);
        assertEquals(registry, HalModel.bytes(parts, HalModel.Table.REGISTRY));
        assertEquals(fds, HalModel.bytes(parts, HalModel.Table.FDS));
        assertEquals(streams, HalModel.bytes(parts, HalModel.Table.STREAMS));
        assertEquals(16 + 16 * 64, HalModel.bytes(parts, HalModel.Table.RINGS));
        assertEquals(3496, registry + fds + streams, "issue 5's bar: <= 3.5 KB (3,584 bytes) plus receive rings");
    }

    @Test
    void theNrf52840sStreamingSlotsHoldAReadAndAWriteWaitQueueEachOnMcu32()
    {
        // Worked by hand for MAX_STREAMS 8, 8-byte headers, 12-byte array headers, 4-byte references:
        // StreamTable 8 + 7*4 + 4*4 = 52 -> 56; head, tail, overruns, fdSlot int[8] 12 + 32 = 44 -> 48 each;
        // readers, writers WaitQueue[8] 48 each; 16 WaitQueue (read + write per slot) 8 + 5*4 = 28 -> 32 each.
        final var parts = HalModel.parts(32, 8, 256, 16, 16, HalModel.BUILT_IN_NAME_CHARS, MemoryLayout.MCU32);
        assertEquals(56 + 4 * 48 + 2 * 48 + 16 * 32, HalModel.bytes(parts, HalModel.Table.STREAMS));
        assertEquals(856, HalModel.bytes(parts, HalModel.Table.STREAMS), "544 with one wait queue per slot");
    }

    @Test
    void theHalLinesAreTheHalModel()
    {
        final Budget b = budget("MAX_FDS = 20\nMAX_STREAMS = 5\nRX_RING_BYTES = 512\n");
        assertEquals(HalModel.bytes(HalModel.parts(20, 5, 512, 16, 16, HalModel.BUILT_IN_NAME_CHARS, MemoryLayout.MCU32)),
            b.halBytes());
    }

    @Test
    void theKernelModelCountsTheCommunicationObjectsOfTheNrf52840OnHotSpot()
    {
        final MemoryLayout h = MemoryLayout.HOTSPOT_COMPRESSED;
        // Worked by hand from the kernel sources (the figures kernel-communication.md measured with JOL):
        // Select for 16 slots x 4 arms: Select 12 + 19*4 + 4*4 + 2*8 = 120; 64 nodes: Channel[64] 272,
        // 5 int[64] 272 each, 2 long[64] 528 each, byte[64][] 272, boolean[64] 80; 16 slots: WaitQueue[16] 80,
        // 5 int[16] 80 each, 2 long[16] 144 each, 16 WaitQueue 12 + 5*4 = 32 each.
        assertEquals(120 + 272 + 5 * 272 + 2 * 528 + 272 + 80 + 80 + 5 * 80 + 2 * 144 + 16 * 32,
            KernelModel.bytes(KernelModel.select(16, 4, h)));
        assertEquals(4440, KernelModel.bytes(KernelModel.select(16, 4, h)));
        // Channel 12 + 7*4 + 11*4 + 4*8 + 1 = 117 -> 120, its two WaitQueues 32 each; value ring long[8] 80;
        // message ring byte[128] 144 + int[8] 48.
        assertEquals(264, KernelModel.bytes(KernelModel.channels(1, 8, 0, h)));
        assertEquals(376, KernelModel.bytes(KernelModel.channels(1, 8, 16, h)));
        // EventGroup 12 + 2*4 + 2*4 + 2*8 = 44 -> 48, its WaitQueue 32.
        assertEquals(80, KernelModel.bytes(KernelModel.eventGroups(1, h)));
        // FuturePool 12 + 9*4 + 5*4 + 3*8 = 92 -> 96; 5 int[16] 80 each (state, generation, boundHandle,
        // owner, freeStack); long[16] 144; WaitQueue[16] 80; 16 WaitQueue 32 each; futureOfSlot int[16] 80.
        assertEquals(96 + 5 * 80 + 144 + 80 + 16 * 32 + 80, KernelModel.bytes(KernelModel.futurePool(16, 16, h)));
        assertEquals(1312, KernelModel.bytes(KernelModel.futurePool(16, 16, h)));
        // InterruptBridge 12 + 6*4 + 4*4 + 3*8 = 76 -> 80; BottomHalf[32] 144; WaitQueue[32] 144; long[32] 272;
        // 32 x 32.
        assertEquals(80 + 144 + 144 + 272 + 32 * 32, KernelModel.bytes(KernelModel.bridge(32, h)));
        assertEquals(1664, KernelModel.bytes(KernelModel.bridge(32, h)));
    }

    @Test
    void selectArmsCostMemoryInPowersOfTwo()
    {
        final MemoryLayout m = MemoryLayout.MCU32;
        assertEquals(KernelModel.bytes(KernelModel.select(8, 4, m)), KernelModel.bytes(KernelModel.select(8, 3, m)));
        assertTrue(KernelModel.bytes(KernelModel.select(8, 5, m)) > KernelModel.bytes(KernelModel.select(8, 4, m)));
    }

    @Test
    void aChannelIsChargedAsTheLargerOfAValueAndAMessageChannel()
    {
        final MemoryLayout m = MemoryLayout.MCU32;
        final Budget messages = budget("MAX_CHANNELS = 3\nCHANNEL_CAPACITY = 4\nCHANNEL_MSG_BYTES = 64\n");
        assertEquals(KernelModel.bytes(KernelModel.channels(3, 4, 64, m)),
            messages.kernelBytes(KernelModel.Table.CHANNELS));
        final Budget values = budget("MAX_CHANNELS = 3\nCHANNEL_CAPACITY = 4\nCHANNEL_MSG_BYTES = 1\n");
        assertEquals(KernelModel.bytes(KernelModel.channels(3, 4, 0, m)),
            values.kernelBytes(KernelModel.Table.CHANNELS));
    }

    @Test
    void theModuleTableHoldsTheKernelModuleAndMaxModulesGuests()
    {
        final MemoryLayout m = MemoryLayout.MCU32;
        final Budget b = budget("MAX_MODULES = 3\nGUEST_HEAP_SIZE_KB = 16\nCOROUTINE_FRAME_BYTES = 1024\n");
        final var guest = new KernelModel.Guest(16 * 1024, KernelModel.MAX_GRANTS, 1);
        // MAX_MODULES = 3 guests, each with a heap, in a table of 4 (module 0 is the kernel's).
        assertEquals(KernelModel.bytes(KernelModel.modules(4, java.util.List.of(guest, guest, guest), m)),
            b.kernelBytes(KernelModel.Table.MODULES));
        assertThrows(IllegalArgumentException.class,
            () -> KernelModel.modules(3, java.util.List.of(guest, guest, guest), m));
    }

    @Test
    void theHeapIndexFollowsModuleHeapsTlsfClasses()
    {
        // 16 KiB: totalBytes 16,376, fls 13, fl 13 - 6 = 7 -> 8 first-level classes; 2,048 granules -> 64 map words.
        assertEquals(8, KernelModel.flCount(16 * 1024));
        assertEquals(1, KernelModel.flCount(32));
        // MCU32: heads int[128] 524 -> 528, slBitmap int[8] 44 -> 48, two int[64] 268 -> 272 each.
        assertEquals(528 + 48 + 2 * 272, KernelModel.heapIndexTables(16 * 1024, MemoryLayout.MCU32));
    }

    @Test
    void aTraceOfZeroBytesIsThreeEmptyArrays()
    {
        final MemoryLayout m = MemoryLayout.MCU32;
        // Trace 8 + 3*4 + 4 + 8 = 32; long[0], int[0] x 2: 12 -> 16 each.
        assertEquals(32 + 3 * 16, KernelModel.bytes(KernelModel.trace(0, m)));
        // 4,096 bytes: 256 events; long[256] 2,060 -> 2,064; int[256] 1,036 -> 1,040 each.
        assertEquals(32 + 2064 + 2 * 1040, KernelModel.bytes(KernelModel.trace(4096, m)));
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
        assertTrue(r.contains("kernel: channels (MAX_CHANNELS = 16 x CHANNEL_CAPACITY 8 x CHANNEL_MSG_BYTES 16)"), r);
        assertTrue(r.contains("estimate: no software timer table exists yet"), r);
    }

    @Test
    void largestListsTheThreeBiggestTerms()
    {
        final Budget b = Budget.of(ShippedBoards.load("ch32v307"));
        assertEquals(3, b.largest().size());
        assertTrue(b.largest().get(0).bytes() >= b.largest().get(1).bytes());
    }

    @Test
    void largestLeavesOutTheFramesSinceASmallerFrameFreesNothing()
    {
        // ch32v307: 8 frames of 2 KiB = 16 KiB, the third largest line, and a term no key can shrink.
        final Budget b = Budget.of(ShippedBoards.load("ch32v307"));
        assertTrue(b.lines().stream().anyMatch(l -> l.label().startsWith("frames") && l.bytes() == 16_384));
        assertTrue(b.largest().stream().noneMatch(l -> l.label().startsWith("frames")), b.largest()::toString);
        assertTrue(b.largest().stream().allMatch(l -> l.bytes() > 0));
    }

    @Test
    void theFloorIsTheBoardsFactsWithEveryTunableAtItsMinimum()
    {
        final Board ch = ShippedBoards.load("ch32v307");
        final Budget floor = Budget.floor(ch);
        for (final Key k : Schema.keys())
        {
            assertEquals(Key.Kind.BOARD_FACT == k.kind() ? ch.get(k.name()) : k.min(), floor.board().get(k.name()),
                k.name());
        }
        // The minimal values are a valid configuration, so the floor is one the validator would accept.
        final StringBuilder text = new StringBuilder(ValidatorTest.FACTS);
        for (final Key k : Schema.keys())
        {
            if (Key.Kind.TUNABLE == k.kind())
            {
                text.append(k.name()).append(" = ").append(k.min()).append('\n');
            }
        }
        assertEquals(Budget.floor(ValidatorTest.validate(ValidatorTest.FACTS)).total(),
            Budget.of(ValidatorTest.validate(text.toString())).total());
        assertTrue(floor.total() < Budget.of(ch).total());
        assertTrue(floor.total() > ch.get("RUNTIME_RESERVE_KB") * 1024, "the reserve and the smallest tables");
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
