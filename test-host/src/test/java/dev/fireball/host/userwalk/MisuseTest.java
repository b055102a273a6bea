package dev.fireball.host.userwalk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.ToIntFunction;

import org.junit.jupiter.api.Test;

import dev.fireball.config.Boards;
import dev.fireball.hal.Hal;
import dev.fireball.hal.Ioctl;
import dev.fireball.hal.LoopbackDriver;
import dev.fireball.hal.ModuleGrants;
import dev.fireball.hal.OpenFlags;
import dev.fireball.kernel.Channel;
import dev.fireball.kernel.Coroutine;
import dev.fireball.kernel.Errno;
import dev.fireball.kernel.InterruptBridge;
import dev.fireball.kernel.Kernel;
import dev.fireball.kernel.ModuleSpec;
import dev.fireball.kernel.Modules;
import dev.fireball.kernel.Scheduler;
import dev.fireball.kernel.SoftInterruptLines;
import dev.fireball.kernel.VirtualClock;

/**
 * Plausible mistakes a new user makes, each checked for a clear error (a message that names the
 * call and what to do, or a documented errno) and for state left as it was.
 */
class MisuseTest
{
    private final ByteArrayOutputStream consoleBytes = new ByteArrayOutputStream();
    private final VirtualClock clock = new VirtualClock();
    private final Kernel k = Kernel.boot(Boards.byName("host"), clock, consoleBytes::write);

    private String console()
    {
        return consoleBytes.toString(StandardCharsets.US_ASCII);
    }

    /**
     * Runs {@code body} once in a coroutine. With {@code returnsDirective} the body's result is
     * returned from {@code resume} as is; otherwise it is the value of {@code done()}.
     */
    static final class Once extends Coroutine
    {
        private final ToIntFunction<Scheduler> body;
        private final boolean returnsDirective;
        int result = Integer.MIN_VALUE;

        Once(final String name, final ToIntFunction<Scheduler> body)
        {
            this(name, false, body);
        }

        Once(final String name, final boolean returnsDirective, final ToIntFunction<Scheduler> body)
        {
            super(name, 0);
            this.body = body;
            this.returnsDirective = returnsDirective;
        }

        @Override
        protected int resume(final Scheduler s)
        {
            if (0 == pc)
            {
                pc = 1;
                result = body.applyAsInt(s);
                return returnsDirective ? result : s.done(result);
            }
            return s.done(result);
        }
    }

    @Test
    void aBlockingReceiveOutsideACoroutineThrowsAndLeavesTheValueInTheRing()
    {
        final Channel ch = k.channel(4, 0);
        assertEquals(0, ch.trySend(7));

        final IllegalStateException e = assertThrows(IllegalStateException.class, () -> ch.receive(10));

        assertEquals("Channel.receive() called outside a running coroutine", e.getMessage());
        assertEquals(1, ch.size());
        assertEquals(0, ch.tryReceive(), "a try-operation is the way from boot or a bottom half");
        assertEquals(7, ch.lastReceived());
    }

    @Test
    void aTooLongMessageFaultsOnlyTheSendingModuleAndLeavesTheChannelEmpty()
    {
        final Channel ch = k.channel(4, 8);
        final Once sender = new Once("sender", true, s -> ch.send(new byte[9], 0, 9, 10));
        final Once bystander = new Once("bystander", s -> 42);
        final int bad = k.create(k.module("bad", sender));
        final int good = k.create(k.module("good", bystander));
        k.seal();
        k.modules.start(bad);
        k.modules.start(good);

        assertEquals(Scheduler.RUN_IDLE, k.scheduler.run());

        assertEquals(Modules.STOPPED, k.modules.state(bad));
        final Throwable fault = k.modules.lastFault(bad);
        assertInstanceOf(IllegalArgumentException.class, fault);
        assertTrue(fault.getMessage().contains("messageBytes=8") && fault.getMessage().contains("len=9"), fault.getMessage());
        assertEquals(0, ch.size());
        assertEquals(0, ch.waitingSenders());
        assertEquals(42, bystander.result);
        assertEquals(Modules.RUNNING, k.modules.state(good));
    }

    @Test
    void openingAnUngrantedDeviceIsEaccesAndPastTheFdQuotaEmfileAndNothingStaysOpen()
    {
        final ModuleGrants grants = new ModuleGrants(k.modules);
        final Hal hal = Hal.forBoard(k.scheduler, grants, k.config);
        hal.addType("loop", Ioctl.NO_FAMILY);
        hal.register("device://loop/*", new LoopbackDriver(2));
        final int[] r = new int[4];
        final Once app = new Once("app", s -> {
            r[0] = hal.open("device://loop/1", OpenFlags.O_WRONLY);   // granted: loop/0 only
            r[1] = hal.open("device://loop/0", OpenFlags.O_RDWR);     // granted write only
            r[2] = hal.open("device://loop/0", OpenFlags.O_WRONLY);   // fine
            r[3] = hal.open("device://loop/0", OpenFlags.O_WRONLY);   // over maxFds(1)
            return 0;
        });
        final int m = k.create(k.module("app", app).maxFds(1).grant("device://loop/0", ModuleSpec.WRITE));
        grants.bind(hal);
        hal.seal();
        k.seal();
        k.modules.start(m);

        k.scheduler.run();

        assertEquals(-Errno.EACCES, r[0]);
        assertEquals(-Errno.EACCES, r[1]);
        assertTrue(r[2] > 0, "fd " + r[2]);
        assertEquals(-Errno.EMFILE, r[3]);
        assertEquals(1, hal.openCountOf(m), "only the granted open holds an fd (the module finished without closing it)");
        assertEquals(Modules.RUNNING, k.modules.state(m));
    }

    @Test
    void creatingModulesOrChannelsAfterSealThrowsAndChangesNothingButSpawningIntoARunningModuleIsFine()
    {
        final Once init = new Once("init", s -> 0);
        final int m = k.create(k.module("m", init));
        k.seal();

        final IllegalStateException create = assertThrows(IllegalStateException.class,
            () -> k.create(k.module("late", new Once("late", s -> 0))));
        final IllegalStateException channel = assertThrows(IllegalStateException.class, () -> k.channel(4, 0));
        assertEquals("kernel is sealed: cannot create module 'late' after boot", create.getMessage());
        assertEquals("Kernel.channel() after seal(): kernel objects are created at boot", channel.getMessage());
        assertEquals(2, k.modules.count(), "the kernel and m");
        assertEquals(0, k.channelCount());

        // A module not started yet refuses spawns with ESRCH (a value, counted), and changes nothing else.
        final Once worker = new Once("worker", s -> 7);
        assertEquals(-Errno.ESRCH, k.scheduler.spawnInModule(worker, m, false));
        assertEquals(1, k.scheduler.spawnRejectedCount());
        assertEquals(0, k.scheduler.liveCount());
        // Started, the same module takes more coroutines after seal (objects made at boot, reused).
        assertTrue(k.modules.start(m) > 0);
        final int h = k.scheduler.spawnInModule(worker, m, false);
        assertTrue(h > 0);
        k.scheduler.run();
        assertEquals(Scheduler.COMPLETED, k.scheduler.outcomeOf(h));
        assertEquals(7, k.scheduler.valueOf(h));
    }

    @Test
    void aChannelPastTheOwnersQuotaNamesTheModuleAndChargesNothing()
    {
        final int m = k.create(k.module("m", new Once("init", s -> 0)).maxChannels(1));
        k.channel(m, 4, 0);

        final IllegalStateException e = assertThrows(IllegalStateException.class, () -> k.channel(m, 4, 0));

        assertEquals("module 'm' (id 1) already owns 1 channels, its maxChannels quota; raise maxChannels in its ModuleSpec",
            e.getMessage());
        assertEquals(1, k.channelCount());
        assertEquals(1, k.modules.channels(m));
        final IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> k.channel(9, 4, 0));
        assertTrue(unknown.getMessage().contains("no module 9"), unknown.getMessage());
    }

    /** The boot steps before bind: a HAL over {@code grants} with a loopback device type and driver. */
    private Hal halWithLoopback(final ModuleGrants grants)
    {
        final Hal hal = Hal.forBoard(k.scheduler, grants, k.config);
        hal.addType("loop", Ioctl.NO_FAMILY);
        hal.register("device://loop/*", new LoopbackDriver(1));
        return hal;
    }

    /** A module granted {@code device://loop/0} for writing, whose init opens it once. */
    private ModuleSpec loopWriter(final String name, final Hal hal)
    {
        return k.module(name, new Once("opener", s -> hal.open("device://loop/0", OpenFlags.O_WRONLY)))
            .grant("device://loop/0", ModuleSpec.WRITE);
    }

    @Test
    void aForgottenBindFailsAtHalSealNamingTheStepAndSealsNothing()
    {
        final ModuleGrants grants = new ModuleGrants(k.modules);
        final Hal hal = halWithLoopback(grants);
        k.create(loopWriter("m", hal));

        // Wrong order: no bind before Hal.seal(). It fails here, at boot, not at the module's first open.
        final IllegalStateException e = assertThrows(IllegalStateException.class, hal::seal);
        assertTrue(e.getMessage().startsWith("Hal.seal(): ModuleGrants.bind(hal) was not called"), e.getMessage());
        assertFalse(hal.isSealed(), "a refused seal seals nothing");
        grants.bind(hal); // the fix
        hal.seal();
        assertTrue(hal.isSealed());
    }

    @Test
    void bindingGrantsAfterKernelSealSaysWhereTheBindBelongs()
    {
        final ModuleGrants grants = new ModuleGrants(k.modules);
        final Hal hal = Hal.forBoard(k.scheduler, grants, k.config);
        k.seal();

        final IllegalStateException e = assertThrows(IllegalStateException.class, () -> grants.bind(hal));
        assertTrue(e.getMessage().startsWith("ModuleGrants.bind(hal) after Kernel.seal(): bind at boot"), e.getMessage());
    }

    @Test
    void aModuleCreatedAfterBindFailsAtHalSeal()
    {
        final ModuleGrants grants = new ModuleGrants(k.modules);
        final Hal hal = halWithLoopback(grants);
        grants.bind(hal);
        k.create(loopWriter("late", hal));

        final IllegalStateException e = assertThrows(IllegalStateException.class, hal::seal);
        assertEquals("Hal.seal(): module 'late' (1) was created after ModuleGrants.bind(hal): its grants were never read; "
            + "create modules before bind", e.getMessage());
    }

    @Test
    void aModuleCreatedAfterHalSealStillFaultsAtItsFirstOpenNamingTheMistake()
    {
        final ModuleGrants grants = new ModuleGrants(k.modules);
        final Hal hal = halWithLoopback(grants);
        grants.bind(hal);
        hal.seal();
        final int late = k.create(loopWriter("late", hal));
        k.seal();
        k.modules.start(late);

        k.scheduler.run();

        assertEquals(Modules.STOPPED, k.modules.state(late));
        assertEquals("module 'late' (1) was created after ModuleGrants.bind(hal): its grants were never read; "
            + "create modules before bind", k.modules.lastFault(late).getMessage());
    }

    @Test
    void twoDirectivesInOneResumeFaultTheCoroutineWithAMessageThatSaysWhatToDo()
    {
        final Channel ch = k.channel(4, 0);
        final Once twice = new Once("twice", s -> {
            ch.receive(5);
            return ch.receive(5);
        });
        final int h = k.scheduler.spawn(twice);
        k.seal();

        k.scheduler.run();

        assertEquals(Scheduler.FAILED, k.scheduler.outcomeOf(h));
        assertEquals("coroutine 'twice' (handle " + h + ") issued Channel.receive() after another directive in the "
            + "same resume; return the first one", k.scheduler.faultOf(h).getMessage());
        assertEquals(0, ch.waitingReceivers());
    }

    @Test
    void aCoroutineThatStopsItsOwnModuleFaultsItWithTheReasonRecorded()
    {
        final int[] self = new int[1];
        final int m = k.create(k.module("selfish", new Once("stopper", s -> k.modules.stop(self[0]))));
        self[0] = m;
        k.seal();
        k.modules.start(m);

        k.scheduler.run();

        assertEquals(Modules.STOPPED, k.modules.state(m));
        assertTrue(k.modules.lastFault(m).getMessage().contains("stops its own module"), k.modules.lastFault(m).getMessage());
    }

    @Test
    void aModuleNeverStartedIsNeverRunAndTheEndOfTheRunNamesIt()
    {
        final Once init = new Once("forgotten", s -> 1);
        final int m = k.create(k.module("forgotten", init));
        k.seal();

        assertEquals(Scheduler.RUN_IDLE, k.scheduler.run());

        assertEquals(Modules.CREATED, k.modules.state(m));
        assertEquals(Integer.MIN_VALUE, init.result);
        // Was silent until the fifth stop of 2026-11-23: the run just ended, having done nothing.
        assertEquals("run ended at tick 0: nothing left to run\nmodule 'forgotten' (id " + m
            + ") was created but never started: call modules.start(id) after seal()\n", console());
    }

    @Test
    void anInitThatReturnsFailIsNoFaultSoTheRestartPolicyNeverRunsButItIsReported()
    {
        final Once init = new Once("init", true, s -> s.fail(-Errno.ENODEV));
        final int m = k.create(k.module("sensor", init).restart(3, 1_000));
        k.seal();
        final int h = k.modules.start(m);

        k.scheduler.run();

        // Only a throw (or a forged directive) faults a module; fail() just ends the coroutine.
        assertEquals(Modules.RUNNING, k.modules.state(m));
        assertEquals(0, k.modules.faults(m));
        assertEquals(0, k.modules.restarts(m));
        assertEquals(0, k.modules.liveCoroutines(m));
        assertEquals(-Errno.ESRCH, k.scheduler.stateOf(h), "the init is detached: its outcome is gone");
        assertEquals("module 'sensor' (1) init ended with fail(-19): no fault, the policy does not run; 0 coroutines left\n",
            console(), "but the code nobody could join for is reported");
    }

    @Test
    void aBottomHalfThatUsesABlockingSendIsCountedReportedAndTheValueNotSent()
    {
        final Channel ch = k.channel(4, 0);
        final SoftInterruptLines lines = new SoftInterruptLines(clock);
        final InterruptBridge bridge = k.bridge(lines);
        bridge.register(3, line -> ch.send(1, 10)); // meant: ch.trySend(1)
        k.seal();
        lines.raise(1 << 3);

        k.scheduler.runUntil(10);

        assertEquals(1, bridge.bottomHalfFaultCount());
        assertEquals("Channel.send() called outside a running coroutine", bridge.lastBottomHalfFault().getMessage());
        assertEquals(0, ch.size());
        assertEquals("fault: bottom half of interrupt line 3 (its first; later ones are only counted): "
            + "java.lang.IllegalStateException: Channel.send() called outside a running coroutine\n", console(),
            "reported as a coroutine fault is");
    }
}
