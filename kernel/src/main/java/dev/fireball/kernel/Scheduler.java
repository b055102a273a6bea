package dev.fireball.kernel;

/**
 * The cooperative scheduler (co_sched): a fixed table of coroutine slots, a FIFO ready ring, a
 * timer heap and the run loop. Everything is sized and created in the constructor (boot); after
 * that no operation allocates.
 *
 * <h2>Life cycle of a slot</h2>
 * <pre>
 *            spawn                      resume returns
 *  FREE ───────────────▶ READY ◀──────────────────────── yield() / sleep(0)
 *   ▲                     │  ▲
 *   │                     │  │ timer fires (status 0) / wake(), wakeFirst(), wakeAll() /
 *   │            step()   │  │ timeout (status -ETIMEDOUT) / joined target completes
 *   │                     ▼  │
 *   │                  RUNNING ──── sleep(n) ───▶ SLEEPING
 *   │                     │    ──── join/park/pend ──▶ WAITING
 *   │                     │ done(v) / fail(c) / exception / cancel()
 *   │                     ▼
 *   │  joiners waiting, or detached ◀── complete ──▶ no joiner yet: DONE (holds the outcome)
 *   └────────────────── free ◀──────────────── join() or release() of a DONE slot
 * </pre>
 * Every transition happens in this class: kernel objects call {@link #pend}, {@link #wakeFirst},
 * {@link #wakeAll}, {@link #wakeWaiter}; coroutines return the directive produced by
 * {@link #yield}, {@link #sleep}, {@link #join}, {@link #park}, {@link #done} or {@link #fail},
 * or by a kernel object's operation ({@link #pend}, or {@link #proceed} when it completed at once:
 * the coroutine stays RUNNING and is resumed again in the same step).
 *
 * <h2>Interrupts and completion</h2>
 * An attached {@link InterruptBridge} is serviced at the top of every {@link #step} (every context
 * switch) and checked again before the run loop idles; it counts as a wake source while it has
 * bottom halves or waiters. A {@link CompletionListener} hears of every coroutine that finishes.
 *
 * <h2>Handles</h2>
 * A handle is {@code generation << slotBits | slot}, always {@code > 0}. The generation of a slot
 * changes each time the slot is freed, so a handle kept past its coroutine's end is rejected
 * ({@code -ESRCH}), never aliased to the slot's next occupant.
 *
 * <h2>Invariants</h2>
 * <ul>
 * <li>state READY ⇔ the slot is in {@code ready} exactly once, except the running slot, which
 *     keeps READY in {@code state} while it runs ({@link #stateOf} says RUNNING): a yield writes no state.</li>
 * <li>state WAITING ⇔ blocked on {@code waitQueue[slot]} (join, pend; {@link #isQueued}) or parked
 *     ({@code waitKind[slot] == WAIT_PARK}); a timer may be armed for its timeout. Outside WAITING,
 *     {@code waitQueue[slot]} is only the queue of the slot's last wait, kept so that waiting on
 *     the same queue again stores no reference (see {@link #pend}).</li>
 * <li>state SLEEPING ⇒ its timer is armed.</li>
 * <li>{@code timers.isArmed(slot)} ⇒ state is SLEEPING or WAITING.</li>
 * <li>{@code co[slot] != null} ⇔ state ∈ {READY, RUNNING, SLEEPING, WAITING}, and then
 *     {@code co[slot].slot == slot}.</li>
 * <li>Free slots are exactly those on the free stack.</li>
 * </ul>
 * {@link #checkInvariants()} verifies all of these; tests call it after every step.
 *
 * <p><b>Context</b>: kernel only (one thread). Interrupt context never calls this class; it sets
 * pending bits that the run loop turns into bottom-half calls.
 * <p><b>Allocation</b>: none after the constructor, on every path including faults raised by the
 * kernel itself. A coroutine that throws allocated its own exception.
 */
public final class Scheduler
{
    // ---- slot states ----------------------------------------------------------------------
    public static final int FREE = 0;
    public static final int READY = 1;
    public static final int RUNNING = 2;
    public static final int SLEEPING = 3;
    public static final int WAITING = 4;
    public static final int DONE = 5;

    // ---- outcomes of a finished coroutine (>= 0; errors from calls are negative errno) ----
    /** Finished with {@link #done}; {@link #value()} is its value. */
    public static final int COMPLETED = 0;
    /** Finished with {@link #fail} (value = its code) or an exception ({@link #fault()}). */
    public static final int FAILED = 1;
    /** Canceled by {@link #cancel} before it finished. */
    public static final int CANCELED = 2;

    // ---- wait kinds (what a WAITING coroutine waits for; dumps print them) ------------------
    public static final int WAIT_NONE = 0;
    public static final int WAIT_SLEEP = 1;
    public static final int WAIT_JOIN = 2;
    public static final int WAIT_PARK = 3;
    public static final int WAIT_CHANNEL_SEND = 4;
    public static final int WAIT_CHANNEL_RECEIVE = 5;
    public static final int WAIT_EVENT = 6;
    public static final int WAIT_FUTURE = 7;
    public static final int WAIT_INTERRUPT = 8;
    /** A HAL stream's read waiters: data to read (objectId: the fd). */
    public static final int WAIT_FD_READ = 9;
    public static final int WAIT_SELECT = 10;
    /** A HAL stream's write waiters: room to write (objectId: the fd). */
    public static final int WAIT_FD_WRITE = 11;

    // ---- timeouts ----------------------------------------------------------------------------
    /** Wait without a timeout. */
    public static final long FOREVER = -1;
    /** Do not wait: the wait completes at once with {@code -ETIMEDOUT} unless already satisfied. */
    public static final long NO_WAIT = 0;

    // ---- run() results -----------------------------------------------------------------------
    /** Nothing is ready, armed or waiting: every coroutine has finished. */
    public static final int RUN_IDLE = 0;
    /** Coroutines wait but nothing can ever wake them; see {@link #deadlockReport()}. */
    public static final int RUN_DEADLOCK = 1;
    /** {@link #runUntil} reached its tick limit with work still pending. */
    public static final int RUN_TIME_LIMIT = 2;
    /** {@link #runUntil} result: {@link #panic} halted the kernel. */
    public static final int RUN_PANIC = 3;

    // ---- directives (returned by resume; private values so a forged return is caught) --------
    private static final int D_NONE = 0;
    private static final int D_YIELD = 0x5A01;
    private static final int D_SLEEP = 0x5A02;
    private static final int D_WAIT = 0x5A03;
    private static final int D_DONE = 0x5A04;
    private static final int D_FAIL = 0x5A05;
    private static final int D_CONTINUE = 0x5A06;

    /**
     * How many times in a row one resume may continue after {@link #proceed} before the coroutine
     * is sent to the back of the ready queue, so a loop of operations that never block cannot
     * starve the others.
     */
    public static final int CONTINUE_BUDGET = 32;

    private static final int NO_SLOT = -1;
    /**
     * waitKind of a slot inside {@link #finish} from the moment it left its wait: the completion
     * listener it calls may still see the handle, and a cancel or module stop from there must not
     * finish it a second time (that recursed, or cleared {@code co[s]} under the outer finish).
     * Negative, so {@link #isQueued} needs no extra test for it.
     */
    private static final int WAIT_FINISHING = -1;
    private static final String[] STATE_NAMES = {"FREE", "READY", "RUNNING", "SLEEPING", "WAITING", "DONE"};
    private static final String[] WAIT_NAMES = {
        "-", "sleep", "join", "park", "channel-send", "channel-receive", "event", "future", "interrupt",
        "fd-read", "select", "fd-write"};

    private final Clock clock;
    private final Console console;
    private final int capacity;
    private final int slotBits;
    private final int slotMask;
    private final int maxGeneration;

    // ---- the coroutine table (struct of arrays, indexed by slot) ------------------------------
    private final Coroutine[] co;
    private final int[] state;
    private final int[] generation;
    private final int[] module;
    private final boolean[] detached;
    private final int[] waitKind;
    /** The queue of the slot's current (if {@link #isQueued}) or last wait. */
    private final WaitQueue[] waitQueue;
    private final int[] next;
    private final int[] prev;
    /** Result of the slot's last wait, or its outcome once DONE. */
    private final int[] status;
    private final long[] value;
    private final Throwable[] fault;
    /** Coroutines joining the slot; objectId is the handle being joined. */
    private final WaitQueue[] joiners;
    private final int[] freeSlots;
    private int freeCount;

    private final ReadyQueue ready;
    private final TimerQueue timers;
    private final AsciiSink report;
    private final AsciiSink faultLine;

    // ---- the running coroutine and the directive it issued -------------------------------------
    private int current = NO_SLOT;
    private int directive = D_NONE;
    private long directiveTicks;
    private int directiveWaitKind;
    private int directiveOutcome;
    private long directiveValue;

    /** The slot whose completion listener runs now (innermost), or NO_SLOT; see {@link #stopModule}. */
    private int notifying = NO_SLOT;

    /** The module layer, or null when the kernel runs without modules (everything is module 0). */
    private Supervisor supervisor;
    private boolean panicked;

    /** External wake sources (interrupt lines a coroutine or driver waits on); see {@link #armWakeSource}. */
    private int armedWakeSources;
    /** The interrupt bridge, serviced at every context switch and before idling; null if none. */
    private InterruptBridge bridge;
    /** Told about every coroutine that finishes (futures observe coroutines through it); null if none. */
    private CompletionListener completionListener;

    // ---- statistics -----------------------------------------------------------------------------
    private long spawned;
    private long completed;
    private long failed;
    private long canceled;
    private long spawnRejected;
    private int maxReadyDepth;

    /**
     * Boot only: creates every table.
     *
     * @param maxCoroutines slots in the coroutine table (MAX_COROUTINES), 1..65536
     * @param clock         the port's time source
     * @param console       where faults and deadlock reports are written
     */
    public Scheduler(final int maxCoroutines, final Clock clock, final Console console)
    {
        if (maxCoroutines < 1 || maxCoroutines > 65536)
        {
            throw new IllegalArgumentException("maxCoroutines must be 1..65536: maxCoroutines=" + maxCoroutines);
        }
        if (null == clock || null == console)
        {
            throw new IllegalArgumentException("clock and console are required");
        }
        this.clock = clock;
        this.console = console;
        capacity = maxCoroutines;
        int bits = 1;
        while ((1 << bits) < maxCoroutines)
        {
            bits++;
        }
        slotBits = bits;
        slotMask = (1 << bits) - 1;
        maxGeneration = (1 << (31 - bits)) - 1;

        co = new Coroutine[capacity];
        state = new int[capacity];
        generation = new int[capacity];
        module = new int[capacity];
        detached = new boolean[capacity];
        waitKind = new int[capacity];
        waitQueue = new WaitQueue[capacity];
        next = new int[capacity];
        prev = new int[capacity];
        status = new int[capacity];
        value = new long[capacity];
        fault = new Throwable[capacity];
        joiners = new WaitQueue[capacity];
        freeSlots = new int[capacity];
        for (int s = 0; s < capacity; s++)
        {
            generation[s] = 1;
            next[s] = WaitQueue.NONE;
            prev[s] = WaitQueue.NONE;
            joiners[s] = new WaitQueue(WAIT_JOIN, 0);
            // Lowest slot on top of the stack, so slot 0 is used first (stable dumps).
            freeSlots[s] = capacity - 1 - s;
        }
        freeCount = capacity;
        ready = new ReadyQueue(capacity);
        timers = new TimerQueue(capacity);
        report = new AsciiSink(160 + 128 * capacity);
        faultLine = new AsciiSink(256);
    }

    /** Boot only: a wait queue for a kernel object (channel, event group, future, fd...). */
    public WaitQueue newWaitQueue(final int kind, final int objectId)
    {
        if (kind < WAIT_NONE || kind >= WAIT_NAMES.length)
        {
            throw new IllegalArgumentException("unknown wait kind: kind=" + kind);
        }
        if (WAIT_NONE == kind || WAIT_SLEEP == kind || WAIT_PARK == kind)
        {
            throw new IllegalArgumentException(
                "wait kind " + waitName(kind) + " is the scheduler's own (no queue): kind=" + kind);
        }
        return new WaitQueue(kind, objectId);
    }

    /** Boot only: installs the module layer; it sees every spawn, finish and fault from now on. */
    public void setSupervisor(final Supervisor s)
    {
        if (null != supervisor)
        {
            throw new IllegalStateException("a supervisor is already installed");
        }
        if (capacity != freeCount)
        {
            throw new IllegalStateException("install the supervisor before spawning: " + liveCount() + " coroutine(s) exist");
        }
        supervisor = s;
    }

    // =============================================================================================
    // Spawning and handles
    // =============================================================================================

    /**
     * Starts {@code c} at {@code pc = 0} at the back of the ready queue. The coroutine is joinable:
     * when it finishes before anyone joins it, its slot holds the outcome (state DONE) until a
     * {@link #join} or {@link #release}. It belongs to the module of the spawning coroutine
     * (module 0 when spawned from boot code).
     *
     * @return a handle {@code > 0}, or {@code -Errno.EAGAIN} when all MAX_COROUTINES slots are in use
     * @throws IllegalStateException if {@code c} is already spawned (programming error)
     */
    public int spawn(final Coroutine c)
    {
        return spawnInModule(c, currentModule(), false);
    }

    /** Like {@link #spawn}, but the slot is freed as soon as the coroutine finishes (nobody joins it). */
    public int spawnDetached(final Coroutine c)
    {
        return spawnInModule(c, currentModule(), true);
    }

    /**
     * Spawn charged to module {@code moduleId}. With a {@link Supervisor} installed, the module
     * must admit it (quota, frame memory).
     *
     * @return a handle, {@code -Errno.EAGAIN} when the table is full, or the supervisor's refusal
     *         ({@link Modules#admit}: {@code -EDQUOT}, {@code -ENOMEM}, {@code -ESRCH})
     */
    public int spawnInModule(final Coroutine c, final int moduleId, final boolean isDetached)
    {
        return spawnInModule(c, moduleId, isDetached, 0);
    }

    /**
     * For the module layer's restart back-off: {@link #spawnInModule(Coroutine, int, boolean)}, but a
     * {@code delayTicks > 0} spawn starts SLEEPING and is first resumed {@code delayTicks} from now.
     */
    int spawnInModule(final Coroutine c, final int moduleId, final boolean isDetached, final long delayTicks)
    {
        if (delayTicks < 0)
        {
            throw new IllegalArgumentException("spawn delay must be >= 0: delayTicks=" + delayTicks);
        }
        if (null == c)
        {
            throw new IllegalArgumentException("spawn of a null coroutine");
        }
        if (Coroutine.NOT_SPAWNED != c.slot)
        {
            throw new IllegalStateException(
                "coroutine '" + c.name + "' is already spawned as handle " + handleOf(c.slot) + "; it can be spawned "
                + "again once it has finished");
        }
        if (0 == freeCount)
        {
            spawnRejected++;
            return -Errno.EAGAIN;
        }
        if (null != supervisor)
        {
            final int admitted = supervisor.admit(moduleId, c);
            if (admitted < 0)
            {
                spawnRejected++;
                return admitted;
            }
        }
        final int s = freeSlots[--freeCount];
        co[s] = c;
        c.slot = s;
        c.pc = 0;
        module[s] = moduleId;
        detached[s] = isDetached;
        status[s] = 0;
        value[s] = 0;
        fault[s] = null;
        waitKind[s] = WAIT_NONE;
        joiners[s].objectId = handleOf(s);
        spawned++;
        if (0 == delayTicks)
        {
            makeReady(s);
        }
        else
        {
            state[s] = SLEEPING;
            waitKind[s] = WAIT_SLEEP;
            timers.arm(s, deadlineAfter(delayTicks));
        }
        return handleOf(s);
    }

    /** @return the slot of a live handle (any state but FREE), or {@code -Errno.ESRCH} */
    public int slotOf(final int handle)
    {
        if (handle <= 0)
        {
            return -Errno.ESRCH;
        }
        final int s = handle & slotMask;
        if (s >= capacity || generation[s] != (handle >>> slotBits) || FREE == state[s])
        {
            return -Errno.ESRCH;
        }
        return s;
    }

    /** The handle of the coroutine currently in {@code slot}. */
    public int handleOf(final int slot)
    {
        return (generation[slot] << slotBits) | slot;
    }

    /** @return the state of {@code handle} (READY...DONE), or {@code -Errno.ESRCH} for a stale or bad handle */
    public int stateOf(final int handle)
    {
        final int s = slotOf(handle);
        return s < 0 ? s : stateAt(s);
    }

    /**
     * The running slot keeps its READY entry in {@code state} while it runs (so a yield writes no
     * state at all); RUNNING is derived from {@code current}.
     */
    private int stateAt(final int s)
    {
        return s == current ? RUNNING : state[s];
    }

    /** @return the module of {@code handle}, or {@code -Errno.ESRCH} */
    public int moduleOf(final int handle)
    {
        final int s = slotOf(handle);
        return s < 0 ? s : module[s];
    }

    /** @return the outcome (COMPLETED, FAILED, CANCELED) of a DONE coroutine, -EBUSY if it has not finished, -ESRCH */
    public int outcomeOf(final int handle)
    {
        final int s = slotOf(handle);
        if (s < 0)
        {
            return s;
        }
        return DONE == state[s] ? status[s] : -Errno.EBUSY;
    }

    /** The value (or fail code) of a DONE coroutine; 0 for any other handle. */
    public long valueOf(final int handle)
    {
        final int s = slotOf(handle);
        return s >= 0 && DONE == state[s] ? value[s] : 0;
    }

    /** The exception a DONE coroutine failed with, or null. */
    public Throwable faultOf(final int handle)
    {
        final int s = slotOf(handle);
        return s >= 0 && DONE == state[s] ? fault[s] : null;
    }

    /**
     * Frees a DONE coroutine's slot without joining it (its outcome is dropped).
     *
     * @return 0, {@code -Errno.EBUSY} if it has not finished, {@code -Errno.ESRCH} for a stale handle
     */
    public int release(final int handle)
    {
        final int s = slotOf(handle);
        if (s < 0)
        {
            return s;
        }
        if (DONE != state[s])
        {
            return -Errno.EBUSY;
        }
        free(s);
        return 0;
    }

    // =============================================================================================
    // Directives: called by the running coroutine, their result returned from resume()
    // =============================================================================================

    /** Go to the back of the ready queue. */
    public int yield()
    {
        begin("yield()");
        directive = D_YIELD;
        return D_YIELD;
    }

    /** Sleep {@code ticks} ticks ({@code 0} is a yield). Equal deadlines wake in the order they slept. */
    public int sleep(final long ticks)
    {
        if (ticks < 0)
        {
            throw new IllegalArgumentException("sleep ticks must be >= 0: ticks=" + ticks);
        }
        begin("sleep()");
        directive = D_SLEEP;
        directiveTicks = ticks;
        return D_SLEEP;
    }

    /** Join {@code handle} without a timeout; see {@link #join(int, long)}. */
    public int join(final int handle)
    {
        return join(handle, FOREVER);
    }

    /**
     * Wait until {@code handle} finishes. On resume, {@link #status()} is its outcome (COMPLETED,
     * FAILED, CANCELED), {@link #value()} its value or fail code and {@link #fault()} the exception
     * it threw, if any; or {@link #status()} is {@code -Errno.ESRCH} for a stale handle or
     * {@code -Errno.ETIMEDOUT}. Joining a finished (DONE) coroutine collects its outcome at once
     * and frees its slot. Several coroutines may join the same target; all receive the outcome.
     *
     * @throws IllegalStateException when a coroutine joins itself
     */
    public int join(final int handle, final long timeoutTicks)
    {
        begin("join()");
        checkTimeout(timeoutTicks);
        final int self = current;
        final int target = slotOf(handle);
        if (target == self)
        {
            directive = D_NONE;
            throw new IllegalStateException(
                "coroutine '" + co[self].name + "' (handle " + handleOf(self) + ") joins itself: it would never finish");
        }
        if (target < 0)
        {
            status[self] = target;
            value[self] = 0;
            fault[self] = null;
            directive = D_YIELD;
            return D_YIELD;
        }
        if (DONE == state[target])
        {
            status[self] = status[target];
            value[self] = value[target];
            fault[self] = fault[target];
            free(target);
            directive = D_YIELD;
            return D_YIELD;
        }
        return waitOn(joiners[target], WAIT_JOIN, timeoutTicks);
    }

    /**
     * Suspend until {@link #wake} (status 0) or the timeout ({@code -Errno.ETIMEDOUT}). A parked
     * coroutine with no timeout counts as waiting for the deadlock check.
     */
    public int park(final long timeoutTicks)
    {
        begin("park()");
        checkTimeout(timeoutTicks);
        return waitOn(null, WAIT_PARK, timeoutTicks);
    }

    /**
     * For kernel objects: block the running coroutine on {@code q} (its kind tells dumps what it
     * waits for). A waker chooses the status and value the coroutine sees; a timeout gives
     * {@code -Errno.ETIMEDOUT}; {@link #NO_WAIT} times out at once.
     */
    public int pend(final WaitQueue q, final long timeoutTicks)
    {
        if (null == q)
        {
            throw new IllegalArgumentException("pend on a null wait queue");
        }
        begin("pend()");
        checkTimeout(timeoutTicks);
        return waitOn(q, q.kind, timeoutTicks);
    }

    /** Finish with outcome COMPLETED and {@code result}. */
    public int done(final long result)
    {
        begin("done()");
        directive = D_DONE;
        directiveValue = result;
        return D_DONE;
    }

    /** Finish with outcome FAILED and {@code code} as the value the joiner sees. */
    public int fail(final long code)
    {
        begin("fail()");
        directive = D_FAIL;
        directiveValue = code;
        return D_FAIL;
    }

    /**
     * For kernel objects whose operation completed at once (a send that found room, a receive that
     * found a value): the running coroutine continues at its {@code pc} without a context switch
     * and reads {@code st}/{@code v} through {@link #status()}/{@link #value()}, as after a wait.
     * A step resumes a coroutine at most {@link #CONTINUE_BUDGET} times in a row this way; then it
     * goes to the back of the ready queue instead, like {@link #yield}.
     */
    public int proceed(final int st, final long v)
    {
        begin("proceed()");
        status[current] = st;
        value[current] = v;
        directive = D_CONTINUE;
        return D_CONTINUE;
    }

    /**
     * Whether {@code d}, the directive a blocking operation just returned, says the operation has
     * already completed ({@link #proceed}). If so, the directive is consumed: the coroutine goes on
     * in this same resume (its results are in {@link #status()}/{@link #value()}) and may issue
     * another directive; it must not return {@code d}. Otherwise it must return {@code d}. So a
     * state machine can run through operations that complete at once without leaving
     * {@code resume} (as Embassy's {@code .await} on a ready future does):
     * <pre>{@code
     * case RECEIVE:
     *     pc = GOT;
     *     final int d = ch.receive(Scheduler.FOREVER);
     *     if (!s.completedNow(d)) { return d; }
     *     // fall through: s.value() is the value
     * case GOT: ...
     * }</pre>
     * Unlike a returned {@code proceed}, nothing bounds how long a coroutine continues this way: a
     * loop of operations that keep completing at once must yield on its own.
     *
     * @throws IllegalStateException if {@code d} is a proceed directive that is not the one just
     *         issued in this resume
     */
    public boolean completedNow(final int d)
    {
        if (D_CONTINUE != d)
        {
            return false;
        }
        if (NO_SLOT == current || D_CONTINUE != directive)
        {
            throw new IllegalStateException("completedNow(): no operation of the running coroutine has just completed");
        }
        directive = D_NONE;
        return true;
    }

    /**
     * For kernel objects: throws as {@link #proceed} or {@link #pend} would if the caller cannot
     * issue a directive now (outside a running coroutine, e.g. in a bottom half, or after another
     * directive in this resume). A blocking operation calls this before it takes or changes
     * anything (a value from a ring, a flag it clears, a latched interrupt): checked only when it
     * finally issues its directive, the refused call would already have consumed what it took.
     *
     * @param what the operation, for the message
     */
    void requireDirective(final String what)
    {
        begin(what);
    }

    /** @param q the queue to wait on, or null for a park (the slot keeps its last queue then) */
    private int waitOn(final WaitQueue q, final int kind, final long timeoutTicks)
    {
        // The queue goes straight into the slot, and only when it differs from the last wait's:
        // a coroutine usually waits on the same queue again, and a reference store into an old
        // object costs G1 a card check and a StoreLoad fence on the hottest blocking path.
        if (null != q && waitQueue[current] != q)
        {
            waitQueue[current] = q;
        }
        directive = D_WAIT;
        directiveWaitKind = kind;
        directiveTicks = timeoutTicks;
        return D_WAIT;
    }

    private void begin(final String what)
    {
        if (NO_SLOT == current || D_NONE != directive)
        {
            throw directiveMisuse(what); // out of line: keeps this hot check small enough to inline
        }
    }

    private IllegalStateException directiveMisuse(final String what)
    {
        if (NO_SLOT == current)
        {
            return new IllegalStateException(what + " called outside a running coroutine");
        }
        return new IllegalStateException("coroutine '" + co[current].name + "' (handle " + handleOf(current)
            + ") issued " + what + " after another directive in the same resume; return the first one");
    }

    private static void checkTimeout(final long timeoutTicks)
    {
        if (timeoutTicks < FOREVER)
        {
            throw new IllegalArgumentException("timeout must be >= 0 or FOREVER: timeoutTicks=" + timeoutTicks);
        }
    }

    // ---- what the running coroutine reads after it resumes -----------------------------------

    /** Result of the running coroutine's last wait (0, an outcome, or a negative errno). */
    public int status()
    {
        return status[requireCurrent()];
    }

    /** Value delivered with the running coroutine's last wake-up (joined value, received value...). */
    public long value()
    {
        return value[requireCurrent()];
    }

    /** The exception a joined coroutine failed with, or null. */
    public Throwable fault()
    {
        return fault[requireCurrent()];
    }

    /** Handle of the running coroutine. */
    public int current()
    {
        return handleOf(requireCurrent());
    }

    /** For kernel objects' misuse messages: {@code coroutine 'name' (handle h)} of a live slot. */
    String describe(final int slot)
    {
        return "coroutine '" + co[slot].name + "' (handle " + handleOf(slot) + ")";
    }

    /** The running coroutine's module, or module 0 (the kernel's) outside a coroutine. */
    int currentModule()
    {
        return NO_SLOT == current ? 0 : module[current];
    }

    /** Slot of the running coroutine, or -1 outside a coroutine (kernel objects use it). */
    public int currentSlot()
    {
        return current;
    }

    /** For kernel objects: data the running coroutine leaves with its wait (a value to send...). */
    public void setWaitValue(final long v)
    {
        value[requireCurrent()] = v;
    }

    /** For kernel objects: the data a waiting coroutine left with its wait. */
    public long waitValueOf(final int slot)
    {
        return value[slot];
    }

    public long now()
    {
        return clock.now();
    }

    private int requireCurrent()
    {
        if (NO_SLOT == current)
        {
            throw new IllegalStateException("called outside a running coroutine");
        }
        return current;
    }

    // =============================================================================================
    // Waking
    // =============================================================================================

    /**
     * Make a parked coroutine ready with status 0. Waking a coroutine that is not parked (ready,
     * running, sleeping, waiting on an object, finished) is a no-op, so a double wake can never
     * queue it twice.
     *
     * @return 1 if it was woken, 0 if it was not parked, {@code -Errno.ESRCH} for a stale handle
     */
    public int wake(final int handle)
    {
        final int s = slotOf(handle);
        if (s < 0)
        {
            return s;
        }
        if (WAITING != state[s] || WAIT_PARK != waitKind[s])
        {
            return 0;
        }
        timers.disarm(s);
        wakeSlot(s, 0, value[s]);
        return 1;
    }

    /**
     * For kernel objects: wake the longest waiter of {@code q} with {@code st} and {@code v}.
     *
     * @return the slot woken, or -1 when nobody waits
     */
    public int wakeFirst(final WaitQueue q, final int st, final long v)
    {
        final int s = q.head;
        if (WaitQueue.NONE == s)
        {
            return -1;
        }
        q.unlink(s, next, prev);
        timers.disarm(s);
        wakeSlot(s, st, v);
        return s;
    }

    /** For kernel objects: wake every waiter of {@code q}; @return how many */
    public int wakeAll(final WaitQueue q, final int st, final long v)
    {
        int n = 0;
        while (-1 != wakeFirst(q, st, v))
        {
            n++;
        }
        return n;
    }

    /**
     * For kernel objects that choose whom to wake (event groups): the waiter after {@code slot} in
     * the same wait queue, in FIFO order. Start at {@link WaitQueue#first()}.
     *
     * @return the next waiter's slot, or -1 at the end of the queue
     */
    public int nextWaiter(final int slot)
    {
        return next[slot];
    }

    /**
     * For kernel objects: wake waiter {@code slot} of {@code q} (anywhere in the queue) with
     * {@code st} and {@code v}. Read {@link #nextWaiter} before calling this when walking a queue.
     *
     * @throws IllegalStateException if {@code slot} does not wait on {@code q} (a kernel bug)
     */
    public void wakeWaiter(final WaitQueue q, final int slot, final int st, final long v)
    {
        if (slot < 0 || slot >= capacity || !isQueued(slot) || waitQueue[slot] != q)
        {
            throw new IllegalStateException("slot " + slot + " does not wait on " + waitName(q.kind) + " #" + q.objectId);
        }
        q.unlink(slot, next, prev);
        timers.disarm(slot);
        wakeSlot(slot, st, v);
    }

    private void wakeSlot(final int s, final int st, final long v)
    {
        status[s] = st;
        value[s] = v;
        // waitKind is read only while WAITING or SLEEPING, and every wait sets it: no reset here.
        makeReady(s);
    }

    private void makeReady(final int s)
    {
        state[s] = READY;
        ready.push(s);
        // Ready or running: a running coroutine counts, so when it goes back to the queue (a
        // yield) the count does not change and the hottest path need not check it.
        final int depth = NO_SLOT == current ? ready.size() : ready.size() + 1;
        if (depth > maxReadyDepth)
        {
            maxReadyDepth = depth;
        }
    }

    /**
     * Count an external wake source as armed (a coroutine or driver waits for an interrupt line).
     * While any is armed, an idle kernel with waiting coroutines sleeps instead of reporting a
     * deadlock.
     */
    public void armWakeSource()
    {
        armedWakeSources++;
    }

    public void disarmWakeSource()
    {
        if (0 == armedWakeSources)
        {
            throw new IllegalStateException("disarmWakeSource() without a matching armWakeSource()");
        }
        armedWakeSources--;
    }

    /** Boot only: the bridge's constructor attaches it; see {@link InterruptBridge}. */
    void attachBridge(final InterruptBridge b)
    {
        if (null != bridge)
        {
            throw new IllegalStateException("an interrupt bridge is already attached to this scheduler");
        }
        bridge = b;
    }

    /**
     * Boot only: {@code l} is told, in kernel context, about every coroutine that finishes
     * (completed, failed, faulted or canceled), before its joiners are woken.
     */
    public void setCompletionListener(final CompletionListener l)
    {
        if (null != completionListener)
        {
            throw new IllegalStateException("a completion listener is already set on this scheduler");
        }
        completionListener = l;
    }

    // =============================================================================================
    // Cancel
    // =============================================================================================

    /**
     * Cancel a coroutine that is ready, sleeping or waiting: it leaves its wait and timer, never
     * resumes again, and completes with outcome CANCELED (its joiners see CANCELED).
     *
     * @return 0, {@code -Errno.EALREADY} if it already finished, {@code -Errno.ESRCH} for a stale handle
     * @throws IllegalStateException when a coroutine cancels itself (it should return {@link #fail})
     */
    public int cancel(final int handle)
    {
        final int s = slotOf(handle);
        if (s < 0)
        {
            return s;
        }
        if (s == current)
        {
            throw new IllegalStateException(
                "coroutine '" + co[s].name + "' (handle " + handle + ") cancels itself; return fail() instead");
        }
        if (DONE == state[s] || WAIT_FINISHING == waitKind[s])
        {
            return -Errno.EALREADY; // finished, or finishing (a completion listener cancels it)
        }
        if (READY == state[s])
        {
            ready.remove(s);
        }
        canceled++;
        finish(s, CANCELED, 0, null);
        return 0;
    }

    // =============================================================================================
    // Running
    // =============================================================================================

    /**
     * Fire due timers, then resume the coroutine at the head of the ready queue once.
     *
     * @return true if a coroutine was resumed, false if none was ready
     */
    public boolean step()
    {
        if (panicked)
        {
            return false;
        }
        if (null != bridge)
        {
            // Every context switch: take the pending interrupt lines and run their bottom halves.
            bridge.service();
        }
        fireDueTimers();
        final int s = ready.poll();
        if (ReadyQueue.EMPTY == s)
        {
            return false;
        }
        resumeSlot(s);
        return true;
    }

    /** Run until every coroutine has finished or a deadlock is found; see {@link #runUntil}. */
    public int run()
    {
        return runUntil(Clock.NO_DEADLINE);
    }

    /**
     * The run loop: resume ready coroutines; when none is ready, idle until the next timer; stop
     * when the next deadline lies past {@code limitTick} (time is left at {@code limitTick}).
     *
     * @return {@link #RUN_IDLE}, {@link #RUN_DEADLOCK} (report in {@link #deadlockReport()} and on
     *         the console) or {@link #RUN_TIME_LIMIT}
     */
    public int runUntil(final long limitTick)
    {
        while (true)
        {
            if (step())
            {
                continue;
            }
            if (panicked)
            {
                return RUN_PANIC;
            }
            if (null != bridge && bridge.hasPending())
            {
                // Raised after step() serviced the bridge: service it now, do not idle. A raise
                // after this check ends the idle itself (Clock.idle, Clock.wakeUp).
                continue;
            }
            final long nextDeadline = timers.peekDeadline();
            if (Clock.NO_DEADLINE != nextDeadline)
            {
                if (nextDeadline > limitTick)
                {
                    if (clock.now() >= limitTick)
                    {
                        return RUN_TIME_LIMIT;
                    }
                    // An idle may end early (an interrupt's wake-up, or spuriously: Clock.idle): go
                    // round again, so what woke it is served before the limit is reported.
                    clock.idle(limitTick);
                    continue;
                }
                clock.idle(nextDeadline);
                continue;
            }
            if (armedWakeSources > 0 || (null != bridge && bridge.canWake()))
            {
                if (clock.now() >= limitTick)
                {
                    return RUN_TIME_LIMIT;
                }
                clock.idle(limitTick);
                continue;
            }
            if (waitingCount() > 0)
            {
                writeDeadlockReport();
                return RUN_DEADLOCK;
            }
            reportUnstartedModules();
            return RUN_IDLE;
        }
    }

    private void fireDueTimers()
    {
        if (0 == timers.size())
        {
            return;
        }
        final long now = clock.now();
        int s;
        while (TimerQueue.NOT_ARMED != (s = timers.popDue(now)))
        {
            if (SLEEPING == state[s])
            {
                wakeSlot(s, 0, value[s]);
            }
            else
            {
                // WAITING with a timeout: leave the object's queue, report the timeout.
                if (isQueued(s))
                {
                    waitQueue[s].unlink(s, next, prev);
                }
                wakeSlot(s, -Errno.ETIMEDOUT, value[s]);
            }
        }
    }

    /**
     * Slot {@code s} is linked in {@code waitQueue[s]}: it waits, and not parked. ({@link #finish}
     * sets WAIT_FINISHING, below WAIT_NONE, right after unlinking, so a completion listener sees a
     * finishing slot as in no queue.)
     */
    private boolean isQueued(final int s)
    {
        final int kind = waitKind[s];
        return WAITING == state[s] && WAIT_PARK != kind && kind > WAIT_NONE;
    }

    private void resumeSlot(final int s)
    {
        final Coroutine c = co[s];
        current = s; // state[s] stays READY while it runs: see stateAt()
        directive = D_NONE;
        // No reference is stored per switch (a GC write barrier costs ~2 ns of a ~6 ns yield).
        int d;
        try
        {
            // One call site: an operation that completed at once (proceed) continues the same resume.
            int budget = CONTINUE_BUDGET;
            while (true)
            {
                d = c.resume(this);
                if (D_CONTINUE != d || D_CONTINUE != directive || 0 == --budget)
                {
                    break;
                }
                directive = D_NONE;
            }
        }
        catch (final Throwable t)
        {
            current = NO_SLOT;
            directive = D_NONE;
            onFault(s, t);
            return;
        }
        current = NO_SLOT;
        if (d != directive || D_NONE == d)
        {
            directive = D_NONE;
            onFault(s, new IllegalStateException(
                "coroutine '" + c.name + "' (handle " + handleOf(s) + ") returned " + d
                + " from resume(), not the directive of a Scheduler call (yield, sleep, join, park, pend, proceed, done, "
                + "fail)"));
            return;
        }
        directive = D_NONE;
        apply(s, d);
    }

    private void apply(final int s, final int d)
    {
        switch (d)
        {
            case D_YIELD:
            case D_CONTINUE: // continue budget spent: to the back of the ready queue
                // Still READY (see stateAt): no state write on the hottest path, and no depth
                // check (makeReady counted this coroutine while it ran).
                ready.push(s);
                break;
            case D_SLEEP:
                if (0 == directiveTicks)
                {
                    makeReady(s);
                }
                else
                {
                    state[s] = SLEEPING;
                    waitKind[s] = WAIT_SLEEP;
                    timers.arm(s, deadlineAfter(directiveTicks));
                }
                break;
            case D_WAIT:
                if (NO_WAIT == directiveTicks)
                {
                    wakeSlot(s, -Errno.ETIMEDOUT, value[s]);
                    break;
                }
                state[s] = WAITING;
                final int kind = directiveWaitKind;
                waitKind[s] = kind;
                if (WAIT_PARK != kind)
                {
                    waitQueue[s].append(s, next, prev); // set by waitOn
                }
                if (FOREVER != directiveTicks)
                {
                    timers.arm(s, deadlineAfter(directiveTicks));
                }
                break;
            case D_DONE:
                completed++;
                finish(s, COMPLETED, directiveValue, null);
                break;
            default: // D_FAIL
                failed++;
                finish(s, FAILED, directiveValue, null);
                break;
        }
    }

    /**
     * The tick {@code ticks > 0} from now, saturated at {@code NO_DEADLINE - 1}: {@code now + ticks}
     * for a huge timeout (up to {@code Long.MAX_VALUE} is allowed) would wrap into the past and fire
     * at once, or land exactly on {@link Clock#NO_DEADLINE}, which the run loop reads as "no timer"
     * (and then reports a deadlock).
     */
    private long deadlineAfter(final long ticks)
    {
        final long now = clock.now();
        final long d = now + ticks;
        return d < now || Clock.NO_DEADLINE == d ? Clock.NO_DEADLINE - 1 : d;
    }

    private void onFault(final int s, final Throwable t)
    {
        failed++;
        final int handle = handleOf(s);
        final int m = module[s];
        faultLine.clear();
        faultLine.text("fault: coroutine '").text(co[s].name).text("' handle ").hex32(handle)
            .text(" module ").dec(m).text(" pc ").dec(co[s].pc).text(": ");
        writeFault(t);
        finish(s, FAILED, 0, t);
        if (null != supervisor)
        {
            supervisor.faulted(m, handle, t);
        }
    }

    /**
     * For the interrupt bridge: the first fault of line {@code line}'s bottom half, reported as a
     * coroutine fault is (the bridge counts it and delivers the word's other lines).
     */
    void reportBottomHalfFault(final int line, final Throwable t)
    {
        faultLine.clear();
        faultLine.text("fault: bottom half of interrupt line ").dec(line)
            .text(" (its first; later ones are only counted): ");
        writeFault(t);
    }

    /**
     * For kernel services that contain a fault of code they call, with nobody to fault for it (the
     * HAL closing a stopped module's fds through a throwing driver): reports it on the console as a
     * coroutine fault is, as {@code fault: <what><number>: <class>: <message>}. Allocates nothing.
     */
    public void reportContainedFault(final String what, final int number, final Throwable t)
    {
        faultLine.clear();
        faultLine.text("fault: ").text(what).dec(number).text(": ");
        writeFault(t);
    }

    /** Ends {@code faultLine} with {@code t}'s class and message and writes it to the console. */
    private void writeFault(final Throwable t)
    {
        faultLine.text(t.getClass().getName()).text(": ");
        if (t instanceof HeapFault)
        {
            ((HeapFault) t).writeTo(faultLine); // its getMessage() would allocate
        }
        else
        {
            faultLine.text(t.getMessage());
        }
        faultLine.nl();
        faultLine.writeTo(console);
    }

    // =============================================================================================
    // Modules: stop all coroutines of one module, panic
    // =============================================================================================

    /**
     * Stops every coroutine of {@code moduleId}: each leaves its queue, wait and timer and finishes
     * as FAILED with {@code cause} (joiners in other modules receive FAILED and {@code cause});
     * finished but unjoined coroutines of the module are freed, their outcomes dropped. Handles of
     * all of them become stale. The module layer calls this when a module faults or is stopped.
     *
     * @return how many live coroutines were stopped
     * @throws IllegalStateException when called by a coroutine of {@code moduleId} (it should throw:
     *                               that faults its module; {@link #fail} ends only the coroutine)
     */
    public int stopModule(final int moduleId, final Throwable cause)
    {
        if (NO_SLOT != current && module[current] == moduleId)
        {
            throw new IllegalStateException("coroutine '" + co[current].name + "' stops its own module " + moduleId
                + " while running; throw instead (that faults the module and applies its policy; fail() ends only"
                + " this coroutine)");
        }
        if (NO_SLOT != notifying && module[notifying] == moduleId)
        {
            // The finishing coroutine is half released: stopping its module under it would leave
            // it DONE in a stopped module and free its frame from the reset heap.
            throw new IllegalStateException("a completion listener stops module " + moduleId + " while its coroutine '"
                + co[notifying].name + "' finishes; stop the module from a coroutine instead");
        }
        int n = 0;
        for (int s = 0; s < capacity; s++)
        {
            final int st = state[s];
            if (module[s] != moduleId || FREE == st || DONE == st || WAIT_FINISHING == waitKind[s])
            {
                continue;
            }
            if (READY == st)
            {
                ready.remove(s);
            }
            failed++;
            finish(s, FAILED, 0, cause);
            n++;
        }
        for (int s = 0; s < capacity; s++)
        {
            if (module[s] == moduleId && DONE == state[s])
            {
                free(s);
            }
        }
        return n;
    }

    /**
     * Halts the kernel: nothing is resumed any more, {@link #runUntil} returns {@link #RUN_PANIC}.
     * Writes {@code PANIC: reason} and a dump of every coroutine to the report and the console.
     */
    public void panic(final String reason)
    {
        panicked = true;
        report.clear();
        report.text("PANIC at tick ").dec(clock.now()).text(": ").text(reason).nl();
        dump(report);
        report.writeTo(console);
    }

    /** @return true once {@link #panic} was called */
    public boolean isPanicked()
    {
        return panicked;
    }

    /**
     * The coroutine in {@code s} is over: detach it from every wait and timer, hand its outcome to
     * its joiners (or keep it, state DONE, until someone joins), release its object.
     */
    private void finish(final int s, final int outcome, final long v, final Throwable t)
    {
        timers.disarm(s);
        if (isQueued(s))
        {
            waitQueue[s].unlink(s, next, prev);
        }
        // Until the slot is DONE or FREE: cancel and stopModule leave it alone (see WAIT_FINISHING).
        waitKind[s] = WAIT_FINISHING;
        if (null != completionListener)
        {
            final int outer = notifying; // a listener may cancel another coroutine: finish nests
            notifying = s;
            completionListener.onCompleted(handleOf(s), outcome, v);
            notifying = outer;
        }
        final Coroutine c = co[s];
        if (null != supervisor)
        {
            supervisor.released(module[s], c, outcome, v, t);
        }
        c.slot = Coroutine.NOT_SPAWNED;
        co[s] = null;
        final WaitQueue j = joiners[s];
        if (!j.isEmpty() || detached[s])
        {
            int w;
            while (WaitQueue.NONE != (w = j.head))
            {
                fault[w] = t;
                wakeFirst(j, outcome, v);
            }
            free(s);
        }
        else
        {
            state[s] = DONE;
            status[s] = outcome;
            value[s] = v;
            fault[s] = t;
        }
    }

    private void free(final int s)
    {
        state[s] = FREE;
        fault[s] = null;
        detached[s] = false;
        final int g = generation[s] + 1;
        generation[s] = g > maxGeneration ? 1 : g;
        freeSlots[freeCount++] = s;
    }

    // =============================================================================================
    // Statistics, dumps, deadlock report
    // =============================================================================================

    public int capacity()
    {
        return capacity;
    }

    public long spawnedCount()
    {
        return spawned;
    }

    /** Coroutines that finished with {@link #done}. */
    public long completedCount()
    {
        return completed;
    }

    /** Coroutines that finished with {@link #fail} or an exception. */
    public long failedCount()
    {
        return failed;
    }

    public long canceledCount()
    {
        return canceled;
    }

    /** Resumes performed. */
    public long contextSwitchCount()
    {
        return ready.pollCount(); // one resume per poll: no counter of its own on the hottest path
    }

    /**
     * Spawns refused: the table was full ({@code -EAGAIN}) or the module refused it
     * ({@code -ESRCH}, {@code -EDQUOT}, {@code -ENOMEM}).
     */
    public long spawnRejectedCount()
    {
        return spawnRejected;
    }

    /** The most coroutines ever ready or running at once (the ready queue's high-water mark, plus the running one). */
    public int maxReadyDepth()
    {
        return maxReadyDepth;
    }

    public int readyCount()
    {
        return ready.size();
    }

    /** The earliest armed timer's deadline, or {@link Clock#NO_DEADLINE}. */
    public long nextDeadline()
    {
        return timers.peekDeadline();
    }

    public int armedTimerCount()
    {
        return timers.size();
    }

    /** Slots not FREE (running, ready, sleeping, waiting or DONE). */
    public int liveCount()
    {
        return capacity - freeCount;
    }

    /** Coroutines in state WAITING (blocked on an object or parked). */
    public int waitingCount()
    {
        int n = 0;
        for (int s = 0; s < capacity; s++)
        {
            if (WAITING == state[s])
            {
                n++;
            }
        }
        return n;
    }

    public static String stateName(final int st)
    {
        return st >= 0 && st < STATE_NAMES.length ? STATE_NAMES[st] : "?";
    }

    public static String waitName(final int kind)
    {
        return kind >= 0 && kind < WAIT_NAMES.length ? WAIT_NAMES[kind] : "?";
    }

    /**
     * Writes one line per live coroutine (slot, handle, state, pc, module, name, what it waits for)
     * into {@code out}, without allocating (the design's dump_coroutines).
     *
     * @return the number of live coroutines listed
     */
    public int dump(final AsciiSink out)
    {
        out.text("slot handle     state    pc    module name             wait").nl();
        int n = 0;
        for (int s = 0; s < capacity; s++)
        {
            if (FREE != state[s])
            {
                dumpLine(out, s);
                n++;
            }
        }
        return n;
    }

    private void dumpLine(final AsciiSink out, final int s)
    {
        final Coroutine c = co[s];
        out.dec(s, 4).put(' ').hex32(handleOf(s)).put(' ').column(stateName(stateAt(s)), 8).put(' ')
            .dec(null == c ? -1 : c.pc, 5).put(' ').dec(module[s], 6).put(' ').column(null == c ? "(finished)" : c.name, 16)
            .put(' ');
        final int st = stateAt(s);
        if (SLEEPING == st)
        {
            if (timers.isArmed(s))
            {
                out.text("sleep until ").dec(timers.deadlineOf(s));
            }
            else
            {
                out.text("sleep, timer disarmed (finishing)"); // a cancel's completion listener dumps mid-finish
            }
        }
        else if (WAITING == st)
        {
            out.text(waitName(waitKind[s]));
            if (isQueued(s))
            {
                final WaitQueue q = waitQueue[s];
                if (WAIT_JOIN == q.kind)
                {
                    out.put(' ').hex32(q.objectId);
                    final int t = slotOf(q.objectId);
                    if (t >= 0 && null != co[t])
                    {
                        out.text(" '").text(co[t].name).put('\'');
                    }
                }
                else
                {
                    out.text(" #").dec(q.objectId);
                }
            }
            if (timers.isArmed(s))
            {
                out.text(" timeout at ").dec(timers.deadlineOf(s));
            }
            else
            {
                out.text(" forever");
            }
        }
        else if (DONE == st)
        {
            out.text(0 == status[s] ? "completed" : FAILED == status[s] ? "failed" : "canceled")
                .text(" value ").dec(value[s]).text(", not joined yet");
        }
        else
        {
            out.put('-');
        }
        out.nl();
    }

    /**
     * The last deadlock or panic report; valid after {@link #run} returned {@link #RUN_DEADLOCK} or
     * {@link #RUN_PANIC}. After {@link #RUN_IDLE} it holds the run's end notice, which names the modules
     * never started (and was written to the console only if there were any).
     */
    public AsciiSink deadlockReport()
    {
        return report;
    }

    private void writeDeadlockReport()
    {
        report.clear();
        report.text("DEADLOCK at tick ").dec(clock.now()).text(": ").dec(waitingCount())
            .text(" coroutine(s) wait and no timer, ready coroutine or armed interrupt can wake them").nl();
        dump(report);
        if (null != supervisor)
        {
            supervisor.describeUnstarted(report); // a module that never started cannot send what they wait for
        }
        report.writeTo(console);
    }

    /**
     * A run that ends with nothing left to run says so when a module was never started (a missing
     * {@code modules.start} after seal would otherwise end the run silently, having done nothing).
     */
    private void reportUnstartedModules()
    {
        if (null == supervisor)
        {
            return;
        }
        report.clear();
        report.text("run ended at tick ").dec(clock.now()).text(": nothing left to run").nl();
        if (supervisor.describeUnstarted(report) > 0)
        {
            report.writeTo(console);
        }
    }

    /**
     * Verifies every invariant in the class comment; for tests (O(capacity x waiters)).
     *
     * @throws IllegalStateException naming the first broken invariant
     */
    public void checkInvariants()
    {
        int readyStates = 0;
        for (int s = 0; s < capacity; s++)
        {
            final int st = stateAt(s);
            final boolean live = READY == st || RUNNING == st || SLEEPING == st || WAITING == st;
            if (live != (null != co[s]) || (live && co[s].slot != s))
            {
                throw new IllegalStateException("slot " + s + ": coroutine object does not match state " + stateName(st));
            }
            if (READY == st)
            {
                readyStates++;
            }
            if (SLEEPING == st && !timers.isArmed(s))
            {
                throw new IllegalStateException("slot " + s + " sleeps without a timer");
            }
            if (timers.isArmed(s) && SLEEPING != st && WAITING != st)
            {
                throw new IllegalStateException("slot " + s + " has a timer in state " + stateName(st));
            }
            if (null != waitQueue[s])
            {
                checkQueueOf(s);
            }
        }
        if (readyStates != ready.size())
        {
            throw new IllegalStateException("ready queue holds " + ready.size() + " slots, " + readyStates + " are READY");
        }
        for (int i = 0; i < ready.size(); i++)
        {
            final int s = ready.get(i);
            if (READY != state[s])
            {
                throw new IllegalStateException("ready queue holds slot " + s + " in state " + stateName(state[s]));
            }
            for (int j = i + 1; j < ready.size(); j++)
            {
                if (ready.get(j) == s)
                {
                    throw new IllegalStateException("slot " + s + " is queued twice");
                }
            }
        }
        int free = 0;
        for (int s = 0; s < capacity; s++)
        {
            if (FREE == state[s])
            {
                free++;
            }
        }
        if (free != freeCount)
        {
            throw new IllegalStateException(free + " slots are FREE but the free stack holds " + freeCount);
        }
    }

    /**
     * Slot {@code s}'s current or last queue holds {@code s} iff {@code s} waits there (a slot can
     * be linked only in the queue of its last wait, so a woken, timed-out or finished slot left
     * behind shows here), holds only slots that wait on it, and is linked both ways, as many as
     * its size.
     */
    private void checkQueueOf(final int s)
    {
        final WaitQueue q = waitQueue[s];
        boolean holdsS = false;
        int members = 0;
        int before = WaitQueue.NONE;
        for (int x = q.head; WaitQueue.NONE != x; x = next[x])
        {
            if (x != s && (!isQueued(x) || waitQueue[x] != q))
            {
                throw new IllegalStateException(waitName(q.kind) + " #" + q.objectId + " holds slot " + x
                    + ", which does not wait there (state " + stateName(stateAt(x)) + ")");
            }
            if (prev[x] != before || ++members > capacity)
            {
                throw new IllegalStateException(waitName(q.kind) + " #" + q.objectId + " is not a list at slot " + x);
            }
            holdsS |= x == s;
            before = x;
        }
        if (holdsS != isQueued(s))
        {
            throw new IllegalStateException("slot " + s + " in state " + stateName(stateAt(s)) + (holdsS
                ? " is still linked in its last queue " : " waits on a queue that does not hold it: ")
                + waitName(q.kind) + " #" + q.objectId);
        }
        if (members != q.size || before != q.tail)
        {
            throw new IllegalStateException(waitName(q.kind) + " #" + q.objectId + " holds " + members
                + " slots but its size is " + q.size);
        }
    }
}
