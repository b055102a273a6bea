package dev.fireball.hal;

import static dev.fireball.hal.OpenFlags.O_RDWR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fireball.hal.support.BareDriver;
import dev.fireball.hal.support.Rig;
import dev.fireball.kernel.Errno;
import org.junit.jupiter.api.Test;

/** Registration happens at boot: patterns, ranges, and nothing changes after {@link Hal#seal()}. */
class HalBootTest
{
    @Test
    void afterSealNoTypeOrDriverIsAdded()
    {
        final Rig rig = new Rig();
        assertTrue(rig.hal.isSealed());
        assertEquals(-Errno.EPERM, rig.hal.register("device://i2c/*", new BareDriver(1, Driver.STREAM)));
        assertEquals(-Errno.EPERM, rig.hal.addType("can", Ioctl.NO_FAMILY));
        assertEquals(-Errno.ENODEV, rig.hal.open("device://i2c/0", O_RDWR), "the refused driver is not reachable");
    }

    @Test
    void aWildcardPatternServesIndexesFromZeroAndAFixedOneFromItsIndex()
    {
        final Rig rig = Rig.unsealed();
        final BareDriver low = new BareDriver(2, Driver.STREAM);
        final BareDriver high = new BareDriver(3, Driver.STREAM);
        rig.hal.register("device://i2c/*", low);
        rig.hal.register("device://i2c/5", high);
        rig.hal.seal();
        assertTrue(rig.hal.open("device://i2c/1", O_RDWR) > 0);
        assertEquals(-Errno.ENODEV, rig.hal.open("device://i2c/2", O_RDWR));
        assertTrue(rig.hal.open("device://i2c/7", O_RDWR) > 0);
        assertEquals(-Errno.ENODEV, rig.hal.open("device://i2c/8", O_RDWR));
    }

    @Test
    void badRegistrationsFailLoudlyAtBoot()
    {
        final Rig rig = Rig.unsealed();
        assertThrows(IllegalArgumentException.class,
            () -> rig.hal.register("device://uart/1", new BareDriver(1, Driver.STREAM)), "overlaps uart/*");
        assertThrows(IllegalArgumentException.class,
            () -> rig.hal.register("device://nope/*", new BareDriver(1, Driver.STREAM)), "unknown type");
        assertThrows(IllegalArgumentException.class,
            () -> rig.hal.register("device://i2c/", new BareDriver(1, Driver.STREAM)), "malformed");
        assertThrows(IllegalArgumentException.class, () -> rig.hal.register("device://i2c/*", rig.uart), "twice");
        assertThrows(IllegalArgumentException.class, () -> rig.hal.addType("Upper", Ioctl.NO_FAMILY));
        assertThrows(IllegalArgumentException.class, () -> rig.hal.addType("uart", Ioctl.NO_FAMILY), "duplicate");
    }

    @Test
    void moreTypesRegisterAtBoot()
    {
        final Rig rig = Rig.unsealed();
        final int can = rig.hal.addType("can", Ioctl.NO_FAMILY);
        assertEquals(DeviceType.BUILT_IN_COUNT + 2, can, "after the built-ins and the rig's loop and ram");
        rig.hal.register("device://can/*", new BareDriver(1, Driver.STREAM));
        assertTrue(rig.hal.open("device://can/0", O_RDWR) > 0);
    }
}
