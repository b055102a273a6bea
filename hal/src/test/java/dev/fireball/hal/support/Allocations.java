package dev.fireball.hal.support;

import java.lang.management.ManagementFactory;

/**
 * Bytes allocated by the current thread, from HotSpot's per-thread TLAB accounting
 * ({@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}). Allocation tests run in a
 * JVM started with {@code -XX:-DoEscapeAnalysis -XX:TieredStopAtLevel=1} (the {@code allocation}
 * execution of the hal POM), so an allocation cannot be hidden by the JIT. Copied from the
 * kernel's tests, which the hal module cannot see.
 */
public final class Allocations
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Allocations()
    {
    }

    public static long ofCurrentThread()
    {
        return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    /**
     * Fails unless the JVM runs with escape analysis off and C1 only (hal POM's {@code allocation}
     * execution): C2 scalar-replaces non-escaping objects, and even without escape analysis it
     * deletes an allocation whose result is never read, so either would hide an allocation a device
     * JVM makes.
     */
    public static void requireEscapeAnalysisOff()
    {
        final java.util.List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        if (!args.contains("-XX:-DoEscapeAnalysis") || !args.contains("-XX:TieredStopAtLevel=1"))
        {
            throw new AssertionError("allocation tests must run with -XX:-DoEscapeAnalysis -XX:TieredStopAtLevel=1 "
                + "(mvn verify does): " + args);
        }
    }
}
