package dev.fireball.host.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fireball.kernel.Errno;
import dev.fireball.kernel.FuturePool;
import dev.fireball.kernel.Modules;
import dev.fireball.kernel.Scheduler;
import dev.fireball.kernel.Trace;
import dev.fireball.testkit.AllocationMeter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An application written from the docs, end to end on the host's virtual time: a sensor module
 * samples every 10 ticks into a capacity-4 channel it owns and faults on its 5th reading (restart
 * 2 per 1,000 ticks); a logger module selects over the samples and a command channel (50-tick
 * timeout) and writes lines into device://loop/0, which only it is granted; a button raised from a
 * host thread reaches the logger through a bottom half, an event group and a watcher coroutine; a
 * kernel coroutine awaits the "20 samples logged" future, then stops the sensor and tells the
 * logger to quit. The second boot of the same app is measured: nothing is allocated after seal.
 */
class SensorAppTest
{
    private static final long PRESS_TICK = 95;

    /** What one run of the app left behind. */
    record Run(SensorApp app, int first, int second, long allocatedAfterSeal) { }

    /** Boots the app, runs it to the end; also what the kernel thread allocated after seal. */
    static Run runApp() throws InterruptedException
    {
        final SensorApp app = new SensorApp(); // boot, ends with seal
        final long a0 = AllocationMeter.allocatedBytes();
        app.start();
        final int first = app.k.scheduler.runUntil(PRESS_TICK);
        final long a1 = AllocationMeter.allocatedBytes();
        final Thread isr = new Thread(app.button::press, "button-isr"); // the "interrupt": another thread
        isr.start();
        isr.join();
        final long a2 = AllocationMeter.allocatedBytes();
        final int second = app.k.scheduler.run();
        final long a3 = AllocationMeter.allocatedBytes();
        return new Run(app, first, second, (a1 - a0) + (a3 - a2));
    }

    private static List<String> loopbackLines(final SensorApp app)
    {
        final byte[] buf = new byte[4096];
        int len = 0;
        while (true)
        {
            final int n = app.hal.read(app.tap, buf, len, buf.length - len);
            if (n <= 0)
            {
                assertEquals(-Errno.EAGAIN, n, "the tap is non-blocking and was drained");
                break;
            }
            len += n;
        }
        return List.of(new String(buf, 0, len, StandardCharsets.US_ASCII).split("\n"));
    }

    private static List<String> expectedLines()
    {
        final List<String> expected = new ArrayList<>();
        int n = 0;
        for (int reading = 1; reading <= 21; reading++)
        {
            if (FakeAdc.GLITCH_AT == reading)
            {
                continue; // the fault loses exactly this reading, by design
            }
            n++;
            expected.add("S" + n + " " + FakeAdc.valueOf(reading));
            if (8 == n)
            {
                expected.add("I1"); // the press at tick 95 lands between the samples of ticks 90 and 100
            }
        }
        expected.add("T"); // tick 260: the sensor was stopped at 210
        expected.add("T"); // tick 310
        expected.add("Q"); // tick 330
        return expected;
    }

    @Test
    void sensorLoggerButtonAndFutureBehaveAsDocumented() throws InterruptedException
    {
        // Allocation after seal is SensorAppAllocationTest's, in the JVM flags allocation tests need.
        final Run run = runApp();
        final SensorApp app = run.app();

        assertEquals(Scheduler.RUN_TIME_LIMIT, run.first(), "runUntil(95) stops at the press");
        assertEquals(Scheduler.RUN_IDLE, run.second(), app.console.text());

        // The loopback holds every logged line, in order.
        assertEquals(expectedLines(), loopbackLines(app));
        assertEquals(0, app.loggerMain.writeErrors);

        // The future: resolved at tick 210 by the logger with the 20th sample's value, seen by the kernel coroutine.
        assertEquals(FuturePool.RESOLVED, app.main.futureStatus);
        assertEquals(FakeAdc.valueOf(21), app.main.futureValue);
        assertEquals(210, app.main.futureTick);
        assertEquals(FuturePool.RESOLVED, app.futures.stateOf(app.loggedTwenty));
        assertEquals(Scheduler.COMPLETED, app.k.scheduler.outcomeOf(app.mainHandle));
        assertEquals(FakeAdc.valueOf(21), app.k.scheduler.valueOf(app.mainHandle));

        // The logger quit on command and finished with its count; the main coroutine saw it.
        assertEquals(0, app.main.quitStatus);
        assertEquals(Scheduler.COMPLETED, app.main.joinStatus);
        assertEquals(LoggerMain.SAMPLES_WANTED, app.main.joinValue);
        assertEquals(2, app.loggerMain.timeouts);
        assertEquals(330, app.clock.now());

        // The sensor: one fault (the glitch), one restart, then stopped on purpose by the main coroutine.
        final Modules m = app.k.modules;
        assertEquals(1, m.faults(app.sensor));
        assertEquals(1, m.restarts(app.sensor));
        assertEquals(2, m.incarnation(app.sensor));
        assertSame(SensorMain.GLITCH, m.lastFault(app.sensor));
        assertEquals(Modules.STOPPED, m.state(app.sensor));
        assertEquals(1, app.main.sensorStopped, "the sleeping sensor coroutine");
        assertEquals(21, app.adc.reads(), "readings 1..21: the sensor is stopped right after it sent the 21st");
        assertEquals(1, app.k.trace.count(Trace.MODULE_FAULT, app.sensor));
        assertEquals(1, app.k.trace.count(Trace.MODULE_RESTART, app.sensor));
        assertTrue(app.console.text().contains("module 'sensor' (" + app.sensor + ") faulted, restarting; restart 1"),
            app.console.text());

        // Grants: each sensor incarnation was refused the logger's device.
        assertEquals(2, app.sensorMain.probes);
        assertEquals(-Errno.EACCES, app.sensorMain.probeResults[0]);
        assertEquals(-Errno.EACCES, app.sensorMain.probeResults[1]);

        // Channels and the bridge.
        assertEquals(20, app.samples.sentCount(), "every reading but the glitch was sent");
        assertEquals(0, app.samples.size());
        assertEquals(1, app.bridge.deliveries(Button.LINE));
        assertEquals(0, app.bridge.bottomHalfFaultCount());
        assertEquals(1, app.hal.openCount(), "only the test's tap is still open");

    }
}
