package dev.fireball.kernel.support;

import java.lang.management.ManagementFactory;

/**
 * Bytes allocated by the current thread, from HotSpot's per-thread TLAB accounting
 * ({@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}). Allocation tests run in a
 * JVM started with {@code -XX:-DoEscapeAnalysis} (the kernel POM's {@code allocation} execution),
 * so an allocation cannot be hidden by scalar replacement.
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

    /** Fails unless the JVM runs with escape analysis off (the measurement would be weaker). */
    public static void requireEscapeAnalysisOff()
    {
        if (!ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:-DoEscapeAnalysis"))
        {
            throw new AssertionError("allocation tests must run with -XX:-DoEscapeAnalysis (mvn verify does)");
        }
    }

    /**
     * Fails unless the JVM also runs one JIT tier only: under full tiered compilation HotSpot
     * sporadically allocates a few dozen bytes on the running thread at tier transitions, which long
     * measurements catch. The kernel POM runs C1 only ({@code -XX:TieredStopAtLevel=1}), which also
     * keeps C2 from deleting an unused allocation; {@code -XX:-TieredCompilation} (C2 only) is accepted.
     */
    public static void requireSingleJitTier()
    {
        requireEscapeAnalysisOff();
        final java.util.List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        if (!args.contains("-XX:TieredStopAtLevel=1") && !args.contains("-XX:-TieredCompilation"))
        {
            throw new AssertionError("this allocation test must run with -XX:TieredStopAtLevel=1 (mvn verify does)");
        }
    }
}
