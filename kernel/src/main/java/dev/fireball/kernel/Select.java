package dev.fireball.kernel;

/**
 * Waiting on several channels: one selector per coroutine slot, and the waiter nodes through which
 * a blocked select waits (Go's {@code sudog}). {@link #await} waits on up to {@code maxArms}
 * channel operations at once, plus a timeout (the seed's {@code coos::select(sensor_ch, timer_ch)}).
 * A plain blocking {@link Channel#send} or {@link Channel#receive} needs no nodes: it waits on the
 * channel's own wait queue ({@link #pendPlain}), and the channel serves its plain waiters and its
 * select nodes in one arrival order (tickets).
 *
 * <h2>Why nodes, not wait queues</h2>
 * A coroutine can be linked in one {@link WaitQueue} only, and a select waits on several channels.
 * So a selecting coroutine pends on its own private wait queue (dumps say {@code select}), and
 * each of its arms is a node linked into the sender or receiver node list of the arm's channel.
 * Node {@code slot << armShift | arm} belongs to coroutine slot {@code slot}; the lists are
 * intrusive int lists through {@code nodeNext}/{@code nodePrev}, FIFO. Each node takes an arrival
 * ticket from its channel, as plain waiters do, so the channel serves both kinds in the order they
 * arrived.
 *
 * <h2>Exactly one arm; losers are not consumed</h2>
 * <ol>
 * <li>{@link #await} first tries every arm without blocking, starting after the arm chosen last
 *     time (round robin); the first one that can complete does, and the select returns it. No other
 *     arm is touched.</li>
 * <li>If none can, every arm's node is linked into its channel and the coroutine pends. A channel
 *     operation that meets a node completes it through {@link #complete}, which moves that one
 *     arm's data, unlinks <em>all</em> the selector's nodes and wakes it with the arm's index. From
 *     then on no other channel can see the selector, so no second arm can complete.</li>
 * </ol>
 * Data moves only in those two places, and only for the arm that completes: an arm that loses has
 * moved nothing, so no message can be lost the way Embassy's dropped futures lose them.
 *
 * <h2>Stale nodes</h2>
 * A node is live iff its coroutine is pending on its private queue. A timeout or a cancel takes the
 * coroutine off that queue without telling the channels, so its nodes stay linked but dead; every
 * channel operation unlinks dead nodes it meets at the head of a list, and the coroutine's next
 * wait unlinks all of its old nodes first. A dead node never receives data.
 *
 * <h2>Fairness</h2>
 * The scan starts at the arm after the one that completed last in this slot, so an arm that is
 * ready at every select is chosen at least once in every {@code armCount} selects, and arms that
 * are always ready are chosen in turn (exactly equal shares).
 *
 * <h2>Results</h2>
 * After a select resumes: {@link Scheduler#status()} is the completed arm's index (0..arms-1) or
 * {@code -Errno.ETIMEDOUT}; {@link Scheduler#value()} the received value, or the received message's
 * length; {@link #outcome()} the arm's own result: 0, or {@link Channel#CLOSED} when its channel
 * was closed (a closed channel makes its arms ready, as in Go).
 *
 * <p><b>Invariants</b>
 * <ul>
 * <li>{@code nodeLinked[n]} ⇔ node n is in exactly one list: the senders ({@code nodeOp == OP_SEND})
 *     or receivers of {@code nodeChannel[n]}.</li>
 * <li>A live node of a buffered channel's receiver list implies that channel's ring is empty; a
 *     live node of its sender list implies the ring is full.</li>
 * <li>{@code mode[slot] == MODE_BUILDING} only between {@link #begin} and {@link #await} of the same
 *     resume.</li>
 * </ul>
 * <p><b>Context</b>: kernel; {@link #begin}, the arm methods and {@link #await} only from a
 * running coroutine. <b>Allocation</b>: none after the constructor.
 */
public final class Select
{
    static final int NONE = -1;
    static final int OP_SEND = 1;
    static final int OP_RECEIVE = 2;

    /** What a slot's current or last wait is: a plain operation (status = outcome)... */
    private static final int MODE_PLAIN = 0;
    /** ...a select being built by {@link #begin} and arms... */
    private static final int MODE_BUILDING = 1;
    /** ...or an awaited select (status = arm index). */
    private static final int MODE_SELECT = 2;

    final Scheduler scheduler;
    private final int slots;
    private final int maxArms;
    private final int armShift;
    private final int armMask;

    // ---- nodes: index slot << armShift | arm -----------------------------------------------------
    final Channel[] nodeChannel;
    final int[] nodeOp;
    /** Value to send (value channels). */
    final long[] nodeValue;
    /** Message source (send) or destination (receive), offset and length (send). */
    final byte[][] nodeBuf;
    final int[] nodeOff;
    final int[] nodeLen;
    final boolean[] nodeLinked;
    final int[] nodeNext;
    final int[] nodePrev;
    /** Arrival order of a linked node within its channel (see {@link Channel}'s waiter order). */
    final long[] nodeTicket;

    // ---- per coroutine slot -----------------------------------------------------------------------
    private final WaitQueue[] queue;
    /** Arms defined by the last begin/arm calls or plain operation; bounds the slot's nodes in use. */
    private final int[] armCount;
    /** MODE_PLAIN, MODE_BUILDING or MODE_SELECT. */
    private final int[] mode;
    private final int[] lastArm;
    private final int[] outcome;
    /** Nodes of the slot linked in channel lists (live or dead); 0 lets the next wait skip the unlinking. */
    private final int[] linkedCount;
    /** Arrival order of a slot's plain wait within its channel. */
    final long[] plainTicket;
    /**
     * The scheduler's context-switch count when the slot's select was begun: a select is built and
     * awaited in one resume, so a half-built select of a coroutine that died is not the next
     * occupant's.
     */
    private final long[] builtIn;

    // ---- statistics ---------------------------------------------------------------------------------
    private long selects;
    private long selectsBlocked;

    /**
     * Boot only.
     *
     * @param scheduler the scheduler whose coroutines wait here
     * @param maxArms   most arms in one select, 1..32
     */
    public Select(final Scheduler scheduler, final int maxArms)
    {
        if (null == scheduler)
        {
            throw new IllegalArgumentException("scheduler is required");
        }
        if (maxArms < 1 || maxArms > 32)
        {
            throw new IllegalArgumentException("maxArms must be 1..32: maxArms=" + maxArms);
        }
        this.scheduler = scheduler;
        this.maxArms = maxArms;
        slots = scheduler.capacity();
        int shift = 0;
        while ((1 << shift) < maxArms)
        {
            shift++;
        }
        armShift = shift;
        armMask = (1 << shift) - 1;
        final int nodes = slots << shift;
        nodeChannel = new Channel[nodes];
        nodeOp = new int[nodes];
        nodeValue = new long[nodes];
        nodeBuf = new byte[nodes][];
        nodeOff = new int[nodes];
        nodeLen = new int[nodes];
        nodeLinked = new boolean[nodes];
        nodeNext = new int[nodes];
        nodePrev = new int[nodes];
        nodeTicket = new long[nodes];
        queue = new WaitQueue[slots];
        armCount = new int[slots];
        mode = new int[slots];
        lastArm = new int[slots];
        outcome = new int[slots];
        linkedCount = new int[slots];
        plainTicket = new long[slots];
        builtIn = new long[slots];
        for (int s = 0; s < slots; s++)
        {
            queue[s] = scheduler.newWaitQueue(Scheduler.WAIT_SELECT, s);
            lastArm[s] = -1;
        }
    }

    public int maxArms()
    {
        return maxArms;
    }

    // =============================================================================================
    // Building and awaiting a select (from a running coroutine)
    // =============================================================================================

    /** Start a new select for the running coroutine; then add arms, then return {@link #await}. */
    public void begin()
    {
        final int slot = runningSlot("Select.begin()");
        unlinkAll(slot);
        armCount[slot] = 0;
        mode[slot] = MODE_BUILDING;
        builtIn[slot] = scheduler.contextSwitchCount();
    }

    /** A select is being built in this very resume (not left half-built by the slot's last occupant). */
    private boolean building(final int slot)
    {
        return MODE_BUILDING == mode[slot] && builtIn[slot] == scheduler.contextSwitchCount();
    }

    /** Arm: receive a value from {@code ch}. @return the arm's index */
    public int receive(final Channel ch)
    {
        ch.requireValues();
        return addArm(ch, OP_RECEIVE, 0, null, 0, 0);
    }

    /**
     * Arm: receive a message from {@code ch} into {@code dst[off, off + ch.messageBytes())}.
     *
     * @return the arm's index
     */
    public int receive(final Channel ch, final byte[] dst, final int off)
    {
        ch.requireMessages();
        ch.checkReceiveBuffer(dst, off);
        return addArm(ch, OP_RECEIVE, 0, dst, off, 0);
    }

    /** Arm: send {@code v} to {@code ch}. @return the arm's index */
    public int send(final Channel ch, final long v)
    {
        ch.requireValues();
        return addArm(ch, OP_SEND, v, null, 0, 0);
    }

    /**
     * Arm: send the message {@code src[off, off + len)} to {@code ch}. The bytes are copied when
     * the arm completes, so {@code src} must not change until the select returns.
     *
     * @return the arm's index
     */
    public int send(final Channel ch, final byte[] src, final int off, final int len)
    {
        ch.requireMessages();
        ch.checkSendBuffer(src, off, len);
        return addArm(ch, OP_SEND, 0, src, off, len);
    }

    private int addArm(final Channel ch, final int op, final long v, final byte[] buf, final int off, final int len)
    {
        final int slot = runningSlot("a select arm");
        if (!building(slot))
        {
            throw new IllegalStateException(scheduler.describe(slot)
                + " adds a select arm without Select.begin() in the same resume");
        }
        final int arm = armCount[slot];
        if (arm == maxArms)
        {
            throw new IllegalStateException(
                scheduler.describe(slot) + " adds more than maxArms=" + maxArms + " select arms");
        }
        if (null == ch)
        {
            throw new IllegalArgumentException("null channel");
        }
        if (ch.select != this)
        {
            throw new IllegalArgumentException("channel #" + ch.id + " belongs to another Select");
        }
        define((slot << armShift) | arm, ch, op, v, buf, off, len);
        armCount[slot] = arm + 1;
        return arm;
    }

    /**
     * Directive: complete exactly one arm, waiting at most {@code timeoutTicks}
     * ({@link Scheduler#NO_WAIT}: Go's {@code default} arm; {@link Scheduler#FOREVER}: no timeout).
     * See the class comment for the results.
     *
     * @throws IllegalStateException without {@link #begin} and at least one arm
     */
    public int await(final long timeoutTicks)
    {
        final int slot = runningSlot("Select.await()");
        checkTimeout(timeoutTicks);
        final int n = armCount[slot];
        if (!building(slot) || 0 == n)
        {
            throw new IllegalStateException(scheduler.describe(slot)
                + " awaits a select without Select.begin() and arms in the same resume");
        }
        // Before the scan: a refused await (a second directive in this resume) must take nothing.
        scheduler.requireDirective("Select.await()");
        mode[slot] = MODE_SELECT;
        outcome[slot] = 0; // a timeout must not show the previous select's outcome
        selects++;
        final int base = slot << armShift;
        // 1. Try each arm once, starting after the last winner; the first that can complete wins.
        int arm = lastArm[slot] + 1;
        for (int i = 0; i < n; i++, arm++)
        {
            if (arm >= n)
            {
                arm = 0;
            }
            final int node = base | arm;
            final Channel ch = nodeChannel[node];
            final int r = ch.tryArm(node);
            if (-Errno.EAGAIN != r)
            {
                lastArm[slot] = arm;
                outcome[slot] = r < 0 ? r : 0;
                return scheduler.proceed(arm, ch.armValue(node, r));
            }
        }
        if (Scheduler.NO_WAIT == timeoutTicks)
        {
            return scheduler.proceed(-Errno.ETIMEDOUT, 0);
        }
        // 2. Nothing ready: wait on every arm at once.
        selectsBlocked++;
        for (int a = 0; a < n; a++)
        {
            link(base | a, nodeOp[base | a]);
        }
        final WaitQueue q = queue[slot];
        q.retarget(Scheduler.WAIT_SELECT, n);
        return scheduler.pend(q, timeoutTicks);
    }

    /**
     * The completed arm's own result for the running coroutine, after a select: 0, or
     * {@link Channel#CLOSED} when the arm's channel was closed; 0 after a timeout.
     */
    public int outcome()
    {
        return outcome[runningSlot("Select.outcome()")];
    }

    /** Selects awaited, and of those how many had to wait. */
    public long selectCount()
    {
        return selects;
    }

    public long selectBlockedCount()
    {
        return selectsBlocked;
    }

    // =============================================================================================
    // For channels
    // =============================================================================================

    /**
     * A plain blocking operation: the running coroutine waits on {@code q}, one of {@code ch}'s own
     * wait queues, not through nodes. Its payload sits in its first node's payload fields
     * ({@link #plainNode}); the node itself is not linked anywhere (the slot's old nodes are
     * unlinked first), so nothing else reads them.
     */
    int pendPlain(final Channel ch, final WaitQueue q, final long v, final byte[] buf, final int off, final int len,
        final long timeoutTicks)
    {
        final int slot = runningSlot(q.kind == Scheduler.WAIT_CHANNEL_SEND ? "Channel.send()" : "Channel.receive()");
        if (0 != linkedCount[slot])
        {
            unlinkAll(slot);
        }
        if (MODE_PLAIN != mode[slot])
        {
            mode[slot] = MODE_PLAIN; // a select being built is abandoned (its arms are never linked)
        }
        final int node = slot << armShift;
        nodeValue[node] = v;
        if (null != buf)
        {
            if (nodeBuf[node] != buf)
            {
                nodeBuf[node] = buf;
            }
            nodeOff[node] = off;
            nodeLen[node] = len;
        }
        plainTicket[slot] = ch.arrivals++;
        return scheduler.pend(q, timeoutTicks);
    }

    /** The node whose payload fields hold slot {@code slot}'s plain wait. */
    int plainNode(final int slot)
    {
        return slot << armShift;
    }

    /** A node is live iff its coroutine still pends on its private queue. */
    boolean isLive(final int node)
    {
        return !queue[node >>> armShift].isEmpty();
    }

    /**
     * A channel operation met live node {@code node} and has moved its data: unlink every node of
     * its coroutine and wake it, with the arm's index (select) or {@code status} (plain operation).
     */
    void complete(final int node, final int status, final long value)
    {
        final int slot = node >>> armShift;
        if (1 == linkedCount[slot])
        {
            unlink(node); // a plain operation, or the last arm of a select: nothing else to withdraw
        }
        else
        {
            unlinkAll(slot);
        }
        // Only selects link nodes (plain operations wait on the channel's own queues).
        final int arm = node & armMask;
        outcome[slot] = status;
        lastArm[slot] = arm;
        scheduler.wakeFirst(queue[slot], arm, value);
    }

    /** Unlinks {@code node} from its channel's list. */
    void unlink(final int node)
    {
        final Channel ch = nodeChannel[node];
        final int n = nodeNext[node];
        final int p = nodePrev[node];
        final boolean send = OP_SEND == nodeOp[node];
        if (NONE == p)
        {
            if (send)
            {
                ch.sendHead = n;
            }
            else
            {
                ch.receiveHead = n;
            }
        }
        else
        {
            nodeNext[p] = n;
        }
        if (NONE == n)
        {
            if (send)
            {
                ch.sendTail = p;
            }
            else
            {
                ch.receiveTail = p;
            }
        }
        else
        {
            nodePrev[n] = p;
        }
        nodeNext[node] = NONE;
        nodePrev[node] = NONE;
        nodeLinked[node] = false;
        linkedCount[node >>> armShift]--;
    }

    private void link(final int node, final int op)
    {
        final Channel ch = nodeChannel[node];
        final boolean send = OP_SEND == op;
        final int tail = send ? ch.sendTail : ch.receiveTail;
        nodeNext[node] = NONE;
        nodePrev[node] = tail;
        if (NONE == tail)
        {
            if (send)
            {
                ch.sendHead = node;
            }
            else
            {
                ch.receiveHead = node;
            }
        }
        else
        {
            nodeNext[tail] = node;
        }
        if (send)
        {
            ch.sendTail = node;
        }
        else
        {
            ch.receiveTail = node;
        }
        nodeLinked[node] = true;
        nodeTicket[node] = ch.arrivals++;
        linkedCount[node >>> armShift]++;
    }

    private void unlinkAll(final int slot)
    {
        if (0 == linkedCount[slot])
        {
            return;
        }
        final int base = slot << armShift;
        final int n = armCount[slot];
        for (int a = 0; a < n; a++)
        {
            if (nodeLinked[base | a])
            {
                unlink(base | a);
            }
        }
    }

    private void define(final int node, final Channel ch, final int op, final long v, final byte[] buf, final int off,
        final int len)
    {
        // Reference stores only when they change: a coroutine usually waits on the same channel again.
        if (nodeChannel[node] != ch)
        {
            nodeChannel[node] = ch;
        }
        nodeOp[node] = op;
        nodeValue[node] = v;
        if (nodeBuf[node] != buf)
        {
            nodeBuf[node] = buf;
        }
        if (null != buf)
        {
            nodeOff[node] = off;
            nodeLen[node] = len;
        }
    }

    private int runningSlot(final String what)
    {
        final int slot = scheduler.currentSlot();
        if (slot < 0)
        {
            throw new IllegalStateException(what + " called outside a running coroutine");
        }
        return slot;
    }

    static void checkTimeout(final long timeoutTicks)
    {
        if (timeoutTicks < Scheduler.FOREVER)
        {
            throw new IllegalArgumentException("timeout must be >= 0 or FOREVER: timeoutTicks=" + timeoutTicks);
        }
    }

    /**
     * Verifies the node invariants for tests: every linked node is in its channel's list once, and
     * lists are consistent both ways.
     *
     * @throws IllegalStateException naming the first broken invariant
     */
    public void checkInvariants()
    {
        int linked = 0;
        for (int node = 0; node < nodeLinked.length; node++)
        {
            if (nodeLinked[node])
            {
                linked++;
                final int p = nodePrev[node];
                final int n = nodeNext[node];
                if (NONE != p && (!nodeLinked[p] || nodeNext[p] != node))
                {
                    throw new IllegalStateException("node " + node + ": prev " + p + " does not link back");
                }
                if (NONE != n && (!nodeLinked[n] || nodePrev[n] != node))
                {
                    throw new IllegalStateException("node " + node + ": next " + n + " does not link back");
                }
                if ((node & armMask) >= armCount[node >>> armShift])
                {
                    throw new IllegalStateException("node " + node + " is linked beyond its slot's arm count");
                }
            }
        }
        int listed = 0;
        for (int node = 0; node < nodeLinked.length; node++)
        {
            if (nodeLinked[node] && NONE == nodePrev[node])
            {
                final Channel ch = nodeChannel[node];
                final boolean send = OP_SEND == nodeOp[node];
                if ((send ? ch.sendHead : ch.receiveHead) != node)
                {
                    throw new IllegalStateException("node " + node + " heads no list of channel #" + ch.id);
                }
                int last = node;
                for (int x = node; NONE != x; x = nodeNext[x])
                {
                    listed++;
                    last = x;
                    if (nodeChannel[x] != ch || nodeOp[x] != nodeOp[node])
                    {
                        throw new IllegalStateException("node " + x + " sits in another channel's list");
                    }
                }
                if ((send ? ch.sendTail : ch.receiveTail) != last)
                {
                    throw new IllegalStateException("channel #" + ch.id + ": tail is not the list's last node");
                }
            }
        }
        if (listed != linked)
        {
            throw new IllegalStateException(linked + " nodes are linked but lists hold " + listed);
        }
        for (int slot = 0; slot < slots; slot++)
        {
            int mine = 0;
            for (int a = 0; a <= armMask; a++)
            {
                if (nodeLinked[(slot << armShift) | a])
                {
                    mine++;
                }
            }
            if (mine != linkedCount[slot])
            {
                throw new IllegalStateException("slot " + slot + " has " + mine + " linked nodes but counts "
                    + linkedCount[slot]);
            }
            if (!queue[slot].isEmpty() && (MODE_SELECT != mode[slot] || mine != armCount[slot]))
            {
                throw new IllegalStateException("slot " + slot + " waits in a select without all of its "
                    + armCount[slot] + " arms linked: " + mine);
            }
        }
    }
}
