package dev.fireball.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@link AllocationMeter} sees an allocation and reads 0 for work that makes none. Runs in the
 * testkit's {@code allocation} execution, with {@link AllocationMeter#JVM_FLAGS}.
 */
class AllocationMeterAllocationTest
{
    private static final int RUNS = 1_000;
    /** The smallest an {@code int[4]} can be: its elements, without a header. */
    private static final long INT4_PAYLOAD_BYTES = 4 * Integer.BYTES;

    private static int[] escaped;
    private static final int[] DATA = {3, 1, 4, 1, 5, 9, 2, 6};
    private static long sum;

    @Test
    void thisExecutionHasTheFlags()
    {
        assertDoesNotThrow(() -> AllocationMeter.requireAllocationFlags());
    }

    @Test
    void anArrayKeptByTheWorkIsReportedInEveryWindow()
    {
        final long[] windows = AllocationMeter.measureWindows(100, 3, RUNS, () -> escaped = new int[4]);
        for (final long w : windows)
        {
            assertTrue(w >= RUNS * INT4_PAYLOAD_BYTES, Arrays.toString(windows));
        }
    }

    @Test
    void anArrayNeverReadIsStillReported()
    {
        // C2 would delete this allocation even without escape analysis; C1 keeps it, as a device JVM does.
        final long[] windows = AllocationMeter.measureWindows(100, 3, RUNS, () ->
        {
            final int[] unused = new int[4];
        });
        for (final long w : windows)
        {
            assertTrue(w >= RUNS * INT4_PAYLOAD_BYTES, Arrays.toString(windows));
        }
    }

    @Test
    void anAllocationFailsTheAssertionWithWhatAndHowManyBytes()
    {
        final String m = assertThrows(AssertionError.class,
            () -> AllocationMeter.assertNoAllocation("new int[4]", 100, 2, RUNS, () -> escaped = new int[4]))
            .getMessage();
        assertTrue(m.startsWith("new int[4] allocated ["), m);
        assertTrue(m.contains("] bytes in each of 2 windows of 1000 runs (after 100 warm-up runs), at least "), m);
        final long perRun = Long.parseLong(m.replaceAll(".*at least (\\d+) bytes per run.*", "$1"));
        assertTrue(perRun >= INT4_PAYLOAD_BYTES, m);
    }

    @Test
    void workThatAllocatesNothingReadsZero()
    {
        final long[] windows = AllocationMeter.assertNoAllocation("summing an array", () ->
        {
            for (final int v : DATA)
            {
                sum += v;
            }
        });
        assertEquals(0, windows[windows.length - 1], Arrays.toString(windows));
        assertTrue(sum > 0);
    }

    @Test
    void readingTheMeterAllocatesNothing()
    {
        // Every window of an empty work is two reads of the meter and the run loop: all must be 0.
        assertArrayEquals(new long[4], AllocationMeter.measureWindows(AllocationMeter.WARM_UP_RUNS, 4, RUNS, () -> { }));
    }
}
