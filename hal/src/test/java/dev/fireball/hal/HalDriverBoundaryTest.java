package dev.fireball.hal;

import static dev.fireball.hal.OpenFlags.O_NONBLOCK;
import static dev.fireball.hal.OpenFlags.O_RDONLY;
import static dev.fireball.hal.OpenFlags.O_RDWR;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fireball.hal.support.CountingDriver;
import dev.fireball.hal.support.Rig;
import dev.fireball.kernel.Errno;
import dev.fireball.kernel.Scheduler;
import dev.fireball.kernel.VirtualClock;
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
    /** A lower half with a bug: its bottom half delivers to (and signals) minor {@code pending}. */
    static final class StrayDriver extends Driver
    {
        StrayDriver()
        {
            super(1, STREAM_RX_RING);
        }

        @Override
        public void bottomHalf(final int minor, final int pending)
        {
            deliver(pending, new byte[] {9}, 0, 1);
            signalReady(pending, POLLIN | POLLOUT);
        }
    }

    @Test
    void aDriverDeliveringToAMinorOutsideItsRangeReachesNoOtherDriversReaders()
    {
        // Device ids are driverId << 16 | minor: minor 0x10000 of driver 0 would be minor 0 of driver 1.
        final Scheduler s = new Scheduler(4, new VirtualClock(), (b, o, l) -> { });
        final Hal h = new Hal(s, PermissiveGrants.INSTANCE);
        final StrayDriver stray = new StrayDriver();
        final LoopbackDriver uart = new LoopbackDriver(1);
        assertEquals(0, h.register("device://timer/0", stray));
        assertEquals(1, h.register("device://uart/0", uart));
        h.seal();
        final int reader = h.open("device://uart/0", O_RDONLY | O_NONBLOCK);
        h.bottomHalf(stray.id(), 0, 0x10000);
        assertEquals(0, h.ioctl(reader, Ioctl.FIONREAD, 0), "uart/0 received timer's stray byte");
        assertEquals(0, h.ioctl(reader, Ioctl.FIOC_OVERRUNS, 0));
        h.checkInvariants();
    }

    @Test
    void aBottomHalfForAMinorTheDriverDoesNotServeIsIgnoredLikeAnUnknownDriver()
    {
        final CountingDriver irq = new CountingDriver(2, Driver.STREAM);
        final int id = hal.register("device://timer/*", irq);
        hal.seal();
        hal.bottomHalf(id, 2, 1);
        hal.bottomHalf(id, -1, 1);
        assertEquals(0, irq.bottomHalves, "the driver was handed a minor it does not serve");
        hal.bottomHalf(id, 1, 4);
        assertEquals(1, irq.bottomHalves);
        assertEquals(4, irq.lastPending);
    }

    /** A STREAM driver whose bottom half delivers into receive rings its opens do not have. */
    static final class RinglessDriver extends Driver
    {
        RinglessDriver()
        {
            super(1, STREAM);
        }

        @Override
        public void bottomHalf(final int minor, final int pending)
        {
            deliver(minor, new byte[] {1}, 0, 1);
        }
    }

    @Test
    void aDriverWithoutReceiveRingsThatDeliversFailsLoudlyInsteadOfLosingTheBytes()
    {
        final Scheduler s = new Scheduler(4, new VirtualClock(), (b, o, l) -> { });
        final Hal h = new Hal(s, PermissiveGrants.INSTANCE);
        final RinglessDriver driver = new RinglessDriver();
        h.register("device://timer/0", driver);
        h.seal();
        final IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
            () -> driver.bottomHalf(0, 1));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("not STREAM_RX_RING"), e.getMessage());
    }

    @Test
    void moreStreamingSlotsThanFdsAreRefusedAtBoot()
    {
        final Scheduler s = new Scheduler(4, new VirtualClock(), (b, o, l) -> { });
        final IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> new Hal(s, PermissiveGrants.INSTANCE, 4, 5, 64, 8, 8));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("maxStreams=5, maxFds=4"), e.getMessage());
        new Hal(s, PermissiveGrants.INSTANCE, 4, 4, 64, 8, 8); // as many is fine
    }
}
