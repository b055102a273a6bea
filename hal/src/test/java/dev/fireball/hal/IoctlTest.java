package dev.fireball.hal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The ioctl numbering (NuttX {@code _IOC(type, nr)}) and the commands issue 5 names. */
class IoctlTest
{
    /** Every command issue 5 requires, with the family it must belong to. */
    private static final int[][] REQUIRED = {
        {Ioctl.TIOCBAUD, Ioctl.TIOC_BASE},
        {Ioctl.GPIO_SET_DIR, Ioctl.GPIO_BASE},
        {Ioctl.GPIO_SET_PULL, Ioctl.GPIO_BASE},
        {Ioctl.GPIO_SET_IRQ, Ioctl.GPIO_BASE},
        {Ioctl.I2C_SET_FREQ, Ioctl.I2C_BASE},
        {Ioctl.I2C_SET_ADDR, Ioctl.I2C_BASE},
        {Ioctl.SPI_SET_SPEED, Ioctl.SPI_BASE},
        {Ioctl.SPI_SET_MODE, Ioctl.SPI_BASE},
        {Ioctl.ADC_SET_CHANNEL, Ioctl.ANIOC_BASE},
        {Ioctl.ADC_SET_RESOLUTION, Ioctl.ANIOC_BASE},
        {Ioctl.TIMER_SET_PERIOD, Ioctl.TCIOC_BASE},
        {Ioctl.FIONREAD, Ioctl.FIOC_BASE},
        {Ioctl.FIONBIO, Ioctl.FIOC_BASE},
        {Ioctl.FIOC_OVERRUNS, Ioctl.FIOC_BASE},
    };

    @Test
    void everyRequiredCommandIsDefinedInItsFamilyAndDistinct()
    {
        final Set<Integer> seen = new HashSet<>();
        for (final int[] c : REQUIRED)
        {
            assertTrue(Ioctl.isDefined(c[0]), "defined: " + Integer.toHexString(c[0]));
            assertEquals(c[1], Ioctl.type(c[0]), "family of " + Integer.toHexString(c[0]));
            assertTrue(Ioctl.nr(c[0]) > 0, "number within the family");
            assertEquals(c[0], Ioctl.type(c[0]) | Ioctl.nr(c[0]), "a command is exactly type | nr");
            assertTrue(seen.add(c[0]), "duplicate " + Integer.toHexString(c[0]));
            assertTrue(Ioctl.isBuiltInFamily(c[1]));
        }
    }

    @Test
    void theFamilyBasesAreNuttxs()
    {
        // include/nuttx/fs/ioctl.h: _TIOCBASE 0x0100, _FIOCBASE 0x0300, _ANIOCBASE 0x0b00,
        // _TCIOCBASE 0x1600, _I2CBASE 0x2100, _SPIBASE 0x2200, _GPIOBASE 0x2300.
        assertEquals(0x0100, Ioctl.TIOC_BASE);
        assertEquals(0x0300, Ioctl.FIOC_BASE);
        assertEquals(0x0B00, Ioctl.ANIOC_BASE);
        assertEquals(0x1600, Ioctl.TCIOC_BASE);
        assertEquals(0x2100, Ioctl.I2C_BASE);
        assertEquals(0x2200, Ioctl.SPI_BASE);
        assertEquals(0x2300, Ioctl.GPIO_BASE);
        assertEquals(0x0307, Ioctl.FIONREAD, "NuttX _FIOC(0x0007)");
        assertEquals(0x030B, Ioctl.FIONBIO, "NuttX _FIOC(0x000b)");
    }

    @Test
    void numbersOutsideTheDefinedOnesAreNotDefined()
    {
        for (final int cmd : new int[] {0, -1, Ioctl.TIOC_BASE, Ioctl.TIOCBAUD | 0x10000, Ioctl.GPIO_BASE | 0x7F,
            Integer.MIN_VALUE, Integer.MAX_VALUE})
        {
            assertFalse(Ioctl.isDefined(cmd), Integer.toHexString(cmd));
        }
        assertFalse(Ioctl.isBuiltInFamily(Ioctl.NO_FAMILY));
        assertFalse(Ioctl.isBuiltInFamily(0x4400));
    }
}
