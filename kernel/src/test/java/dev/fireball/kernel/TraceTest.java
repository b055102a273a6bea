package dev.fireball.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fireball.config.BoardConfig;
import dev.fireball.config.Boards;
import dev.fireball.kernel.support.RecordingConsole;
import org.junit.jupiter.api.Test;

/** The trace ring's sizing from TRACE_BUFFER_BYTES, including 0 (off). */
class TraceTest
{
    @Test
    void theRingHoldsAPowerOfTwoNumberOfEventsAndKeepsTheLatest()
    {
        final Trace t = new Trace(100); // 6 events' worth: rounded down to 4
        assertEquals(4, t.capacity());
        for (int i = 0; i < 6; i++)
        {
            t.record(i, Trace.MODULE_START, i, 0);
        }
        assertEquals(4, t.size());
        assertEquals(2, t.overwritten());
        assertEquals(2, t.aAt(0));
    }

    @Test
    void aZeroByteTraceIsOffAndRecordsNothing()
    {
        final Trace t = new Trace(0);
        t.record(1, Trace.MODULE_FAULT, 1, 2);
        assertEquals(0, t.capacity());
        assertEquals(0, t.size());
        assertEquals(0, t.written());
        assertEquals(0, t.overwritten());
    }

    @Test
    void aBufferBelowTwoEventsIsRejected()
    {
        assertThrows(IllegalArgumentException.class, () -> new Trace(16));
        assertThrows(IllegalArgumentException.class, () -> new Trace(-1));
    }

    @Test
    void aBoardWithTracingOffBoots()
    {
        final BoardConfig host = Boards.byName("host");
        final int[] values = new int[BoardConfig.KEY_COUNT];
        for (int i = 0; i < values.length; i++)
        {
            values[i] = "TRACE_BUFFER_BYTES".equals(BoardConfig.keyName(i)) ? 0 : host.valueAt(i);
        }
        final Kernel k = Kernel.boot(BoardConfig.of("host-no-trace", values), new VirtualClock(),
            new RecordingConsole());
        assertEquals(0, k.trace.capacity());
    }

    @Test
    void anEventThatDoesNotFitIsRefusedAndNothingIsRecorded()
    {
        final Trace t = new Trace(64);
        assertThrows(IllegalArgumentException.class, () -> t.record(1, 256, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> t.record(1, -1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> t.record(1, 1, 1 << 24, 0));
        assertThrows(IllegalArgumentException.class, () -> t.record(1, 1, -1, 0));
        assertEquals(0, t.written());
        t.record(1, 255, (1 << 24) - 1, -7); // the largest that fit
        assertEquals(1, t.written());
    }
}
