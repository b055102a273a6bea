package dev.fireball.kernel;

/**
 * The module table (the Fireball "guest"): each module has a name, a heap of its own, quotas,
 * device grants, a fault policy and an init coroutine. Every coroutine belongs to one module;
 * module 0 ({@link #KERNEL}) is the kernel itself: boot code and kernel coroutines, no heap, no
 * quota, and a fault there affects only the faulting coroutine.
 *
 * <h2>Spawning</h2>
 * A spawn into module m ({@link Scheduler#spawn} from one of m's coroutines, or
 * {@link Scheduler#spawnInModule}) is admitted only while m is RUNNING and below its coroutine
 * quota, and only if m's heap can give the coroutine its frame (the module's frame budget, or the
 * coroutine's own {@code frameBytes}); otherwise spawn returns {@code -ESRCH}, {@code -EDQUOT} or
 * {@code -ENOMEM} and nothing changes. The frame is freed when the coroutine finishes.
 *
 * <h2>Faults (Tock's fault policies)</h2>
 * A coroutine of module m faults when its resume throws: any exception, including a
 * {@link HeapFault} from an out-of-bounds heap access. Then, in kernel context:
 * <ol>
 * <li>trace MODULE_FAULT; every coroutine of m is stopped ({@link Scheduler#stopModule}): out of
 *     its queue, wait and timer; joiners in other modules receive FAILED and the fault;</li>
 * <li>every {@link ModuleStopListener} reclaims what m held (the HAL's fds, the futures its coroutines
 *     created; channels stay open,
 *     see docs/modules.md); m's heap is reset;
 *     trace MODULE_STOP;</li>
 * <li>the policy decides: {@link #STOP} leaves m STOPPED; {@link #RESTART} starts m's init again
 *     under a new incarnation (all old handles are stale) if fewer than n restarts happened within
 *     the window, else stops it; the init's first resume comes after the spec's restart delay
 *     (0: at once; {@link ModuleSpec#restart(int, long, long)}); {@link #PANIC} halts the kernel
 *     ({@link Scheduler#panic}).</li>
 * </ol>
 * Other modules notice nothing but FAILED results of joins on m's coroutines.
 *
 * <h2>Boot and seal</h2>
 * Modules (and so their heaps) are created during boot; {@link #seal} ends boot, after which
 * {@link #create} and {@link #addStopListener} throw.
 * <p><b>Context</b>: kernel only. <b>Allocation</b>: none after boot, on every path including
 * fault, stop and restart.
 */
public final class Modules implements Supervisor
{
    /** The kernel's own module: boot code and kernel coroutines. */
    public static final int KERNEL = 0;

    /** Fault policy: stop the module for good. */
    public static final int STOP = 1;
    /** Fault policy: restart up to n times within a window, then stop. */
    public static final int RESTART = 2;
    /** Fault policy: halt the whole kernel. */
    public static final int PANIC = 3;

    /** Module state: created at boot, init not spawned yet. */
    public static final int CREATED = 0;
    /** Module state: admitted to run (init spawned). */
    public static final int RUNNING = 1;
    /** Module state: stopped by a fault or {@link #stop}; {@link #start} may run it again. */
    public static final int STOPPED = 2;

    /** Grant index meaning "any index of the type". */
    public static final int ANY_INDEX = -1;

    private static final String[] POLICY_NAMES = {"?", "stop", "restart", "panic"};
    private static final String[] STATE_NAMES = {"created", "running", "stopped"};
    private static final int MAX_LISTENERS = 8;

    private final Scheduler scheduler;
    private final Trace trace;
    private final Console console;
    private final int capacity;
    private int count;
    private boolean sealed;

    // ---- the module table (struct of arrays, indexed by module id) ----------------------------
    private final String[] name;
    private final ModuleHeap[] heap;
    private final Coroutine[] init;
    private final int[] frameBytes;
    private final int[] maxCoroutines;
    private final int[] maxFds;
    private final int[] maxChannels;
    /** Channels charged to the module at boot by {@link Kernel#channel(int, int, int)}. */
    private final int[] channels;
    private final int[] policy;
    private final int[] maxRestarts;
    private final long[] restartWindow;
    /** Ticks a restarted init sleeps before its first resume (ModuleSpec.restart's back-off). */
    private final long[] restartDelay;
    /** Ticks of the latest restarts, a ring of maxRestarts entries per module. */
    private final long[][] restartTicks;
    private final int[] restartCount;
    private final int[] state;
    private final int[] incarnation;
    private final int[] live;
    private final int[] faults;
    private final int[] initHandle;
    private final Throwable[] lastFault;
    private final String[][] grantType;
    private final int[][] grantIndex;
    private final int[][] grantModes;

    private final ModuleStopListener[] listeners = new ModuleStopListener[MAX_LISTENERS];
    private int listenerCount;
    /** The module being halted (its coroutines are being stopped), or -1. */
    private int halting = -1;
    private final AsciiSink line = new AsciiSink(256);

    /**
     * Boot only: creates the table and installs itself as {@code scheduler}'s supervisor. Module 0
     * ({@link #KERNEL}) exists from the start.
     *
     * @param maxModules the table's size: the guest modules (MAX_MODULES) plus module 0, the
     *                   kernel's ({@link Kernel#boot} passes MAX_MODULES + 1); 1..{@link ModuleHeap#MAX_ID}
     */
    public Modules(final Scheduler scheduler, final Trace trace, final Console console, final int maxModules)
    {
        if (null == scheduler || null == trace || null == console)
        {
            throw new IllegalArgumentException("scheduler, trace and console are required");
        }
        if (maxModules < 1 || maxModules > ModuleHeap.MAX_ID)
        {
            throw new IllegalArgumentException("maxModules must be 1.." + ModuleHeap.MAX_ID + ": maxModules=" + maxModules);
        }
        this.scheduler = scheduler;
        this.trace = trace;
        this.console = console;
        capacity = maxModules;
        name = new String[capacity];
        heap = new ModuleHeap[capacity];
        init = new Coroutine[capacity];
        frameBytes = new int[capacity];
        maxCoroutines = new int[capacity];
        maxFds = new int[capacity];
        maxChannels = new int[capacity];
        channels = new int[capacity];
        policy = new int[capacity];
        maxRestarts = new int[capacity];
        restartWindow = new long[capacity];
        restartDelay = new long[capacity];
        restartTicks = new long[capacity][];
        restartCount = new int[capacity];
        state = new int[capacity];
        incarnation = new int[capacity];
        live = new int[capacity];
        faults = new int[capacity];
        initHandle = new int[capacity];
        lastFault = new Throwable[capacity];
        grantType = new String[capacity][];
        grantIndex = new int[capacity][];
        grantModes = new int[capacity][];
        name[KERNEL] = "kernel";
        state[KERNEL] = RUNNING;
        incarnation[KERNEL] = 1;
        maxCoroutines[KERNEL] = Integer.MAX_VALUE;
        maxFds[KERNEL] = Integer.MAX_VALUE;
        maxChannels[KERNEL] = Integer.MAX_VALUE;
        policy[KERNEL] = STOP;
        grantType[KERNEL] = new String[0];
        grantIndex[KERNEL] = new int[0];
        grantModes[KERNEL] = new int[0];
        count = 1;
        scheduler.setSupervisor(this);
    }

    // =============================================================================================
    // Boot
    // =============================================================================================

    /**
     * Boot only: creates a module and its heap (state CREATED; {@link #start} runs it).
     *
     * @return the module id, {@code >= 1}
     * @throws IllegalStateException after {@link #seal} or when MAX_MODULES guest modules exist
     */
    public int create(final ModuleSpec spec)
    {
        if (null == spec)
        {
            throw new IllegalArgumentException("create needs a module spec");
        }
        requireBoot("create module '" + spec.name + "'");
        if (count == capacity)
        {
            throw new IllegalStateException("module table full: MAX_MODULES=" + (capacity - 1)
                + " guest modules besides module 0, the kernel's; cannot create '" + spec.name + "'");
        }
        for (int m = 0; m < count; m++)
        {
            if (name[m].equals(spec.name))
            {
                // Dumps, fault reports and traces name modules: two of one name could not be told apart.
                throw new IllegalArgumentException("module name '" + spec.name + "' is taken by module " + m);
            }
            if (init[m] == spec.init)
            {
                throw new IllegalArgumentException("module '" + spec.name + "' shares its init coroutine with module '"
                    + name[m] + "'");
            }
        }
        final int m = count;
        try
        {
            heap[m] = new ModuleHeap(m, spec.heapBytes);
        }
        catch (final IllegalArgumentException e)
        {
            throw new IllegalArgumentException("module '" + spec.name + "': " + e.getMessage(), e); // name the module
        }
        // The largest block a fresh heap gives holds its total less one block header: a bigger frame
        // budget passed this check when it compared with the total, and then every spawn was -ENOMEM.
        final int usable = heap[m].totalBytes() - HeapBlockDescriptor.HEADER_BYTES;
        if (spec.frameBytes > usable)
        {
            throw new IllegalArgumentException("module '" + spec.name + "': frameBytes " + spec.frameBytes
                + " exceeds its heap of " + usable + " usable bytes");
        }
        name[m] = spec.name;
        init[m] = spec.init;
        frameBytes[m] = spec.frameBytes;
        maxCoroutines[m] = spec.maxCoroutines;
        maxFds[m] = spec.maxFds;
        maxChannels[m] = spec.maxChannels;
        policy[m] = spec.policy;
        maxRestarts[m] = spec.maxRestarts;
        restartWindow[m] = spec.restartWindowTicks;
        restartDelay[m] = spec.restartDelayTicks;
        restartTicks[m] = new long[Math.max(1, spec.maxRestarts)];
        state[m] = CREATED;
        grantType[m] = new String[spec.grants];
        grantIndex[m] = new int[spec.grants];
        grantModes[m] = new int[spec.grants];
        for (int g = 0; g < spec.grants; g++)
        {
            grantType[m][g] = spec.grantType[g];
            grantIndex[m][g] = spec.grantIndex[g];
            grantModes[m][g] = spec.grantModes[g];
        }
        count++;
        return m;
    }

    /** Boot only: a service that reclaims per-module resources when a module stops. */
    public void addStopListener(final ModuleStopListener l)
    {
        requireStopListenerRoom();
        if (null == l)
        {
            throw new IllegalArgumentException("null stop listener");
        }
        listeners[listenerCount++] = l;
    }

    /**
     * Boot only: throws as {@link #addStopListener} would for want of room, so a caller that must
     * register what it makes ({@link Kernel#futures}) can ask before it makes anything.
     */
    void requireStopListenerRoom()
    {
        requireBoot("add a stop listener");
        if (listenerCount == MAX_LISTENERS)
        {
            throw new IllegalStateException("more than " + MAX_LISTENERS + " module stop listeners");
        }
    }

    /** Ends boot: from now on modules and heaps can no longer be created. */
    public void seal()
    {
        sealed = true;
    }

    public boolean isSealed()
    {
        return sealed;
    }

    private void requireBoot(final String what)
    {
        if (sealed)
        {
            throw new IllegalStateException("kernel is sealed: cannot " + what + " after boot");
        }
    }

    // =============================================================================================
    // Start, stop
    // =============================================================================================

    /**
     * Runs a CREATED or STOPPED module: a new incarnation, its heap fresh, its init spawned.
     *
     * @return the init coroutine's handle, {@code -Errno.EALREADY} if the module runs already,
     *         {@code -Errno.ESRCH} for an unknown module or the kernel module, or spawn's error
     *         (the module is then left STOPPED)
     */
    public int start(final int moduleId)
    {
        return startAfter(moduleId, 0);
    }

    /** {@link #start}, the init's first resume {@code delayTicks} from now (0: at once). */
    private int startAfter(final int moduleId, final long delayTicks)
    {
        if (moduleId <= KERNEL || moduleId >= count)
        {
            return -Errno.ESRCH;
        }
        if (RUNNING == state[moduleId])
        {
            return -Errno.EALREADY;
        }
        final int before = state[moduleId];
        state[moduleId] = RUNNING; // admit() spawns only into a RUNNING module
        final int h;
        try
        {
            h = scheduler.spawnInModule(init[moduleId], moduleId, true, delayTicks);
        }
        catch (final RuntimeException misuse)
        {
            state[moduleId] = before; // a refused call changes nothing; the misuse still propagates
            throw misuse;
        }
        if (h < 0)
        {
            state[moduleId] = STOPPED;
            report(moduleId, "could not spawn init: ", h);
            return h;
        }
        // Only once the init is spawned: a refused start ran no incarnation and is no module-start.
        incarnation[moduleId]++;
        trace.record(scheduler.now(), Trace.MODULE_START, moduleId, incarnation[moduleId]);
        initHandle[moduleId] = h;
        return h;
    }

    /**
     * Stops a running module on purpose (a supervisor module, a shell): as a fault without the
     * policy; joiners of its coroutines receive FAILED with no fault.
     *
     * @return coroutines stopped, {@code -Errno.EALREADY} if not running, {@code -Errno.ESRCH} for
     *         an unknown module or the kernel module
     * @throws IllegalStateException when a coroutine stops its own module
     */
    public int stop(final int moduleId)
    {
        if (moduleId <= KERNEL || moduleId >= count)
        {
            return -Errno.ESRCH;
        }
        if (RUNNING != state[moduleId])
        {
            return -Errno.EALREADY;
        }
        return halt(moduleId, null);
    }

    private int halt(final int m, final Throwable cause)
    {
        final int outer = halting;
        halting = m; // its coroutines finish FAILED now: that is the stop, not their fail()
        final int stopped;
        try
        {
            stopped = scheduler.stopModule(m, cause);
        }
        finally
        {
            halting = outer;
        }
        for (int i = 0; i < listenerCount; i++)
        {
            listeners[i].moduleStopped(m);
        }
        heap[m].reset();
        state[m] = STOPPED;
        trace.record(scheduler.now(), Trace.MODULE_STOP, m, stopped);
        return stopped;
    }

    // =============================================================================================
    // Supervisor: the scheduler's calls
    // =============================================================================================

    /**
     * @return 0; {@code -Errno.ESRCH} if the module is not RUNNING (or unknown);
     *         {@code -Errno.EDQUOT} at its coroutine quota; {@code -Errno.ENOMEM} if its heap cannot
     *         hold the frame
     */
    @Override
    public int admit(final int moduleId, final Coroutine c)
    {
        if (moduleId < 0 || moduleId >= count || RUNNING != state[moduleId])
        {
            return -Errno.ESRCH;
        }
        if (live[moduleId] >= maxCoroutines[moduleId])
        {
            return -Errno.EDQUOT;
        }
        c.frameHeap = heap[moduleId];
        c.frameHandle = 0;
        if (KERNEL != moduleId)
        {
            final int bytes = Coroutine.MODULE_DEFAULT_FRAME == c.requestedFrameBytes ? frameBytes[moduleId] : c.requestedFrameBytes;
            if (bytes > 0)
            {
                final int h = heap[moduleId].alloc(bytes);
                if (h < 0)
                {
                    c.frameHeap = null;
                    return h;
                }
                c.frameHandle = h;
            }
        }
        live[moduleId]++;
        return 0;
    }

    /**
     * Returns the frame and quota. An init that ended with {@code fail(code)} (no fault, not
     * stopped) is reported on the console: the init is detached, so nobody else can see the code,
     * and a {@code fail()} does not run the module's policy.
     */
    @Override
    public void released(final int moduleId, final Coroutine c, final int outcome, final long value,
        final Throwable fault)
    {
        if (0 != c.frameHandle)
        {
            final int r = c.frameHeap.free(c.frameHandle);
            if (r < 0)
            {
                throw new IllegalStateException("kernel bug: frame " + c.frameHandle + " of coroutine '" + c.name
                    + "' in module " + moduleId + " could not be freed: " + Errno.name(r));
            }
        }
        c.frameHandle = 0;
        c.frameHeap = null;
        live[moduleId]--;
        if (Scheduler.FAILED == outcome && null == fault && c == init[moduleId] && KERNEL != moduleId
            && halting != moduleId)
        {
            line.clear();
            line.text("module '").text(name[moduleId]).text("' (").dec(moduleId).text(") init ended with fail(")
                .dec(value).text("): no fault, the policy does not run; ").dec(live[moduleId])
                .text(" coroutines left").nl();
            line.writeTo(console);
        }
    }

    @Override
    public void faulted(final int moduleId, final int handle, final Throwable fault)
    {
        if (KERNEL == moduleId)
        {
            return; // kernel coroutines fault alone (the scheduler already reported it)
        }
        faults[moduleId]++;
        lastFault[moduleId] = fault;
        final long now = scheduler.now();
        trace.record(now, Trace.MODULE_FAULT, moduleId, handle);
        if (PANIC == policy[moduleId])
        {
            trace.record(now, Trace.PANIC, moduleId, handle);
            line.clear();
            line.text("module '").text(name[moduleId]).text("' faulted (policy panic)");
            scheduler.panic(line.toString()); // the kernel halts here: the one allocation of a panic is harmless
            return;
        }
        halt(moduleId, fault);
        if (RESTART == policy[moduleId] && mayRestart(moduleId, now))
        {
            // Counted once the init is spawned again (with a delay, while it still sleeps: a stop
            // during the delay does not take the count back); a start refused here (say, the
            // coroutine table is full) reports why, leaves the module STOPPED and is no restart.
            final long delay = restartDelay[moduleId];
            if (startAfter(moduleId, delay) > 0)
            {
                restartTicks[moduleId][restartCount[moduleId] % maxRestarts[moduleId]] = now;
                restartCount[moduleId]++;
                line.clear();
                line.text("module '").text(name[moduleId]).text("' (").dec(moduleId).text(") faulted, restarting");
                if (delay > 0)
                {
                    line.text(" in ").dec(delay).text(" ticks");
                }
                line.text("; restart ").dec(restartCount[moduleId]).nl();
                line.writeTo(console);
                trace.record(now, Trace.MODULE_RESTART, moduleId, incarnation[moduleId]);
            }
            return;
        }
        report(moduleId, "faulted, stopped; faults ", faults[moduleId]);
    }

    /** Fewer than maxRestarts restarts within the window ending now. */
    private boolean mayRestart(final int m, final long now)
    {
        final int n = maxRestarts[m];
        if (restartCount[m] < n)
        {
            return true;
        }
        // The ring holds the last n restart ticks; the oldest of them is at restartCount % n.
        final long oldest = restartTicks[m][restartCount[m] % n];
        return now - oldest >= restartWindow[m];
    }

    private void report(final int m, final String what, final int number)
    {
        line.clear();
        line.text("module '").text(name[m]).text("' (").dec(m).text(") ").text(what).dec(number).nl();
        line.writeTo(console);
    }

    // =============================================================================================
    // Queries: grants and quotas (the HAL and channels use them), state, statistics
    // =============================================================================================

    /** Grants of the module (boot: the HAL resolves them to device type ids). */
    public int grantCount(final int moduleId)
    {
        return grantType[check(moduleId)].length;
    }

    /** Device type name of grant {@code g}, as in the pattern ({@code "uart"}). */
    public String grantType(final int moduleId, final int g)
    {
        return grantType[check(moduleId)][g];
    }

    /** Device index of grant {@code g}, or {@link #ANY_INDEX}. */
    public int grantIndex(final int moduleId, final int g)
    {
        return grantIndex[check(moduleId)][g];
    }

    /** Modes ({@link ModuleSpec#READ}, {@link ModuleSpec#WRITE}) of grant {@code g}. */
    public int grantModes(final int moduleId, final int g)
    {
        return grantModes[check(moduleId)][g];
    }

    /** Modules in the table, the kernel module included. */
    public int count()
    {
        return count;
    }

    public int capacity()
    {
        return capacity;
    }

    public String name(final int moduleId)
    {
        return name[check(moduleId)];
    }

    /** The module's heap; null for the kernel module. */
    public ModuleHeap heap(final int moduleId)
    {
        return heap[check(moduleId)];
    }

    /** {@link #CREATED}, {@link #RUNNING} or {@link #STOPPED}. */
    public int state(final int moduleId)
    {
        return state[check(moduleId)];
    }

    /** Incremented at each start: restarts run under a new incarnation. */
    public int incarnation(final int moduleId)
    {
        return incarnation[check(moduleId)];
    }

    /** Live (not finished) coroutines of the module. */
    public int liveCoroutines(final int moduleId)
    {
        return live[check(moduleId)];
    }

    public int maxCoroutines(final int moduleId)
    {
        return maxCoroutines[check(moduleId)];
    }

    /** The module's fd quota (the HAL enforces it). */
    public int maxFds(final int moduleId)
    {
        return maxFds[check(moduleId)];
    }

    /** The module's channel quota: how many channels {@link Kernel#channel(int, int, int)} may charge to it. */
    public int maxChannels(final int moduleId)
    {
        return maxChannels[check(moduleId)];
    }

    /** Channels charged to the module at boot. */
    public int channels(final int moduleId)
    {
        return channels[check(moduleId)];
    }

    /**
     * Boot only: whether module {@code moduleId} may own one more channel.
     *
     * @throws IllegalArgumentException for an unknown module
     * @throws IllegalStateException after {@link #seal}, or when the module's channels reach its
     *         {@code maxChannels}
     */
    void requireChannelRoom(final int moduleId)
    {
        requireBoot("charge a channel to module " + moduleId);
        final int m = check(moduleId);
        if (channels[m] >= maxChannels[m])
        {
            throw new IllegalStateException("module '" + name[m] + "' (id " + m + ") already owns " + channels[m]
                + " channels, its maxChannels quota; raise maxChannels in its ModuleSpec");
        }
    }

    /** Boot only: charge a channel to {@code moduleId}, after {@link #requireChannelRoom} and its creation. */
    void chargeChannel(final int moduleId)
    {
        channels[moduleId]++;
    }

    public int policy(final int moduleId)
    {
        return policy[check(moduleId)];
    }

    /** Restarts since boot. */
    public int restarts(final int moduleId)
    {
        return restartCount[check(moduleId)];
    }

    /** Faults since boot. */
    public int faults(final int moduleId)
    {
        return faults[check(moduleId)];
    }

    /** The latest fault's exception, or null. */
    public Throwable lastFault(final int moduleId)
    {
        return lastFault[check(moduleId)];
    }

    /** Handle of the init coroutine of the current incarnation (stale once it finished). */
    public int initHandle(final int moduleId)
    {
        return initHandle[check(moduleId)];
    }

    private int check(final int moduleId)
    {
        if (moduleId < 0 || moduleId >= count)
        {
            throw new IllegalArgumentException("no module " + moduleId + " (" + count + " modules)");
        }
        return moduleId;
    }

    public static String policyName(final int p)
    {
        return p > 0 && p < POLICY_NAMES.length ? POLICY_NAMES[p] : "?";
    }

    public static String stateName(final int st)
    {
        return st >= 0 && st < STATE_NAMES.length ? STATE_NAMES[st] : "?";
    }

    @Override
    public int describeUnstarted(final AsciiSink out)
    {
        int n = 0;
        for (int m = KERNEL + 1; m < count; m++)
        {
            if (CREATED == state[m])
            {
                out.text("module '").text(name[m]).text("' (id ").dec(m)
                    .text(") was created but never started: call modules.start(id) after seal()").nl();
                n++;
            }
        }
        return n;
    }

    /** One line per module: id, name, state, incarnation, coroutines/quota, heap use, faults, restarts. */
    public void dump(final AsciiSink out)
    {
        out.text("id name             state    inc  coros  heap used/total  faults restarts policy").nl();
        for (int m = 0; m < count; m++)
        {
            out.dec(m, 2).put(' ').column(name[m], 16).put(' ').column(stateName(state[m]), 8).put(' ')
                .dec(incarnation[m], 4).put(' ').dec(live[m], 2).put('/');
            if (KERNEL == m)
            {
                out.text(" -       -/      - ");
            }
            else
            {
                out.dec(maxCoroutines[m], 2).put(' ').dec(heap[m].usedBytes(), 7).put('/').dec(heap[m].totalBytes(), 7)
                    .put(' ');
            }
            out.dec(faults[m], 7).put(' ').dec(restartCount[m], 8).put(' ').text(policyName(policy[m])).nl();
        }
    }
}
