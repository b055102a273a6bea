package dev.fireball.host.driverwalk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fireball.config.Boards;
import dev.fireball.hal.Driver;
import dev.fireball.hal.Hal;
import dev.fireball.hal.ModuleGrants;
import dev.fireball.hal.OpenFlags;
import dev.fireball.host.example.FixedConsole;
import dev.fireball.kernel.Coroutine;
import dev.fireball.kernel.Kernel;
import dev.fireball.kernel.ModuleSpec;
import dev.fireball.kernel.Modules;
import dev.fireball.kernel.Scheduler;
import dev.fireball.kernel.VirtualClock;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What happens when a driver callback throws: who is told, what is contained, what leaks. */
class DriverFaultTest
{
    @Test
    void aBottomHalfThatThrowsIsReportedOnceCountedAndTheOthersGoOn()
    {
        final UartRig rig = new UartRig().start();
        rig.usart.peerSends("abc".getBytes(StandardCharsets.US_ASCII), 10, 0);
        rig.runTo(9);
        rig.driver.faultInNextBottomHalf = true;
        rig.runTo(19);
        rig.usart.peerSends("xyz".getBytes(StandardCharsets.US_ASCII), 20, 0);
        rig.driver.faultInNextBottomHalf = true;
        rig.runTo(30);

        assertEquals(2, rig.bridge.bottomHalfFaultCount());
        assertEquals(UsartDriver.PARITY, rig.bridge.lastBottomHalfFault());
        final String console = rig.console.text();
        assertTrue(console.contains("fault: bottom half of interrupt line 3 (its first; later ones are only counted): "),
            console);
        assertTrue(console.contains("usart0: parity error in the bottom half"), console);
        assertEquals(1, console.split("fault:", -1).length - 1, "the second fault of the line is only counted");
        // Contained: both modules run on, later bytes arrive at their ticks.
        assertEquals("bcyz", rig.monitor.seen.text());
        assertArrayEquals(new long[] {11, 12, 21, 22}, rig.monitor.seen.ticks());
        assertEquals(Modules.RUNNING, rig.k.modules.state(rig.monitorModule));
        assertEquals(0, rig.k.modules.faults(rig.monitorModule) + rig.k.modules.faults(rig.shellModule));
        // Friction (reported): the two bytes the faulting bottom half took from DATAR are gone without
        // a trace on any stream, and the report names a line, not the driver or device.
        assertEquals(0, rig.monitor.overruns);
        assertTrue(!console.contains("uart/0"), console);
    }

    @Test
    void aWriteThatThrowsFaultsOnlyTheCallingModuleAndTheDeviceStaysUp()
    {
        final UartRig rig = new UartRig().start();
        rig.usart.peerSends(UartRig.PING, 10, 30);
        rig.driver.faultInWrite = true;
        rig.runTo(14);
        rig.driver.faultInWrite = false;
        rig.runTo(69);

        assertEquals(1, rig.k.modules.faults(rig.shellModule));
        assertEquals(1, rig.k.modules.restarts(rig.shellModule));
        assertEquals(UsartDriver.WRITE_BUG, rig.k.modules.lastFault(rig.shellModule));
        assertTrue(rig.console.text().contains("fault: coroutine 'shell'"), rig.console.text());
        assertEquals(1, rig.driver.closes, "the faulted module's open was closed at its stop");
        assertEquals(3, rig.driver.opens, "shell, monitor, restarted shell");
        assertEquals(1, rig.driver.setups, "the monitor kept the device open: no shutdown, no second setup");
        assertEquals(0, rig.driver.shutdowns);
        assertEquals("ping\nping\n", rig.monitor.seen.text(), "the other module saw every byte");
        assertEquals("ACK 2: 0123456789abcdef\n", rig.usart.wire.text(), "the restarted shell answered the second ping");
        assertEquals(2, rig.hal.openCount());
    }

    /** A STREAM driver whose callbacks throw on demand. */
    static final class BrittleDriver extends Driver
    {
        static final IllegalStateException BOOM = new IllegalStateException("brittle: driver bug")
        {
            @Override
            public synchronized Throwable fillInStackTrace()
            {
                return this;
            }
        };

        boolean throwInSetup;
        boolean throwInClose;
        int setups;
        int shutdowns;
        int opens;
        int closes;

        BrittleDriver()
        {
            super(1, STREAM);
        }

        @Override
        public int setup(final int minor)
        {
            setups++;
            if (throwInSetup)
            {
                throw BOOM;
            }
            return 0;
        }

        @Override
        public void shutdown(final int minor)
        {
            shutdowns++;
        }

        @Override
        public int open(final int stream, final int minor, final int oflags)
        {
            opens++;
            return 0;
        }

        @Override
        public int close(final int stream, final int minor)
        {
            closes++;
            if (throwInClose)
            {
                throw BOOM;
            }
            return 0;
        }
    }

    /** Opens device://uart/0, then throws if {@code faultAfterOpen} (a module's own bug). */
    static final class Opener extends Coroutine
    {
        private final Hal hal;
        boolean faultAfterOpen;
        int fd = 1;

        Opener(final String name, final Hal hal)
        {
            super(name);
            this.hal = hal;
        }

        @Override
        protected int resume(final Scheduler s)
        {
            fd = hal.open("device://uart/0", OpenFlags.O_RDONLY);
            if (faultAfterOpen)
            {
                throw new IllegalStateException("module bug after open");
            }
            return s.done(fd);
        }
    }

    private static final class Board
    {
        final Kernel k = Kernel.boot(Boards.byName("host"), new VirtualClock(), new FixedConsole());
        final ModuleGrants grants = new ModuleGrants(k.modules);
        final Hal hal = Hal.forBoard(k.scheduler, grants, k.config);
        final BrittleDriver driver = new BrittleDriver();
        final Opener opener = new Opener("opener", hal);
        final Opener bystander = new Opener("bystander", hal);
        final int m;
        final int other;

        Board()
        {
            hal.register("device://uart/*", driver);
            m = k.create(k.module("m", opener).maxFds(1).grant("device://uart/0", ModuleSpec.READ).stopOnFault());
            other = k.create(k.module("other", bystander).maxFds(1).grant("device://uart/0", ModuleSpec.READ));
            grants.bind(hal);
            hal.seal();
            k.seal();
        }
    }

    /**
     * A driver close() that throws while a module stops is contained: the stop finishes (module
     * STOPPED, fd closed, device shut down), the fault is reported and counted, and the run loop
     * goes on. (It used to escape Scheduler.runUntil with the stop half done.)
     */
    @Test
    void aCloseThatThrowsWhileAModuleStopsIsContainedAndReported()
    {
        final Board b = new Board();
        b.opener.faultAfterOpen = true;
        b.driver.throwInClose = true;
        b.k.modules.start(b.m);

        assertEquals(Scheduler.RUN_IDLE, b.k.scheduler.runUntil(10), "the run loop ends normally");

        assertEquals(1, b.k.modules.faults(b.m));
        assertEquals(Modules.STOPPED, b.k.modules.state(b.m), "the stop finished");
        assertEquals(0, b.hal.openCount(), "its fd is closed");
        assertEquals(0, b.hal.streamsInUse());
        assertEquals(1, b.driver.shutdowns, "and the device shut down on its last close");
        assertEquals(1, b.hal.stopCloseFaultCount());
    }

    /**
     * Hal.open undoes its fd and streaming slot when the driver's setup (or open) throws: the
     * throw faults the caller, and the next open finds the device closed and sets it up again.
     * (The fd used to leak for good, and the next open skipped setup.)
     */
    @Test
    void aSetupThatThrowsInAKernelCoroutineLeavesNothingAndTheNextOpenSetsUpAgain()
    {
        final Board b = new Board();
        b.driver.throwInSetup = true;
        final Opener first = new Opener("first", b.hal);
        b.k.scheduler.spawnDetached(first);
        b.k.scheduler.runUntil(1);

        assertEquals(1, b.k.scheduler.failedCount(), "the kernel coroutine faulted");
        assertEquals(0, b.hal.openCount(), "no fd left behind");
        assertEquals(0, b.hal.streamsInUse(), "nor its streaming slot");

        b.driver.throwInSetup = false;
        final Opener second = new Opener("second", b.hal);
        b.k.scheduler.spawnDetached(second);
        b.k.scheduler.runUntil(2);

        assertTrue(second.fd > 0, "the second open succeeds...");
        assertEquals(2, b.driver.setups, "...and powers the device up");
        assertEquals(1, b.driver.opens);
    }

    /**
     * In a guest module the throw faults the module; the driver sees neither a close nor a shutdown
     * for an open that never succeeded (as when setup returns an error), and the next first open
     * powers the device up.
     */
    @Test
    void aSetupThatThrowsInAModuleFaultsItAndLeavesTheDriverClosed()
    {
        final Board b = new Board();
        b.driver.throwInSetup = true;
        b.k.modules.start(b.m);
        b.k.scheduler.runUntil(1);

        assertEquals(1, b.k.modules.faults(b.m));
        assertEquals(Modules.STOPPED, b.k.modules.state(b.m));
        assertEquals(0, b.hal.openCount());
        assertEquals(0, b.driver.closes, "no close() of an open whose open() never ran");
        assertEquals(0, b.driver.shutdowns, "no shutdown() after a setup() that failed");
        assertEquals(0, b.driver.opens);

        b.driver.throwInSetup = false;
        b.k.modules.start(b.other);
        b.k.scheduler.runUntil(2);
        assertTrue(b.bystander.fd > 0);
        assertEquals(2, b.driver.setups, "the next first open powers it up");
    }
}
