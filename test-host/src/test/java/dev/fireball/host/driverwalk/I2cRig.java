package dev.fireball.host.driverwalk;

import dev.fireball.config.Boards;
import dev.fireball.hal.Hal;
import dev.fireball.hal.Ioctl;
import dev.fireball.hal.ModuleGrants;
import dev.fireball.hal.OpenFlags;
import dev.fireball.host.example.FixedConsole;
import dev.fireball.kernel.Coroutine;
import dev.fireball.kernel.Errno;
import dev.fireball.kernel.InterruptBridge;
import dev.fireball.kernel.Kernel;
import dev.fireball.kernel.ModuleSpec;
import dev.fireball.kernel.Scheduler;
import dev.fireball.kernel.SoftInterruptLines;
import dev.fireball.kernel.VirtualClock;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * A host board with an I2C master ({@link TwimModel} + {@link TwimDriver}) on interrupt line 5 and
 * two TMP102s on its bus (0x48 at 25.0625 °C, 0x4A at 30.5 °C); module {@code thermo} may open
 * {@code device://i2c/0} read-write (2 fds), module {@code other} only {@code device://uart/0}.
 */
final class I2cRig
{
    static final int IRQ_LINE = 5;

    final VirtualClock clock = new VirtualClock();
    final FixedConsole console = new FixedConsole();
    final Kernel k;
    final Hal hal;
    final InterruptBridge bridge;
    final TwimModel.Tmp102 sensor48 = new TwimModel.Tmp102(0x48, 25.0625);
    final TwimModel.Tmp102 sensor4a = new TwimModel.Tmp102(0x4A, 30.5);
    final TwimModel twim;
    private final LongConsumer hardware;
    final TwimDriver driver;
    final int thermo;
    final int other;

    /** @param thermoInit makes the init of module thermo from the HAL; {@code otherInit} of module other */
    I2cRig(final Function<Hal, Coroutine> thermoInit, final Function<Hal, Coroutine> otherInit)
    {
        k = Kernel.boot(Boards.byName("host"), clock, console);
        final ModuleGrants grants = new ModuleGrants(k.modules);
        hal = Hal.forBoard(k.scheduler, grants, k.config);
        final SoftInterruptLines lines = new SoftInterruptLines(clock);
        bridge = k.bridge(lines);
        twim = new TwimModel(lines, IRQ_LINE, sensor48, sensor4a);
        hardware = twim::tick; // made once: a method reference per runTo would allocate
        driver = new TwimDriver(twim, k.config.maxFds, k.scheduler);
        final int id = hal.register("device://i2c/*", driver);
        hal.routeInterrupt(bridge, IRQ_LINE, id, 0);
        thermo = k.create(k.module("thermo", thermoInit.apply(hal)).maxFds(2).maxCoroutines(2)
            .grant("device://i2c/0", ModuleSpec.READ | ModuleSpec.WRITE).stopOnFault());
        other = k.create(k.module("other", otherInit.apply(hal)).maxFds(1).grant("device://uart/0", ModuleSpec.READ));
        grants.bind(hal);
        hal.seal();
        k.seal();
    }

    I2cRig start()
    {
        k.modules.start(thermo);
        k.modules.start(other);
        k.scheduler.runUntil(clock.now());
        return this;
    }

    /** Runs to {@code target} in lock-step with the device model ({@link Lockstep}). */
    void runTo(final long target)
    {
        Lockstep.runTo(k.scheduler, clock, target, hardware);
    }

    /**
     * Opens {@code device://i2c/0}, probes some ioctls, sets the target address, writes the pointer
     * register ({@code 0x00}, temperature, or {@code 0x01}, configuration), reads the 2-byte
     * register, closes, and reads the closed fd. Every result is kept with its tick.
     */
    static final class ThermoClient extends Coroutine
    {
        static final int P_READ_BEFORE_ADDR = 0;
        static final int P_FREQ_400K = 1;
        static final int P_FREQ_BAD = 2;
        static final int P_SPI_MODE = 3;
        static final int P_UNDEFINED_I2C = 4;
        static final int P_FIONREAD = 5;
        static final int P_STRUCTURED_EMPTY = 6;
        static final int P_ADDR_TOO_BIG = 7;
        /** What a "read register" command would be, if a driver could add one to the i2c family. */
        static final int I2C_READ_REG = Ioctl.cmd(Ioctl.I2C_BASE, 0x10);

        private final Hal hal;
        private final int address;
        private final long awaitTicks;
        final byte[] pointer;
        final byte[] rx = new byte[2];
        private final byte[] structured = new byte[4];
        /** Yield once between the pointer write and the register read (another open may take the bus). */
        boolean yieldBetween;
        /** If > 0: keep the fd and read the register again every this many ticks, for ever. */
        long repeatEvery;
        long readings;
        final int[] probes = new int[8];
        int fd = -1;
        int setAddr = 1;
        int wrote = 1;
        long wroteAt = -1;
        int read = 1;
        long readAt = -1;
        int closed = 1;
        int readAfterClose = 1;
        int waits;
        int timeoutWakes;
        int value = -1;

        ThermoClient(final String name, final Hal hal, final int address, final int register, final long awaitTicks)
        {
            super(name);
            this.hal = hal;
            this.address = address;
            this.pointer = new byte[] {(byte) register};
            this.awaitTicks = awaitTicks;
        }

        @Override
        protected int resume(final Scheduler s)
        {
            while (true)
            {
                switch (pc)
                {
                    case 0:
                        fd = hal.open("device://i2c/0", OpenFlags.O_RDWR);
                        if (fd < 0)
                        {
                            return s.done(fd);
                        }
                        probes[P_READ_BEFORE_ADDR] = hal.read(fd, rx, 0, 2);
                        probes[P_FREQ_400K] = hal.ioctl(fd, Ioctl.I2C_SET_FREQ, 400_000);
                        probes[P_FREQ_BAD] = hal.ioctl(fd, Ioctl.I2C_SET_FREQ, 123);
                        probes[P_SPI_MODE] = hal.ioctl(fd, Ioctl.SPI_SET_MODE, 0);
                        probes[P_UNDEFINED_I2C] = hal.ioctl(fd, I2C_READ_REG, 0);
                        probes[P_FIONREAD] = hal.ioctl(fd, Ioctl.FIONREAD, 0);
                        probes[P_STRUCTURED_EMPTY] = hal.ioctl(fd, Ioctl.I2C_SET_ADDR, structured, 0, 0);
                        probes[P_ADDR_TOO_BIG] = hal.ioctl(fd, Ioctl.I2C_SET_ADDR, 0x80);
                        setAddr = hal.ioctl(fd, Ioctl.I2C_SET_ADDR, address);
                        pc = 1;
                        break;
                    case 1:
                    {
                        final int n = hal.write(fd, pointer, 0, 1);
                        if (Hal.WOULD_BLOCK == n)
                        {
                            waits++;
                            pc = 11;
                            return hal.awaitWritable(fd, awaitTicks);
                        }
                        wrote = n;
                        wroteAt = s.now();
                        pc = n < 0 ? 3 : 2;
                        if (n > 0 && yieldBetween)
                        {
                            return s.yield();
                        }
                        break;
                    }
                    case 11:
                        if (-Errno.ETIMEDOUT == s.status())
                        {
                            timeoutWakes++;
                        }
                        pc = 1;
                        break;
                    case 2:
                    {
                        final int n = hal.read(fd, rx, 0, 2);
                        if (Hal.WOULD_BLOCK == n)
                        {
                            waits++;
                            pc = 12;
                            return hal.awaitReadable(fd, awaitTicks);
                        }
                        read = n;
                        readAt = s.now();
                        if (2 == n)
                        {
                            value = (rx[0] & 0xFF) << 8 | (rx[1] & 0xFF);
                            readings++;
                        }
                        if (repeatEvery > 0)
                        {
                            pc = 1;
                            return s.sleep(repeatEvery);
                        }
                        pc = 3;
                        break;
                    }
                    case 12:
                        if (-Errno.ETIMEDOUT == s.status())
                        {
                            timeoutWakes++;
                        }
                        pc = 2;
                        break;
                    case 3:
                        closed = hal.close(fd);
                        readAfterClose = hal.read(fd, rx, 0, 2);
                        return s.done(value);
                    default:
                        throw new IllegalStateException("pc " + pc);
                }
            }
        }
    }

    /** Does nothing: a module init that only needs to exist. */
    static final class Idle extends Coroutine
    {
        Idle()
        {
            super("idle");
        }

        @Override
        protected int resume(final Scheduler s)
        {
            return s.done(0);
        }
    }
}
