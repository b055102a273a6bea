package dev.fireball.config.tool;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MemoryLayoutTest
{
    private static final MemoryLayout MCU = MemoryLayout.MCU32;
    private static final MemoryLayout HOTSPOT = MemoryLayout.HOTSPOT_COMPRESSED;

    @Test
    void arraysAreHeaderPlusElementsRoundedToTheAlignment()
    {
        assertEquals(48, HOTSPOT.array(4, 8));     // 16 + 32
        assertEquals(16, HOTSPOT.array(4, 0));
        assertEquals(24, HOTSPOT.array(1, 5));     // 16 + 5 -> 24
        assertEquals(48, MCU.array(4, 8));         // 12 + 32 = 44 -> 48
        assertEquals(16, MCU.array(1, 4));
        assertEquals(48, MCU.refArray(9));         // 12 + 36
    }

    @Test
    void objectsAreHeaderPlusFieldsRoundedToTheAlignment()
    {
        assertEquals(16, HOTSPOT.instance(0, 0, 0, 0));
        assertEquals(32, HOTSPOT.instance(0, 5, 0, 0));  // WaitQueue: 12 + 20
        assertEquals(8, MCU.instance(0, 0, 0, 0));
        assertEquals(32, MCU.instance(0, 5, 0, 0));      // 8 + 20 -> 32
    }

    @Test
    void aLongAfterATwelveByteHeaderLeavesAGapOnlyWhenNothingSmallFillsIt()
    {
        assertEquals(24, HOTSPOT.instance(0, 0, 1, 0));  // 12 + gap 4 + 8
        assertEquals(24, HOTSPOT.instance(0, 1, 1, 0));  // the int fills the gap
        assertEquals(16, MCU.instance(0, 0, 1, 0));      // 8-byte header: no gap
    }

    @Test
    void impossibleLayoutsAreRejected()
    {
        assertThrows(IllegalArgumentException.class, () -> new MemoryLayout("x", 8, 8, 4, 8));
        assertThrows(IllegalArgumentException.class, () -> new MemoryLayout("x", 8, 12, 6, 8));
        assertThrows(IllegalArgumentException.class, () -> new MemoryLayout("x", 8, 12, 4, 12));
    }
}
