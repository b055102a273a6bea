package dev.fireball.hal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fireball.kernel.Coroutine;
import dev.fireball.kernel.Errno;
import dev.fireball.kernel.ModuleSpec;
import dev.fireball.kernel.Modules;
import dev.fireball.kernel.Scheduler;
import dev.fireball.kernel.Trace;
import dev.fireball.kernel.VirtualClock;
import dev.fireball.kernel.Console;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

/** The HAL under the module layer: grants and fd quotas from each module's spec, fds closed when it stops. */
class HalModulesTest
{
    private static final Console QUIET = (buf, off, len) -> { };

    private final VirtualClock clock = new VirtualClock();
    private final Scheduler s = new Scheduler(16, clock, QUIET);
    private final Modules modules = new Modules(s, new Trace(256), QUIET, 4);
    private final ModuleGrants grants = new ModuleGrants(modules);
    private final Hal hal = new Hal(s, grants);
    private final LoopbackDriver uart = new LoopbackDriver(2);
    private final RamDriver ram = new RamDriver(1, 64);
    private final int[] a = new int[8];
    private final int[] b = new int[8];

    /** A coroutine running one body per resume: the body returns the directive. */
    private static final class Body extends Coroutine
    {
        private final ToIntFunction<Scheduler> body;

        Body(final String name, final ToIntFunction<Scheduler> body)
        {
            super(name);
            this.body = body;
        }

        @Override
        protected int resume(final Scheduler sched)
        {
            return body.applyAsInt(sched);
        }
    }

    private int moduleA;
    private int moduleB;

    private void boot(final ToIntFunction<Scheduler> bodyA, final ToIntFunction<Scheduler> bodyB)
    {
        hal.addType("ram", Ioctl.NO_FAMILY);
        hal.register("device://uart/*", uart);
        hal.register("device://ram/*", ram);
        moduleA = modules.create(new ModuleSpec("a", new Body("a-init", bodyA)).heap(1024).frameBytes(64).maxFds(2)
            .grant("device://uart/*", ModuleSpec.READ | ModuleSpec.WRITE)
            .grant("device://ram/0", ModuleSpec.READ));
        moduleB = modules.create(new ModuleSpec("b", new Body("b-init", bodyB)).heap(1024).frameBytes(64).maxFds(4)
            .grant("device://uart/0", ModuleSpec.READ));
        grants.bind(hal);
        hal.seal();
        modules.seal();
    }

    @Test
    void grantsAndQuotasComeFromTheModuleSpecs()
    {
        boot(k ->
        {
            a[0] = hal.open("device://uart/0", OpenFlags.O_RDWR);
            a[1] = hal.open("device://ram/0", OpenFlags.O_WRONLY);
            a[2] = hal.open("device://ram/0", OpenFlags.O_RDONLY);
            a[3] = hal.open("device://uart/1", OpenFlags.O_RDONLY);
            return k.park(Scheduler.FOREVER);
        }, k ->
        {
            b[0] = hal.open("device://uart/0", OpenFlags.O_RDWR);
            b[1] = hal.open("device://uart/0", OpenFlags.O_RDONLY);
            b[2] = hal.open("device://uart/1", OpenFlags.O_RDONLY);
            b[3] = hal.open("device://ram/0", OpenFlags.O_RDONLY);
            return k.park(Scheduler.FOREVER);
        });
        modules.start(moduleA);
        modules.start(moduleB);
        s.runUntil(5);
        assertTrue(a[0] >= 0, "a: uart/0 read-write granted");
        assertEquals(-Errno.EACCES, a[1], "a: ram/0 is granted for reading only");
        assertTrue(a[2] >= 0, "a: ram/0 read-only");
        assertEquals(-Errno.EMFILE, a[3], "a: fd quota of 2");
        assertEquals(-Errno.EACCES, b[0], "b: uart/0 only for reading");
        assertTrue(b[1] >= 0);
        assertEquals(-Errno.EACCES, b[2], "b: only uart/0");
        assertEquals(-Errno.EACCES, b[3], "b: no ram grant");
        assertEquals(2, hal.openCountOf(moduleA));
        assertEquals(1, hal.openCountOf(moduleB));
    }

    @Test
    void aFaultingModuleLosesItsFdsAndOthersKeepTheirStreams()
    {
        final byte[] buf = new byte[8];
        boot(k ->
        {
            a[0] = hal.open("device://uart/0", OpenFlags.O_RDWR | OpenFlags.O_NONBLOCK);
            a[1] = hal.open("device://ram/0", OpenFlags.O_RDONLY);
            throw new IllegalStateException("a crashes holding two fds");
        }, k ->
        {
            if (0 == b[7]++)
            {
                b[0] = hal.open("device://uart/0", OpenFlags.O_RDONLY | OpenFlags.O_NONBLOCK);
                return k.sleep(10);
            }
            b[1] = hal.read(b[0], buf, 0, buf.length);
            return k.done(0);
        });
        modules.start(moduleB);
        modules.start(moduleA);
        s.runUntil(2);
        assertTrue(a[0] >= 0 && a[1] >= 0);
        assertEquals(Modules.STOPPED, modules.state(moduleA));
        assertEquals(0, hal.openCountOf(moduleA), "a's fds were closed when it stopped");
        assertEquals(1, hal.openCountOf(moduleB));
        // The kernel writes to uart/0 (loopback): b's stream still receives it.
        final int fd = hal.open("device://uart/0", OpenFlags.O_WRONLY);
        assertEquals(3, hal.write(fd, new byte[] {1, 2, 3}, 0, 3));
        s.runUntil(20);
        assertEquals(3, b[1], "b read what was written after a stopped");
        assertEquals(2, buf[1]);
        assertEquals(-Errno.EBADF, hal.close(a[0]), "a's old fd is stale");
    }

    @Test
    void aGrantForAnUnknownDeviceTypeFailsAtBoot()
    {
        hal.register("device://uart/*", uart);
        modules.create(new ModuleSpec("c", new Body("c", k -> k.done(0))).grant("device://can/0", ModuleSpec.READ));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> grants.bind(hal));
        assertTrue(e.getMessage().contains("module 'c' is granted device://can/...: the HAL has no device type 'can'"),
            e.getMessage());
    }

    @Test
    void unboundGrantsAreLoudAndTheKernelMayOpenAnything()
    {
        assertTrue(grants.allows(Modules.KERNEL, DeviceType.UART, 0, OpenFlags.O_RDWR));
        assertThrows(IllegalStateException.class, () -> grants.allows(1, DeviceType.UART, 0, OpenFlags.O_RDONLY));
    }

    @Test
    void grantsCoverTypeIndexAndModeOnlyWhileTheModuleRuns()
    {
        hal.register("device://uart/*", uart);
        final int a = modules.create(new ModuleSpec("a", new Body("a", k -> k.park(Scheduler.FOREVER)))
            .grant("device://uart/*", ModuleSpec.READ)
            .grant("device://i2c/1", ModuleSpec.READ | ModuleSpec.WRITE));
        grants.bind(hal);
        assertFalse(grants.allows(a, DeviceType.UART, 0, OpenFlags.O_RDONLY), "not running yet");
        modules.start(a);
        assertTrue(grants.allows(a, DeviceType.UART, 0, OpenFlags.O_RDONLY));
        assertTrue(grants.allows(a, DeviceType.UART, 7, OpenFlags.O_RDONLY));
        assertFalse(grants.allows(a, DeviceType.UART, 0, OpenFlags.O_RDWR));
        assertTrue(grants.allows(a, DeviceType.I2C, 1, OpenFlags.O_WRONLY));
        assertFalse(grants.allows(a, DeviceType.I2C, 0, OpenFlags.O_RDONLY));
        assertFalse(grants.allows(a, DeviceType.SPI, 0, OpenFlags.O_RDONLY));
        assertTrue(grants.allows(Modules.KERNEL, DeviceType.SPI, 0, OpenFlags.O_WRONLY));
        modules.stop(a);
        assertFalse(grants.allows(a, DeviceType.UART, 0, OpenFlags.O_RDONLY), "a stopped module opens nothing");
    }
}
