package dev.fireball.hal;

import static dev.fireball.hal.OpenFlags.O_NONBLOCK;
import static dev.fireball.hal.OpenFlags.O_RDONLY;
import static dev.fireball.hal.OpenFlags.O_RDWR;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fireball.hal.support.Rig;
import dev.fireball.kernel.Errno;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Where the upper half meets the shipped lower halves: what a driver is handed and what it answers. */
class HalDriverBoundaryTest
{
    private final Rig rig = Rig.unsealed();
    private final Hal hal = rig.hal;

    @AfterEach
    void invariantsHold()
    {
        hal.checkInvariants();
        rig.scheduler.checkInvariants();
    }

    @Test
    void aRamDeviceAnswersADefinedGenericCommandItDoesNotImplementWithEnotsupNotEnotty()
    {
        // docs/hal.md: ENOTTY is "command undefined, or of another device class's family"; "a defined
        // command the driver does not implement is -ENOTSUP". FIOC_OVERRUNS is defined for every device.
        hal.seal();
        final int ram = hal.open("device://ram/0", O_RDWR);
        assertEquals(-Errno.ENOTSUP, hal.ioctl(ram, Ioctl.FIOC_OVERRUNS, 0));
        assertEquals(Rig.RAM_BYTES, hal.ioctl(ram, Ioctl.FIONREAD, 0), "what it implements still works");
    }

    @Test
    void aLoopbackServingAnotherDeviceClassAnswersThatClassesDefinedCommandsWithEnotsup()
    {
        final LoopbackDriver adcLoop = new LoopbackDriver(1);
        hal.register("device://adc/0", adcLoop);
        hal.seal();
        final int fd = hal.open("device://adc/0", O_RDWR);
        assertEquals(-Errno.ENOTSUP, hal.ioctl(fd, Ioctl.ADC_SET_CHANNEL, 1), "defined, not implemented");
        assertEquals(-Errno.ENOTTY, hal.ioctl(fd, Ioctl.ANIOC_BASE | 0x77, 1), "undefined");
    }
}
