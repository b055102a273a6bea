package dev.fireball.host.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fireball.testkit.AllocationMeter;
import org.junit.jupiter.api.Test;

/**
 * The example application allocates nothing on the kernel thread after seal. Runs in test-host's
 * allocation execution ({@link AllocationMeter#JVM_FLAGS}, as the kernel's allocation tests), where
 * HotSpot neither removes an allocation nor puts its own bytes on the thread at a tier change; a
 * first run warms up the one-off work of first execution (string literals, class resolution).
 */
class SensorAppAllocationTest
{
    @Test
    void theExampleAllocatesNothingAfterSeal() throws InterruptedException
    {
        AllocationMeter.requireAllocationFlags();
        SensorAppTest.runApp(); // warm-up
        final SensorAppTest.Run run = SensorAppTest.runApp();
        assertEquals(0, run.allocatedAfterSeal(), "bytes allocated by the kernel thread after seal");
    }
}
