package dev.fireball.host.driverwalk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fireball.host.driverwalk.I2cRig.Idle;
import dev.fireball.host.driverwalk.I2cRig.ThermoClient;
import dev.fireball.testkit.AllocationMeter;
import org.junit.jupiter.api.Test;

/**
 * After seal, the drivers' data paths allocate nothing: interrupt, bottom half, deliver into two
 * rings, blocking reads, a backpressured write woken by TX-room signals; I2C transfers started,
 * completed by their interrupt and collected. Runs in test-host's allocation execution
 * ({@link AllocationMeter#JVM_FLAGS}). It fails when it should: a {@code new int[1]} in each
 * driver's bottom half reads 696 bytes per run of the UART path and 53 per run of the I2C path.
 */
class DriverAllocationTest
{
    @Test
    void theUartPathAllocatesNothing()
    {
        final UartRig rig = new UartRig().start();
        rig.usart.peerSends(UartRig.PING, 10, 50); // a ping every 50 ticks, a 24-byte reply to each

        // Each run: 50 ticks, so one ping in, one reply out, 29 bottom halves, ~16 writer waits.
        AllocationMeter.assertNoAllocation("50 ticks of ping and reply", () -> rig.runTo(rig.clock.now() + 50));

        final long runs = AllocationMeter.WARM_UP_RUNS + AllocationMeter.RUNS_PER_WINDOW;
        assertTrue(rig.monitor.seen.count() >= 5 * runs, "the work ran: " + rig.monitor.seen.count());
        assertTrue(rig.usart.wire.count() >= 24 * runs);
        assertTrue(rig.shell.writeWaits >= 15 * runs, "backpressure on every reply: " + rig.shell.writeWaits);
        assertEquals(0, rig.monitor.overruns);
        assertEquals("", rig.console.text());
    }

    @Test
    void theI2cPathAllocatesNothing()
    {
        final ThermoClient[] c = new ThermoClient[1];
        final I2cRig rig = new I2cRig(hal -> {
            c[0] = new ThermoClient("poller", hal, 0x48, 0x00, 100);
            c[0].repeatEvery = 8;
            return c[0];
        }, hal -> new Idle()).start();

        // Each run: 10 ticks, one register read (two transfers, two interrupts) per 10 ticks.
        AllocationMeter.assertNoAllocation("10 ticks of temperature polling", () -> rig.runTo(rig.clock.now() + 10));

        final long runs = AllocationMeter.WARM_UP_RUNS + AllocationMeter.RUNS_PER_WINDOW;
        assertTrue(c[0].readings >= runs, "the work ran: " + c[0].readings);
        assertEquals(0x1910, c[0].value);
        assertEquals("", rig.console.text());
    }
}
