package dev.fireball.host.userwalk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.fireball.kernel.AsciiSink;
import dev.fireball.kernel.Coroutine;
import dev.fireball.kernel.Modules;
import dev.fireball.kernel.Scheduler;

/**
 * The plant monitor of {@link PlantApp}, booted the way the docs describe and run in virtual time:
 * every assertion is about what the application observably did (its log on the loopback device,
 * module states, counters), at exact ticks.
 */
class PlantAppTest
{
    private static final long[] FOUR = {10, 20, 30, 40};

    /** The log of a run with four good samples, 10 ticks apart, until tick 200. */
    private static final String GOOD_LOG = ""
        + "v=10 avg=10 t=12\n"   // ADC raise at 10; the averager sleeps 2 ticks
        + "v=20 avg=15 t=22\n"
        + "v=30 avg=20 t=32\n"
        + "v=40 avg=25 t=42\n"
        + "idle t=92\n"          // select timeout of 50 ticks after the last line
        + "idle t=142\n"
        + "idle t=192\n";

    @Test
    void readingsGoFromTheInterruptThroughTheChannelToTheLog()
    {
        final PlantApp app = new PlantApp(FOUR, 10, PlantApp.CONFIG_MAGIC);

        assertEquals(Scheduler.RUN_TIME_LIMIT, app.k.scheduler.runUntil(200));

        assertEquals(GOOD_LOG, app.log());
        assertEquals(4, app.adc.interrupts);
        assertEquals(4, app.sensorMain.sent);
        assertEquals(0, app.sensorMain.dropped);
        assertEquals(1, app.sensorMain.timeouts, "100-tick event wait: one timeout between tick 40 and 200");
        assertEquals(3, app.loggerMain.idles);
        assertEquals(0, app.futures.liveCount(), "every future the logger made was released");
        assertEquals(2, app.k.scheduler.liveCount(), "sensor-main and logger-main: the detached averagers left no slot");
        assertEquals("", app.console(), "no fault, no report");
    }

    @Test
    void aGoodConfigFinishesAndItsModuleStaysRunningWithNothingOpen()
    {
        final PlantApp app = new PlantApp(FOUR, 10, PlantApp.CONFIG_MAGIC);

        app.k.scheduler.runUntil(200);

        assertEquals(Modules.RUNNING, app.k.modules.state(app.config));
        assertEquals(0, app.k.modules.liveCoroutines(app.config));
        assertEquals(1, app.configMain.runs);
        assertEquals(0, app.hal.openCountOf(app.config));
    }

    @Test
    void aBadConfigIsRestartedTwiceThenStopsAndTheOthersRunExactlyAsWithoutIt()
    {
        final PlantApp app = new PlantApp(FOUR, 10, 0xBAD);

        app.k.scheduler.runUntil(200);

        assertEquals(Modules.STOPPED, app.k.modules.state(app.config));
        assertEquals(3, app.configMain.runs, "first run plus restart(2, ...)");
        assertEquals(3, app.k.modules.faults(app.config));
        assertEquals(2, app.k.modules.restarts(app.config));
        assertEquals(0, app.hal.openCountOf(app.config), "the fd each run left open was closed at its fault");
        assertTrue(app.k.modules.lastFault(app.config).getMessage().contains("bad magic 0xbad"));
        assertTrue(app.console().contains("module 'config' (3) faulted, stopped; faults 3"), app.console());
        // Isolation: the other two modules' output and state are the fault-free run's.
        assertEquals(GOOD_LOG, app.log());
        assertEquals(0, app.k.modules.faults(app.logger));
        assertEquals(0, app.k.modules.faults(app.sensor));
    }

    @Test
    void aGlitchFaultsTheLoggerWhoseRestartGoesOnWithTheSameChannelAndANewFd()
    {
        final PlantApp app = new PlantApp(new long[] {10, PlantApp.GLITCH, 30, 40}, 10, PlantApp.CONFIG_MAGIC);

        app.k.scheduler.runUntil(200);

        // The glitch (tick 20) is lost with the incarnation that threw on it; the samples after it
        // wait in the channel and the restarted logger (history reset at pc 0) logs them.
        assertEquals(""
            + "v=10 avg=10 t=12\n"
            + "v=30 avg=30 t=32\n"
            + "v=40 avg=35 t=42\n"
            + "idle t=92\nidle t=142\nidle t=192\n", app.log());
        assertEquals(Modules.RUNNING, app.k.modules.state(app.logger));
        assertEquals(1, app.k.modules.restarts(app.logger));
        assertEquals(2, app.k.modules.incarnation(app.logger));
        assertEquals(2, app.loggerMain.incarnations);
        assertEquals(1, app.hal.openCountOf(app.logger), "the old fd was closed, the new incarnation opened its own");
        assertInstanceOf(IllegalStateException.class, app.k.modules.lastFault(app.logger));
        assertTrue(app.console().contains("coroutine 'logger-main'"), app.console());
        assertTrue(app.console().contains("sensor glitch: 0xffff"), app.console());
        // The sensor never noticed: every sample went into the channel.
        assertEquals(4, app.sensorMain.sent);
        assertEquals(0, app.k.modules.restarts(app.sensor));
        final AsciiSink trace = new AsciiSink(4096);
        app.k.trace.dump(trace);
        assertTrue(trace.toString().contains("20 module-restart  a=2 b=2"), trace.toString());
    }

    @Test
    void aStopCommandOnTheControlChannelIsLoggedAndEndsTheLogger()
    {
        final PlantApp app = new PlantApp(FOUR, 10, PlantApp.CONFIG_MAGIC);
        final StopSender stop = new StopSender(app, 100);
        app.k.scheduler.spawn(stop);

        app.k.scheduler.runUntil(200);

        assertEquals(""
            + "v=10 avg=10 t=12\nv=20 avg=15 t=22\nv=30 avg=20 t=32\nv=40 avg=25 t=42\n"
            + "idle t=92\n"
            + "stop t=100\n", app.log());
        assertEquals(0, stop.status, "the rendezvous send completed: the logger took the command");
        assertEquals(0, app.k.modules.liveCoroutines(app.logger));
        assertEquals(Modules.RUNNING, app.k.modules.state(app.logger), "done() is no fault: the module stays up");
        assertEquals(0, app.hal.openCountOf(app.logger), "the logger closed its log before it finished");
    }

    @Test
    void anAveragerThatThrowsFaultsTheWholeLoggerModuleWhichRestarts()
    {
        final PlantApp app = new PlantApp(new long[] {10, PlantApp.POISON, 30}, 10, PlantApp.CONFIG_MAGIC);

        app.k.scheduler.runUntil(200);

        assertEquals("v=10 avg=10 t=12\nv=30 avg=30 t=32\nidle t=82\nidle t=132\nidle t=182\n", app.log());
        assertEquals(1, app.k.modules.restarts(app.logger));
        assertInstanceOf(ArithmeticException.class, app.k.modules.lastFault(app.logger));
        // The future logger-main held when its module was stopped went back to the pool with the stop.
        assertEquals(0, app.futures.liveCount(), "the stopped incarnation's future was reclaimed");
        assertEquals(1, app.futures.reclaimedCount());
    }

    /** A kernel coroutine that sends CMD_STOP on the logger's rendezvous control channel at a given tick. */
    static final class StopSender extends Coroutine
    {
        private final PlantApp app;
        private final long at;
        int status = Integer.MIN_VALUE;

        StopSender(final PlantApp app, final long at)
        {
            super("stop-sender");
            this.app = app;
            this.at = at;
        }

        @Override
        protected int resume(final Scheduler s)
        {
            switch (pc)
            {
                case 0:
                    pc = 1;
                    return s.sleep(at);
                case 1:
                    pc = 2;
                    return app.control.send(PlantApp.CMD_STOP, Scheduler.FOREVER);
                default:
                    status = s.status();
                    return s.done(0);
            }
        }
    }
}
