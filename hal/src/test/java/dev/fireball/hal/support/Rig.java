package dev.fireball.hal.support;

import dev.fireball.hal.DeviceGrants;
import dev.fireball.hal.Hal;
import dev.fireball.hal.Ioctl;
import dev.fireball.hal.LoopbackDriver;
import dev.fireball.hal.PermissiveGrants;
import dev.fireball.hal.RamDriver;
import dev.fireball.kernel.Coroutine;
import dev.fireball.kernel.Scheduler;
import dev.fireball.kernel.VirtualClock;

/**
 * A booted test system: a scheduler on virtual time and a HAL with
 * <ul>
 * <li>{@code device://uart/0..1} and {@code device://loop/0..3}: loopback ({@link #uart}, {@link #loop}),</li>
 * <li>{@code device://ram/0..1}: 256-byte RAM ({@link #ram}),</li>
 * <li>{@code device://gpio/0..1}: a driver with no callbacks ({@link #bare}),</li>
 * <li>{@code device://spi/0}: {@link GatedDriver} ({@link #gated}).</li>
 * </ul>
 * Sealed unless built with {@link #unsealed}.
 */
public final class Rig
{
    public static final int RAM_BYTES = 256;

    public final VirtualClock clock = new VirtualClock();
    public final StringBuilder consoleText = new StringBuilder();
    public final Scheduler scheduler;
    public final Hal hal;
    public final LoopbackDriver uart = new LoopbackDriver(2);
    public final LoopbackDriver loop = new LoopbackDriver(4);
    public final RamDriver ram = new RamDriver(2, RAM_BYTES);
    public final BareDriver bare = new BareDriver(2, dev.fireball.hal.Driver.STREAM);
    public final GatedDriver gated = new GatedDriver(1);
    public final int loopType;
    public final int ramType;

    public Rig()
    {
        this(PermissiveGrants.INSTANCE, Hal.DEFAULT_MAX_FDS, Hal.DEFAULT_MAX_STREAMS, true);
    }

    public Rig(final DeviceGrants grants)
    {
        this(grants, Hal.DEFAULT_MAX_FDS, Hal.DEFAULT_MAX_STREAMS, true);
    }

    public Rig(final DeviceGrants grants, final int maxFds, final int maxStreams, final boolean seal)
    {
        scheduler = new Scheduler(32, clock, (buf, off, len) -> consoleText.append(new String(buf, off, len)));
        hal = new Hal(scheduler, grants, maxFds, maxStreams, Hal.DEFAULT_RX_RING_BYTES, Hal.DEFAULT_MAX_TYPES,
            Hal.DEFAULT_MAX_DRIVERS);
        loopType = hal.addType("loop", Ioctl.TIOC_BASE);
        ramType = hal.addType("ram", Ioctl.NO_FAMILY);
        hal.register("device://uart/*", uart);
        hal.register("device://loop/*", loop);
        hal.register("device://ram/*", ram);
        hal.register("device://gpio/*", bare);
        hal.register("device://spi/0", gated);
        if (seal)
        {
            hal.seal();
        }
    }

    public static Rig unsealed()
    {
        return new Rig(PermissiveGrants.INSTANCE, Hal.DEFAULT_MAX_FDS, Hal.DEFAULT_MAX_STREAMS, false);
    }

    /** Runs {@code action} inside a coroutine of {@code module} and returns what it returned. */
    public int inModule(final int module, final IntAction action)
    {
        final Once once = new Once(action);
        scheduler.spawnInModule(once, module, true);
        scheduler.run();
        return once.result;
    }

    /** Body of {@link #inModule}. */
    public interface IntAction
    {
        int run();
    }

    private static final class Once extends Coroutine
    {
        private final IntAction action;
        int result;

        Once(final IntAction action)
        {
            super("once");
            this.action = action;
        }

        @Override
        protected int resume(final Scheduler s)
        {
            result = action.run();
            return s.done(result);
        }
    }
}
