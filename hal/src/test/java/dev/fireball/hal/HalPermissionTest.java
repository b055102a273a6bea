package dev.fireball.hal;

import static dev.fireball.hal.OpenFlags.O_NONBLOCK;
import static dev.fireball.hal.OpenFlags.O_RDONLY;
import static dev.fireball.hal.OpenFlags.O_RDWR;
import static dev.fireball.hal.OpenFlags.O_WRONLY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fireball.hal.support.Rig;
import dev.fireball.kernel.Coroutine;
import dev.fireball.kernel.Errno;
import dev.fireball.kernel.Scheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Grants, fd quotas, fd ownership and {@link Hal#closeAllOf}: what the module layer relies on
 * (issue 5, "Permissions"). Module 1 may use uart/0 read-write, every loop device read-only and
 * ram/0 read-write, with a quota of 3 fds; module 2 may use loop/1 read-write and ram/0, quota 8.
 */
class HalPermissionTest
{
    private static final int APP = 1;
    private static final int OTHER = 2;
    private static final int APP_QUOTA = 3;

    private final GrantTable grants = new GrantTable(16, 4, 0);
    private final Rig rig = new Rig(grants);
    private final Hal hal = rig.hal;
    private final byte[] buf = new byte[8];

    HalPermissionTest()
    {
        grants.grant(APP, DeviceType.UART, 0, O_RDWR)
            .grant(APP, rig.loopType, GrantTable.ANY_INDEX, O_RDONLY)
            .grant(APP, rig.ramType, 0, O_RDWR)
            .grant(OTHER, rig.loopType, 1, O_RDWR)
            .grant(OTHER, rig.ramType, 0, O_RDWR)
            .setQuota(APP, APP_QUOTA)
            .setQuota(OTHER, 8);
    }

    @AfterEach
    void invariantsHold()
    {
        hal.checkInvariants();
        rig.scheduler.checkInvariants();
    }

    private int as(final int module, final Rig.IntAction action)
    {
        return rig.inModule(module, action);
    }

    @Test
    void grantedDevicesOpenInTheGrantedModes()
    {
        assertTrue(as(APP, () -> hal.open("device://uart/0", O_RDWR)) > 0);
        assertTrue(as(APP, () -> hal.open("device://loop/3", O_RDONLY | O_NONBLOCK)) > 0, "ANY_INDEX covers loop/3");
        assertTrue(as(OTHER, () -> hal.open("device://loop/1", O_WRONLY)) > 0, "a narrower mode than granted");
    }

    @Test
    void ungrantedDeviceIsEacces()
    {
        assertEquals(-Errno.EACCES, as(APP, () -> hal.open("device://uart/1", O_RDWR)), "other index");
        assertEquals(-Errno.EACCES, as(APP, () -> hal.open("device://ram/1", O_RDONLY)), "other index");
        assertEquals(-Errno.EACCES, as(OTHER, () -> hal.open("device://uart/0", O_RDONLY)), "other module's grant");
        assertEquals(-Errno.EACCES, hal.open("device://uart/0", O_RDWR), "the kernel module has no grant here");
        assertEquals(0, hal.openCount());
    }

    @Test
    void ungrantedModeIsEacces()
    {
        assertEquals(-Errno.EACCES, as(APP, () -> hal.open("device://loop/0", O_WRONLY)));
        assertEquals(-Errno.EACCES, as(APP, () -> hal.open("device://loop/0", O_RDWR)));
        assertEquals(-Errno.EACCES, as(APP, () -> hal.open("device://loop/0", O_RDWR | O_NONBLOCK)));
    }

    @Test
    void malformedAndUnknownUrisAreReportedBeforePermissions()
    {
        assertEquals(-Errno.EINVAL, as(APP, () -> hal.open("device://uart/x", O_RDWR)));
        assertEquals(-Errno.ENODEV, as(APP, () -> hal.open("device://uart/7", O_RDWR)));
        assertEquals(-Errno.EINVAL, as(APP, () -> hal.open("device://uart/0", 0)), "flags first");
    }

    @Test
    void theFdQuotaOfAModuleIsEmfile()
    {
        for (int i = 0; i < APP_QUOTA; i++)
        {
            assertTrue(as(APP, () -> hal.open("device://ram/0", O_RDWR)) > 0);
        }
        assertEquals(-Errno.EMFILE, as(APP, () -> hal.open("device://ram/0", O_RDWR)));
        assertEquals(-Errno.EMFILE, as(APP, () -> hal.open("device://uart/0", O_RDWR)), "every device counts");
        assertEquals(APP_QUOTA, hal.openCountOf(APP));
        assertTrue(as(OTHER, () -> hal.open("device://ram/0", O_RDWR)) > 0, "quotas are per module");
    }

    @Test
    void aClosedFdGivesItsQuotaBack()
    {
        final int[] fds = new int[APP_QUOTA];
        for (int i = 0; i < APP_QUOTA; i++)
        {
            fds[i] = as(APP, () -> hal.open("device://ram/0", O_RDWR));
        }
        assertEquals(0, as(APP, () -> hal.close(fds[1])));
        assertTrue(as(APP, () -> hal.open("device://ram/0", O_RDWR)) > 0);
    }

    @Test
    void aQuotaOfZeroAllowsNoOpen()
    {
        grants.grant(3, DeviceType.UART, GrantTable.ANY_INDEX, O_RDWR);
        assertEquals(-Errno.EMFILE, as(3, () -> hal.open("device://uart/1", O_RDWR)), "module 3 has the default 0");
    }

    @Test
    void anotherModulesFdIsEbadfForEveryCall()
    {
        final int fd = as(OTHER, () -> hal.open("device://ram/0", O_RDWR));
        assertEquals(-Errno.EBADF, as(APP, () -> hal.read(fd, buf, 0, 1)));
        assertEquals(-Errno.EBADF, as(APP, () -> hal.write(fd, buf, 0, 1)));
        assertEquals(-Errno.EBADF, as(APP, () -> hal.seek(fd, 0, Hal.SEEK_SET)));
        assertEquals(-Errno.EBADF, as(APP, () -> hal.ioctl(fd, Ioctl.FIONBIO, 1)));
        assertEquals(-Errno.EBADF, as(APP, () -> hal.ioctl(fd, Ioctl.FIONREAD, buf, 0, 4)));
        assertEquals(-Errno.EBADF, as(APP, () -> hal.close(fd)));
        assertEquals(-Errno.EBADF, hal.close(fd), "the kernel module neither");
        assertEquals(1, hal.openCountOf(OTHER), "still open for its owner");
        assertEquals(0, as(OTHER, () -> hal.seek(fd, 0, Hal.SEEK_CUR)));
    }

    @Test
    void awaitOnAnotherModulesFdDoesNotSuspend()
    {
        final int fd = as(OTHER, () -> hal.open("device://loop/1", O_RDWR));
        final int[] retry = new int[1];
        rig.scheduler.spawnInModule(new Coroutine("snoop")
        {
            @Override
            protected int resume(final Scheduler s)
            {
                if (0 == pc)
                {
                    pc = 1;
                    return hal.awaitReadable(fd, Scheduler.FOREVER);
                }
                retry[0] = hal.read(fd, buf, 0, 1);
                return s.done(0);
            }
        }, APP, true);
        assertEquals(Scheduler.RUN_IDLE, rig.scheduler.run());
        assertEquals(-Errno.EBADF, retry[0]);
        assertEquals(0, rig.scheduler.now());
    }

    @Test
    void closeAllOfClosesEveryFdOfThatModuleOnly()
    {
        final int a1 = as(APP, () -> hal.open("device://uart/0", O_RDWR | O_NONBLOCK));
        final int a2 = as(APP, () -> hal.open("device://ram/0", O_RDWR));
        final int o1 = as(OTHER, () -> hal.open("device://ram/0", O_RDWR));
        final int o2 = as(OTHER, () -> hal.open("device://loop/1", O_RDWR | O_NONBLOCK));
        assertEquals(4, hal.openCount());
        assertEquals(2, hal.closeAllOf(APP));
        assertEquals(0, hal.openCountOf(APP));
        assertEquals(2, hal.openCountOf(OTHER));
        assertEquals(-Errno.EBADF, as(APP, () -> hal.read(a1, buf, 0, 1)));
        assertEquals(-Errno.EBADF, as(APP, () -> hal.close(a2)));
        assertEquals(3, as(OTHER, () -> hal.write(o1, HalStreamTest.bytes("abc"), 0, 3)), "others keep working");
        assertEquals(3, as(OTHER, () -> hal.write(o2, HalStreamTest.bytes("xyz"), 0, 3)));
        assertEquals(3, as(OTHER, () -> hal.read(o2, buf, 0, 8)));
        assertEquals(0, hal.closeAllOf(APP), "nothing left to close");
        assertEquals(1, hal.streamsInUse(), "the closed stream's receive ring was returned");
    }

    @Test
    void closeAllOfShutsDownDevicesWhoseLastOpenItWas()
    {
        as(APP, () -> hal.open("device://uart/0", O_RDWR));
        as(APP, () -> hal.open("device://uart/0", O_RDONLY));
        assertTrue(rig.uart.isRunning(0));
        hal.closeAllOf(APP);
        assertFalse(rig.uart.isRunning(0));
    }

    @Test
    void closeAllOfWakesTheModulesWaitersWithEbadf()
    {
        final int[] status = {1};
        rig.scheduler.spawnInModule(new Coroutine("waiter")
        {
            int fd;

            @Override
            protected int resume(final Scheduler s)
            {
                if (0 == pc)
                {
                    fd = hal.open("device://uart/0", O_RDWR);
                    pc = 1;
                    return hal.awaitReadable(fd, Scheduler.FOREVER);
                }
                status[0] = s.status();
                return s.done(0);
            }
        }, APP, true);
        rig.scheduler.runUntil(10);
        assertEquals(1, rig.scheduler.waitingCount());
        assertEquals(1, hal.closeAllOf(APP));
        rig.scheduler.run();
        assertEquals(-Errno.EBADF, status[0]);
    }

    @Test
    void aRestartedModuleOpensAgainWithFreshFdsAndQuota()
    {
        final int[] before = new int[APP_QUOTA];
        for (int i = 0; i < APP_QUOTA; i++)
        {
            before[i] = as(APP, () -> hal.open("device://ram/0", O_RDWR));
        }
        hal.closeAllOf(APP);
        for (int i = 0; i < APP_QUOTA; i++)
        {
            final int fd = as(APP, () -> hal.open("device://ram/0", O_RDWR));
            assertTrue(fd > 0);
            for (final int old : before)
            {
                assertTrue(fd != old, "a new fd never equals a closed one");
            }
        }
        for (final int old : before)
        {
            assertEquals(-Errno.EBADF, as(APP, () -> hal.write(old, buf, 0, 1)), "the old fds stay dead");
        }
    }

    @Test
    void closeAllOfKeepsTheDataOfOtherModulesStreams()
    {
        final int reader = as(OTHER, () -> hal.open("device://loop/1", O_RDONLY | O_NONBLOCK));
        final int writer = as(OTHER, () -> hal.open("device://loop/1", O_WRONLY));
        as(OTHER, () -> hal.write(writer, HalStreamTest.bytes("keep"), 0, 4));
        as(APP, () -> hal.open("device://loop/1", O_RDONLY));       // a reader of the same device in APP
        hal.closeAllOf(APP);
        final byte[] in = new byte[4];
        assertEquals(4, as(OTHER, () -> hal.read(reader, in, 0, 4)));
        assertArrayEquals(HalStreamTest.bytes("keep"), in);
        assertTrue(rig.loop.isRunning(1), "the device stays up for the remaining opens");
    }
}
