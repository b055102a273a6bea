package dev.fireball.testkit;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;

/**
 * Measures what the current thread allocates on the Java heap, for tests that hold code to
 * Fireball's rule "nothing allocates after seal" on the host JVM.
 *
 * <h2>How it measures</h2>
 * The meter is HotSpot's per-thread count of allocated bytes
 * ({@code com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes}): exact to the byte, and
 * blind to other threads (work handed to another thread, such as a simulated interrupt, is not
 * counted). Reading it allocates nothing, so two reads around a piece of work give what that work
 * allocated.
 *
 * <h2>Why the JVM flags</h2>
 * HotSpot's JIT can make an allocation disappear: with escape analysis, C2 scalar-replaces an
 * object that does not escape, and even without it C2 deletes an allocation whose result is never
 * read. A device JVM does neither, so a host measurement of 0 proves something only in a JVM
 * started with {@link #JVM_FLAGS}: escape analysis off and C1 the only compiler, which keeps every
 * allocation of the bytecode. C1 only also keeps HotSpot from putting bytes of its own on the
 * measured thread at tier transitions (the kernel's tests saw 64-88 bytes sporadically under full
 * tiered compilation, never under C1 only). {@link #assertNoAllocation} and {@link #measureWindows}
 * first call {@link #requireAllocationFlags()}, which fails with the surefire {@code argLine} to
 * add; a test that reads {@link #allocatedBytes()} itself calls it first. Allocation tests
 * therefore run in their own surefire execution (docs/testing-apps.md).
 *
 * <h2>Why windows</h2>
 * {@link #assertNoAllocation(String, int, int, int, Runnable)} warms the work up (class
 * initialisation, string constants, JIT compilation), then measures up to {@code windows} windows
 * of {@code runsPerWindow} runs and passes as soon as one window reads exactly 0. The JVM's own
 * one-off work (resolving a class's string constants or linking a call site on the calling thread,
 * a few dozen bytes) lands in at most one window; an allocation on a path the work takes shows in
 * every window, as long as each window is large enough to take every path. A test that wants
 * another rule (every window 0, a bounded total) reads {@link #measureWindows} itself.
 *
 * <p><b>Context</b>: any thread; each call measures the thread it runs on.
 */
public final class AllocationMeter
{
    /** The JVM flags every allocation test needs; add them to the test JVM's {@code argLine}. */
    public static final String JVM_FLAGS = "-XX:-DoEscapeAnalysis -XX:TieredStopAtLevel=1";

    /** Default runs of the work before any window is measured. */
    public static final int WARM_UP_RUNS = 20_000;

    /** Default number of windows measured at most. */
    public static final int WINDOWS = 4;

    /** Default runs of the work in each window. */
    public static final int RUNS_PER_WINDOW = 2_000;

    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static final String SUREFIRE_HINT = "run allocation tests in their own surefire execution with"
        + " <argLine>@{argLine} " + JVM_FLAGS + "</argLine> (see docs/testing-apps.md)";

    private AllocationMeter()
    {
    }

    /**
     * Bytes the current thread has allocated since it started; the difference of two reads is what
     * ran between them. Allocates nothing. A test that reads it directly calls
     * {@link #requireAllocationFlags()} first: this method does not check the JVM flags.
     *
     * @throws AssertionError if the JVM does not count (a count of -1 would make every difference 0)
     */
    public static long allocatedBytes()
    {
        final long bytes = THREADS.getCurrentThreadAllocatedBytes();
        if (bytes < 0)
        {
            throw new AssertionError("this JVM does not count allocated bytes per thread (the count is " + bytes
                + "): call AllocationMeter.requireAllocationFlags() first, on HotSpot (OpenJDK)");
        }
        return bytes;
    }

    /**
     * Fails unless this JVM can measure allocations honestly: it counts allocated bytes per thread,
     * and it was started with {@link #JVM_FLAGS}.
     *
     * @throws AssertionError naming the missing flag and the surefire {@code argLine} to add
     */
    public static void requireAllocationFlags()
    {
        if (!THREADS.isThreadAllocatedMemorySupported())
        {
            throw new AssertionError("this JVM does not count allocated bytes per thread"
                + " (com.sun.management.ThreadMXBean#isThreadAllocatedMemorySupported is false): run allocation"
                + " tests on HotSpot (OpenJDK)");
        }
        if (!THREADS.isThreadAllocatedMemoryEnabled())
        {
            THREADS.setThreadAllocatedMemoryEnabled(true);
        }
        requireAllocationFlags(ManagementFactory.getRuntimeMXBean().getInputArguments());
    }

    /**
     * Fails unless {@code jvmArguments} (as {@code RuntimeMXBean#getInputArguments} lists them) turn
     * escape analysis off and stop the JIT at C1 ({@code -XX:TieredStopAtLevel} 0 or 1, tiered
     * compilation not disabled). As in the JVM, the last occurrence of a flag wins.
     *
     * @throws AssertionError naming each missing flag, the surefire {@code argLine} to add, and the
     *         arguments seen
     */
    public static void requireAllocationFlags(final List<String> jvmArguments)
    {
        boolean escapeAnalysisOff = false;
        boolean tieredOff = false;
        int stopAtLevel = 4;
        for (final String a : jvmArguments)
        {
            if ("-XX:-DoEscapeAnalysis".equals(a) || "-XX:+DoEscapeAnalysis".equals(a))
            {
                escapeAnalysisOff = '-' == a.charAt(4);
            }
            else if ("-XX:-TieredCompilation".equals(a) || "-XX:+TieredCompilation".equals(a))
            {
                tieredOff = '-' == a.charAt(4);
            }
            else if (a.startsWith("-XX:TieredStopAtLevel="))
            {
                stopAtLevel = level(a.substring("-XX:TieredStopAtLevel=".length()));
            }
        }
        final StringBuilder missing = new StringBuilder();
        if (!escapeAnalysisOff)
        {
            missing.append("-XX:-DoEscapeAnalysis (escape analysis lets the JIT scalar-replace an object that"
                + " does not escape)");
        }
        if (tieredOff || stopAtLevel > 1)
        {
            missing.append(missing.length() > 0 ? " and " : "").append("-XX:TieredStopAtLevel=1 (")
                .append(tieredOff ? "-XX:-TieredCompilation makes C2 the only compiler" : "C2 compiles hot code")
                .append(", and C2 deletes an allocation whose result is never read)");
        }
        if (missing.length() > 0)
        {
            throw new AssertionError("allocation tests need the JVM flags " + JVM_FLAGS + "; missing: " + missing
                + ". Without them a measured 0 proves nothing: " + SUREFIRE_HINT + ". JVM arguments: "
                + jvmArguments);
        }
    }

    /**
     * Runs {@code work} {@link #WARM_UP_RUNS} times, then measures up to {@link #WINDOWS} windows
     * of {@link #RUNS_PER_WINDOW} runs; passes when one window allocated 0 bytes. For work that
     * is cheap to repeat: one scheduler step, one message through a channel, one tick of an app.
     *
     * @param what names the work in the failure message
     * @return bytes allocated by each window measured (the last one 0)
     * @throws AssertionError if every window allocated (message: what, bytes per window, bytes per
     *         run), or from {@link #requireAllocationFlags()}
     */
    public static long[] assertNoAllocation(final String what, final Runnable work)
    {
        return assertNoAllocation(what, WARM_UP_RUNS, WINDOWS, RUNS_PER_WINDOW, work);
    }

    /**
     * Runs {@code work} {@code warmUpRuns} times, then measures up to {@code windows} windows of
     * {@code runsPerWindow} runs each; passes as soon as one window allocated 0 bytes. For work
     * that is itself a long run, pass small counts: 1 warm-up run, 3 windows of 1 run.
     *
     * @param what          names the work in the failure message
     * @param warmUpRuns    runs before measuring (0 or more); warm-up may allocate
     * @param windows       windows measured at most (1 or more)
     * @param runsPerWindow runs in each window (1 or more)
     * @return bytes allocated by each window measured (the last one 0)
     * @throws AssertionError if every window allocated (message: what, bytes per window, bytes per
     *         run), or from {@link #requireAllocationFlags()}
     */
    public static long[] assertNoAllocation(final String what, final int warmUpRuns, final int windows,
        final int runsPerWindow, final Runnable work)
    {
        checkCounts(warmUpRuns, windows, runsPerWindow);
        requireAllocationFlags();
        repeat(work, warmUpRuns);
        final long[] bytes = new long[windows];
        for (int w = 0; w < windows; w++)
        {
            bytes[w] = measure(work, runsPerWindow);
            if (0 == bytes[w])
            {
                return Arrays.copyOf(bytes, w + 1);
            }
        }
        long least = Long.MAX_VALUE;
        for (final long b : bytes)
        {
            least = Math.min(least, b);
        }
        throw new AssertionError(what + " allocated " + Arrays.toString(bytes) + " bytes in each of " + windows
            + " windows of " + runsPerWindow + (1 == runsPerWindow ? " run" : " runs") + " (after " + warmUpRuns
            + " warm-up runs), at least "
            + least / runsPerWindow + " bytes per run; expected a window of 0 bytes");
    }

    /**
     * Runs {@code work} {@code warmUpRuns} times, then measures every one of {@code windows} windows
     * of {@code runsPerWindow} runs, for a test that applies its own rule to the windows.
     *
     * @return bytes allocated by each window, in order
     * @throws AssertionError from {@link #requireAllocationFlags()}
     */
    public static long[] measureWindows(final int warmUpRuns, final int windows, final int runsPerWindow,
        final Runnable work)
    {
        checkCounts(warmUpRuns, windows, runsPerWindow);
        requireAllocationFlags();
        repeat(work, warmUpRuns);
        final long[] bytes = new long[windows];
        for (int w = 0; w < windows; w++)
        {
            bytes[w] = measure(work, runsPerWindow);
        }
        return bytes;
    }

    /** One window: nothing between the two reads but the runs. */
    private static long measure(final Runnable work, final int runs)
    {
        final long before = allocatedBytes();
        repeat(work, runs);
        return allocatedBytes() - before;
    }

    private static void repeat(final Runnable work, final int runs)
    {
        for (int i = 0; i < runs; i++)
        {
            work.run();
        }
    }

    private static void checkCounts(final int warmUpRuns, final int windows, final int runsPerWindow)
    {
        if (warmUpRuns < 0 || windows < 1 || runsPerWindow < 1)
        {
            throw new IllegalArgumentException("need warmUpRuns >= 0, windows >= 1, runsPerWindow >= 1: warmUpRuns="
                + warmUpRuns + ", windows=" + windows + ", runsPerWindow=" + runsPerWindow);
        }
    }

    /** A -XX:TieredStopAtLevel value; anything unreadable counts as full tiered compilation. */
    private static int level(final String value)
    {
        try
        {
            return Integer.parseInt(value.trim());
        }
        catch (final NumberFormatException e)
        {
            return 4;
        }
    }
}
