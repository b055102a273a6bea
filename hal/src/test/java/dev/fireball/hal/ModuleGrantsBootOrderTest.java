package dev.fireball.hal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fireball.kernel.Console;
import dev.fireball.kernel.ModuleSpec;
import dev.fireball.kernel.Modules;
import dev.fireball.kernel.Scheduler;
import dev.fireball.kernel.Trace;
import dev.fireball.kernel.VirtualClock;
import org.junit.jupiter.api.Test;

/** ModuleGrants reads the manifests once, at bind: a boot order that would lose grants must be loud. */
class ModuleGrantsBootOrderTest
{
    private static final Console QUIET = (buf, off, len) -> { };

    private final Scheduler s = new Scheduler(8, new VirtualClock(), QUIET);
    private final Modules modules = new Modules(s, new Trace(64), QUIET, 4);
    private final ModuleGrants grants = new ModuleGrants(modules);
    private final Hal hal = new Hal(s, grants);

    @Test
    void aModuleCreatedAfterBindIsAProgrammingErrorNotASilentEacces()
    {
        hal.register("device://uart/*", new LoopbackDriver(1));
        grants.bind(hal);
        final int late = modules.create(new ModuleSpec("late", new dev.fireball.kernel.Coroutine("late")
        {
            @Override
            protected int resume(final Scheduler sched)
            {
                return sched.park(Scheduler.FOREVER);
            }
        }).heap(1024).frameBytes(64).maxFds(2).grant("device://uart/0", ModuleSpec.READ));
        modules.start(late);
        // Its manifest grants uart/0 for reading, but bind never read it: answering false would make
        // every open of the module -EACCES with nothing to say why.
        final IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> grants.allows(late, DeviceType.UART, 0, OpenFlags.O_RDONLY));
        assertTrue(e.getMessage().contains("'late'") && e.getMessage().contains("bind"), e.getMessage());
    }

    /** The same mistake, and a forgotten bind, now fail at boot: Hal.seal() checks the grants first. */
    @Test
    void halSealRefusesAForgottenBindOrAModuleCreatedAfterItAndSealsNothing()
    {
        hal.register("device://uart/*", new LoopbackDriver(1));
        final IllegalStateException unbound = assertThrows(IllegalStateException.class, hal::seal);
        assertTrue(unbound.getMessage().contains("ModuleGrants.bind(hal) was not called"), unbound.getMessage());
        assertFalse(hal.isSealed());

        grants.bind(hal);
        modules.create(new ModuleSpec("late", new dev.fireball.kernel.Coroutine("late")
        {
            @Override
            protected int resume(final Scheduler sched)
            {
                return sched.park(Scheduler.FOREVER);
            }
        }).heap(1024).frameBytes(64).grant("device://uart/0", ModuleSpec.READ));
        final IllegalStateException late = assertThrows(IllegalStateException.class, hal::seal);
        assertTrue(late.getMessage().contains("module 'late' (1) was created after ModuleGrants.bind(hal)"),
            late.getMessage());
        assertFalse(hal.isSealed());
        final Hal other = new Hal(s, grants);
        assertTrue(assertThrows(IllegalStateException.class, other::seal).getMessage().contains("another HAL"));
    }

    @Test
    void aModuleWithoutGrantsMayComeAfterBind()
    {
        grants.bind(hal);
        modules.create(new ModuleSpec("plain", new dev.fireball.kernel.Coroutine("plain")
        {
            @Override
            protected int resume(final Scheduler sched)
            {
                return sched.park(Scheduler.FOREVER);
            }
        }).heap(1024).frameBytes(64));
        hal.seal();
        assertTrue(hal.isSealed());
    }

    /**
     * bind(null) was taken as a bind: Hal.seal() then said bind was never called, and the first
     * module stop threw a NullPointerException from the stop listener, half-way through the stop.
     */
    @Test
    void bindWithoutAHalIsRefusedAndChangesNothing()
    {
        final int m = modules.create(new ModuleSpec("m", new dev.fireball.kernel.Coroutine("m")
        {
            @Override
            protected int resume(final Scheduler sched)
            {
                return sched.park(Scheduler.FOREVER);
            }
        }).heap(1024).frameBytes(64));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> grants.bind(null));
        assertTrue(e.getMessage().contains("ModuleGrants.bind(null)"), e.getMessage());
        modules.start(m);
        assertEquals(1, modules.stop(m), "no stop listener was left behind");
        assertEquals(Modules.STOPPED, modules.state(m));
        grants.bind(hal);
        hal.seal();
        assertTrue(hal.isSealed());
    }

    @Test
    void bindAfterTheKernelIsSealedSaysWhereItBelongs()
    {
        modules.seal();
        final IllegalStateException e = assertThrows(IllegalStateException.class, () -> grants.bind(hal));
        assertTrue(e.getMessage().startsWith("ModuleGrants.bind(hal) after Kernel.seal()"), e.getMessage());
    }
}
