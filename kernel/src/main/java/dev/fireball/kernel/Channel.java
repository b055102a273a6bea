package dev.fireball.kernel;

/**
 * A channel between coroutines, created at boot with a fixed capacity (0 = rendezvous). It carries
 * either {@code long} values ({@code messageBytes == 0}; ints widen) or byte messages of up to
 * {@code messageBytes} bytes each, copied in from the sender's memory and out into the receiver's
 * (a {@code byte[]} range, or a {@link ModuleHeap} allocation through the heap overloads). Many
 * senders and receivers; each side is served first come, first served.
 *
 * <h2>Operations</h2>
 * <table>
 * <caption>operations and their results</caption>
 * <tr><th>call</th><th>suspends?</th><th>results</th></tr>
 * <tr><td>{@link #trySend(long)}, {@link #trySend(byte[], int, int)}</td><td>never</td>
 *     <td>0; {@code -Errno.EAGAIN} full (rendezvous: no receiver waits); {@link #CLOSED}</td></tr>
 * <tr><td>{@link #tryReceive()} (value in {@link #lastReceived()}), {@link #tryReceive(byte[], int)}</td>
 *     <td>never</td><td>0 or the message length; {@code -Errno.EAGAIN} empty; {@link #CLOSED} when
 *     closed and drained</td></tr>
 * <tr><td>{@link #send(long, long)}, {@link #receive(long)} and the message forms</td>
 *     <td>if they cannot complete at once</td><td>a directive; on resume {@link Scheduler#status()}
 *     is 0, {@link #CLOSED} or {@code -Errno.ETIMEDOUT}, {@link Scheduler#value()} the value or
 *     message length received</td></tr>
 * <tr><td>{@link #close()}</td><td>never</td><td>0; {@code -Errno.EALREADY}</td></tr>
 * </table>
 * A blocking operation that can complete at once does so without a context switch
 * ({@link Scheduler#proceed}); with {@link Scheduler#NO_WAIT} it never waits and reports
 * {@code -Errno.ETIMEDOUT} when it could not complete. Several operations at once:
 * {@link Select}.
 *
 * <h2>Semantics</h2>
 * <ul>
 * <li>Buffered (capacity {@code c > 0}): a send completes when the value is in the ring or in the
 *     hands of a waiting receiver; a sender waits while the ring is full. When a receiver takes from
 *     a full ring, the longest-waiting sender's value moves into the ring and that sender completes,
 *     so order is FIFO across the ring and the waiting senders.</li>
 * <li>Rendezvous ({@code c == 0}): a send completes only when a receiver takes the value; both
 *     sides wait for each other.</li>
 * <li>{@link #close()}: waiting senders and receivers complete with {@link #CLOSED}; later sends
 *     fail with {@link #CLOSED}; receivers drain what the ring holds, then see {@link #CLOSED}.</li>
 * <li>Messages: a send copies {@code len <= messageBytes} bytes; a receive buffer must have room
 *     for {@code messageBytes} (any message fits) and receives the length. A waiting sender's or
 *     receiver's buffer is read or written when the operation completes, so it must stay untouched
 *     until then (it is the coroutine's own memory: the coroutine is suspended meanwhile).</li>
 * </ul>
 *
 * <h2>Waiters</h2>
 * A plain blocking operation waits on the channel's own wait queue ({@code senders} or
 * {@code receivers}), a select arm as a node in the channel's node list (see {@link Select}).
 * Each wait takes a ticket from {@code arrivals}; the channel serves the lower ticket of the two
 * heads, so waiters of both kinds are served in arrival order.
 *
 * <p><b>Invariants</b>
 * <ul>
 * <li>{@code 0 <= tail - head <= capacity}; capacity is 0 or a power of two.</li>
 * <li>A receiver waits (plain or live node) ⇒ the ring is empty; a sender waits ⇒ the ring is full.</li>
 * <li>{@code closed} ⇒ no sender waits, and no receiver waits while the ring is empty.</li>
 * <li>Along {@code senders}, {@code receivers} and each node list, tickets increase and lie
 *     below {@code arrivals}. Tickets are {@code long}s: an {@code int} counter would wrap after
 *     2^31 arrivals (days of a select loop at kHz rates) while an old waiter still waits, and the
 *     newer arrival would be served first.</li>
 * </ul>
 * <p><b>Context</b>: try-operations and {@link #close()}: kernel context, including bottom halves.
 * Blocking operations: a running coroutine. <b>Allocation</b>: none after the constructor.
 */
public final class Channel
{
    /** Status of an operation on a closed channel: {@code -Errno.EPIPE}. */
    public static final int CLOSED = -Errno.EPIPE;

    private static final int NO_WAITER = -1;

    final Select select;
    private final Scheduler scheduler;
    final int id;
    private final int capacity;
    private final int mask;
    private final int messageBytes;
    private final long[] values;
    private final byte[] messages;
    private final int[] lengths;
    private int head;
    private int tail;
    private boolean closed;
    private long lastReceived;

    // ---- waiters ------------------------------------------------------------------------------------
    // Plain blocking operations wait on the channel's own wait queues (a wake-up is the scheduler's
    // O(1) wakeFirst); select arms wait as nodes in the lists below. Both carry a ticket from
    // `arrivals`, so the two kinds are served in one arrival order (FIFO across plain and select).
    /** Coroutines blocked in a plain send; their payload is in their Select plain node. */
    final WaitQueue senders;
    /** Coroutines blocked in a plain receive. */
    final WaitQueue receivers;
    /** Next arrival ticket; 64 bits never wrap in practice. */
    long arrivals;
    /** Select nodes (indices of the Select; maintained by Select.link/unlink). */
    int sendHead = Select.NONE;
    int sendTail = Select.NONE;
    int receiveHead = Select.NONE;
    int receiveTail = Select.NONE;

    // ---- statistics ---------------------------------------------------------------------------------
    private long sent;
    private long handedOff;
    private int maxDepth;

    /**
     * Boot only.
     *
     * @param select       the selectors of the scheduler whose coroutines use this channel
     * @param id           shown in dumps ({@code channel-receive #id})
     * @param capacity     0 (rendezvous) or a power of two up to 2^20
     * @param messageBytes 0 for a value channel, else the largest message in bytes (1..65536)
     */
    public Channel(final Select select, final int id, final int capacity, final int messageBytes)
    {
        if (null == select)
        {
            throw new IllegalArgumentException("select is required");
        }
        if (capacity < 0 || capacity > (1 << 20) || (0 != (capacity & (capacity - 1))))
        {
            throw new IllegalArgumentException("channel capacity must be 0 or a power of two <= 2^20: capacity=" + capacity);
        }
        if (messageBytes < 0 || messageBytes > 65536)
        {
            throw new IllegalArgumentException("messageBytes must be 0..65536: messageBytes=" + messageBytes);
        }
        this.select = select;
        this.scheduler = select.scheduler;
        this.id = id;
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.messageBytes = messageBytes;
        senders = scheduler.newWaitQueue(Scheduler.WAIT_CHANNEL_SEND, id);
        receivers = scheduler.newWaitQueue(Scheduler.WAIT_CHANNEL_RECEIVE, id);
        if (0 == messageBytes)
        {
            values = new long[capacity];
            messages = null;
            lengths = null;
        }
        else
        {
            values = null;
            messages = new byte[capacity * messageBytes];
            lengths = new int[capacity];
        }
    }

    public int id()
    {
        return id;
    }

    public int capacity()
    {
        return capacity;
    }

    /** 0 for a value channel, else the largest message. */
    public int messageBytes()
    {
        return messageBytes;
    }

    /** Values or messages in the ring. */
    public int size()
    {
        return tail - head;
    }

    public boolean isClosed()
    {
        return closed;
    }

    /** The value taken by the last successful {@link #tryReceive()} on this channel. */
    public long lastReceived()
    {
        return lastReceived;
    }

    /** Values or messages sent (into the ring or handed to a receiver). */
    public long sentCount()
    {
        return sent;
    }

    /** Of {@link #sentCount()}, those handed directly between a sender and a waiting receiver. */
    public long handOffCount()
    {
        return handedOff;
    }

    /** Most values or messages the ring ever held. */
    public int maxDepth()
    {
        return maxDepth;
    }

    /** Live waiters (a select counts once per arm on this channel); O(waiters), for tests and dumps. */
    public int waitingSenders()
    {
        return senders.size() + countLive(sendHead);
    }

    public int waitingReceivers()
    {
        return receivers.size() + countLive(receiveHead);
    }

    // =============================================================================================
    // Values
    // =============================================================================================

    /**
     * Send {@code v} without suspending.
     *
     * @return 0; {@code -Errno.EAGAIN} if the ring is full (rendezvous: no receiver waits);
     *         {@link #CLOSED}
     */
    public int trySend(final long v)
    {
        requireValues();
        if (closed)
        {
            return CLOSED;
        }
        final int r = nextReceiver();
        if (NO_WAITER != r)
        {
            // A waiting receiver implies an empty ring: hand the value over.
            sent++;
            handedOff++;
            completeReceiver(r, r >= 0 ? NO_WAITER : nodeOf(r), v);
            return 0;
        }
        if (tail - head < capacity)
        {
            values[tail & mask] = v;
            tail++;
            sent++;
            noteDepth();
            return 0;
        }
        return -Errno.EAGAIN;
    }

    /**
     * Receive a value without suspending; the value is then in {@link #lastReceived()}.
     *
     * @return 0; {@code -Errno.EAGAIN} if nothing is there; {@link #CLOSED} if closed and drained
     */
    public int tryReceive()
    {
        requireValues();
        if (tail != head)
        {
            lastReceived = values[head & mask];
            head++;
            refillFromSender();
            return 0;
        }
        final int w = nextSender();
        if (NO_WAITER != w)
        {
            // Rendezvous: take the value from the waiting sender.
            sent++;
            handedOff++;
            final int node = w >= 0 ? select.plainNode(w) : nodeOf(w);
            lastReceived = select.nodeValue[node];
            completeSender(w, node);
            return 0;
        }
        return closed ? CLOSED : -Errno.EAGAIN;
    }

    /**
     * Directive: send {@code v}, waiting at most {@code timeoutTicks} for room or a receiver. On
     * resume {@link Scheduler#status()} is 0, {@link #CLOSED} or {@code -Errno.ETIMEDOUT}.
     */
    public int send(final long v, final long timeoutTicks)
    {
        Select.checkTimeout(timeoutTicks);
        scheduler.requireDirective("Channel.send()"); // before trySend: a refused send sends nothing
        final int r = trySend(v);
        if (-Errno.EAGAIN != r)
        {
            return scheduler.proceed(r, 0);
        }
        if (Scheduler.NO_WAIT == timeoutTicks)
        {
            return scheduler.proceed(-Errno.ETIMEDOUT, 0);
        }
        return select.pendPlain(this, senders, v, null, 0, 0, timeoutTicks);
    }

    /**
     * Directive: receive a value, waiting at most {@code timeoutTicks}. On resume
     * {@link Scheduler#status()} is 0 (the value is {@link Scheduler#value()}), {@link #CLOSED} or
     * {@code -Errno.ETIMEDOUT}.
     */
    public int receive(final long timeoutTicks)
    {
        Select.checkTimeout(timeoutTicks);
        scheduler.requireDirective("Channel.receive()"); // before tryReceive: a refused receive takes nothing
        final int r = tryReceive();
        if (-Errno.EAGAIN != r)
        {
            return scheduler.proceed(r, 0 == r ? lastReceived : 0);
        }
        if (Scheduler.NO_WAIT == timeoutTicks)
        {
            return scheduler.proceed(-Errno.ETIMEDOUT, 0);
        }
        return select.pendPlain(this, receivers, 0, null, 0, 0, timeoutTicks);
    }

    // =============================================================================================
    // Messages
    // =============================================================================================

    /**
     * Copy the message {@code src[off, off + len)} into the channel without suspending.
     *
     * @return 0; {@code -Errno.EAGAIN} if full (rendezvous: no receiver waits); {@link #CLOSED}
     * @throws IllegalArgumentException if {@code len > messageBytes} or the range is outside {@code src}
     */
    public int trySend(final byte[] src, final int off, final int len)
    {
        requireMessages();
        checkSendBuffer(src, off, len);
        if (closed)
        {
            return CLOSED;
        }
        final int r = nextReceiver();
        if (NO_WAITER != r)
        {
            final int node = r >= 0 ? select.plainNode(r) : nodeOf(r);
            System.arraycopy(src, off, select.nodeBuf[node], select.nodeOff[node], len);
            sent++;
            handedOff++;
            completeReceiver(r, node, len);
            return 0;
        }
        if (tail - head < capacity)
        {
            final int i = tail & mask;
            System.arraycopy(src, off, messages, i * messageBytes, len);
            lengths[i] = len;
            tail++;
            sent++;
            noteDepth();
            return 0;
        }
        return -Errno.EAGAIN;
    }

    /**
     * Copy the next message into {@code dst[off, off + messageBytes)} without suspending.
     *
     * @return the message's length ({@code >= 0}); {@code -Errno.EAGAIN} if none is there;
     *         {@link #CLOSED} if closed and drained
     * @throws IllegalArgumentException if {@code dst} has fewer than messageBytes bytes from {@code off}
     */
    public int tryReceive(final byte[] dst, final int off)
    {
        requireMessages();
        checkReceiveBuffer(dst, off);
        if (tail != head)
        {
            final int i = head & mask;
            final int len = lengths[i];
            System.arraycopy(messages, i * messageBytes, dst, off, len);
            head++;
            refillFromSender();
            return len;
        }
        final int w = nextSender();
        if (NO_WAITER != w)
        {
            final int node = w >= 0 ? select.plainNode(w) : nodeOf(w);
            final int len = select.nodeLen[node];
            System.arraycopy(select.nodeBuf[node], select.nodeOff[node], dst, off, len);
            sent++;
            handedOff++;
            completeSender(w, node);
            return len;
        }
        return closed ? CLOSED : -Errno.EAGAIN;
    }

    /**
     * Directive: send the message {@code src[off, off + len)}, waiting at most {@code timeoutTicks}.
     * While it waits, {@code src} must not change. Results as {@link #send(long, long)}.
     */
    public int send(final byte[] src, final int off, final int len, final long timeoutTicks)
    {
        Select.checkTimeout(timeoutTicks);
        scheduler.requireDirective("Channel.send()");
        final int r = trySend(src, off, len);
        if (-Errno.EAGAIN != r)
        {
            return scheduler.proceed(r, 0);
        }
        if (Scheduler.NO_WAIT == timeoutTicks)
        {
            return scheduler.proceed(-Errno.ETIMEDOUT, 0);
        }
        return select.pendPlain(this, senders, 0, src, off, len, timeoutTicks);
    }

    /**
     * Directive: receive a message into {@code dst[off, off + messageBytes)}, waiting at most
     * {@code timeoutTicks}. On resume {@link Scheduler#status()} is 0 ({@link Scheduler#value()} is
     * the length), {@link #CLOSED} or {@code -Errno.ETIMEDOUT}.
     */
    public int receive(final byte[] dst, final int off, final long timeoutTicks)
    {
        Select.checkTimeout(timeoutTicks);
        scheduler.requireDirective("Channel.receive()");
        final int r = tryReceive(dst, off);
        if (-Errno.EAGAIN != r)
        {
            return r >= 0 ? scheduler.proceed(0, r) : scheduler.proceed(r, 0);
        }
        if (Scheduler.NO_WAIT == timeoutTicks)
        {
            return scheduler.proceed(-Errno.ETIMEDOUT, 0);
        }
        return select.pendPlain(this, receivers, 0, dst, off, 0, timeoutTicks);
    }

    /**
     * Directive: send {@code len} bytes of heap allocation {@code handle} from {@code offset}.
     *
     * @throws HeapFault if the range is not inside a live allocation (faults the coroutine)
     */
    public int send(final ModuleHeap heap, final int handle, final int offset, final int len, final long timeoutTicks)
    {
        return send(heap.array(), heap.arrayOffset(handle, offset, len), len, timeoutTicks);
    }

    /**
     * Directive: receive a message into heap allocation {@code handle} at {@code offset}, which must
     * have room for messageBytes.
     *
     * @throws HeapFault if the range is not inside a live allocation (faults the coroutine)
     */
    public int receive(final ModuleHeap heap, final int handle, final int offset, final long timeoutTicks)
    {
        return receive(heap.array(), heap.arrayOffset(handle, offset, messageBytes), timeoutTicks);
    }

    // =============================================================================================
    // Close
    // =============================================================================================

    /**
     * Close the channel: every waiting sender and receiver completes with {@link #CLOSED}; later
     * sends fail with {@link #CLOSED}; receivers drain the ring, then see {@link #CLOSED}.
     *
     * @return 0, or {@code -Errno.EALREADY} if it was already closed
     */
    public int close()
    {
        if (closed)
        {
            return -Errno.EALREADY;
        }
        closed = true;
        scheduler.wakeAll(receivers, CLOSED, 0);
        scheduler.wakeAll(senders, CLOSED, 0);
        int n;
        while (Select.NONE != (n = firstLiveReceiver()))
        {
            select.complete(n, CLOSED, 0);
        }
        while (Select.NONE != (n = firstLiveSender()))
        {
            select.complete(n, CLOSED, 0);
        }
        return 0;
    }

    // =============================================================================================
    // Internals (Select)
    // =============================================================================================

    /**
     * One select arm (node) tried without suspending.
     *
     * @return as the try-operation of the arm's kind
     */
    int tryArm(final int node)
    {
        final Select sel = select;
        if (Select.OP_SEND == sel.nodeOp[node])
        {
            return 0 == messageBytes ? trySend(sel.nodeValue[node])
                : trySend(sel.nodeBuf[node], sel.nodeOff[node], sel.nodeLen[node]);
        }
        return 0 == messageBytes ? tryReceive() : tryReceive(sel.nodeBuf[node], sel.nodeOff[node]);
    }

    /** The value a select reports for arm {@code node} after {@link #tryArm} returned {@code r}. */
    long armValue(final int node, final int r)
    {
        if (r < 0 || Select.OP_SEND == select.nodeOp[node])
        {
            return 0;
        }
        return 0 == messageBytes ? lastReceived : r;
    }

    /** After a take from the ring: the longest-waiting live sender's payload moves into the freed place. */
    private void refillFromSender()
    {
        final int w = nextSender();
        if (NO_WAITER == w)
        {
            return;
        }
        final Select sel = select;
        final int node = w >= 0 ? sel.plainNode(w) : nodeOf(w);
        final int i = tail & mask;
        if (0 == messageBytes)
        {
            values[i] = sel.nodeValue[node];
        }
        else
        {
            final int len = sel.nodeLen[node];
            System.arraycopy(sel.nodeBuf[node], sel.nodeOff[node], messages, i * messageBytes, len);
            lengths[i] = len;
        }
        tail++;
        sent++;
        completeSender(w, node);
    }

    /**
     * The waiting receiver {@code r} (as {@link #nextReceiver}; {@code node} its select node) has
     * its data: it completes with 0 and {@code value} (the value, or the message length).
     */
    private void completeReceiver(final int r, final int node, final long value)
    {
        if (r >= 0)
        {
            scheduler.wakeFirst(receivers, 0, value);
        }
        else
        {
            select.complete(node, 0, value);
        }
    }

    /** The waiting sender {@code w} (as {@link #nextSender}) has delivered: it completes with 0. */
    private void completeSender(final int w, final int node)
    {
        if (w >= 0)
        {
            scheduler.wakeFirst(senders, 0, 0);
        }
        else
        {
            select.complete(node, 0, 0);
        }
    }

    /**
     * The receiver to serve next, in arrival order: a plain waiter's slot ({@code >= 0}; it heads
     * {@link #receivers}), a live select node encoded as {@code -2 - node} (see {@link #nodeOf}), or
     * {@link #NO_WAITER}.
     */
    private int nextReceiver()
    {
        final int p = receivers.head;
        if (Select.NONE == receiveHead)
        {
            return p; // WaitQueue.NONE == NO_WAITER
        }
        final int n = firstLiveReceiver();
        if (Select.NONE == n)
        {
            return p;
        }
        return WaitQueue.NONE == p || select.nodeTicket[n] < select.plainTicket[p] ? -2 - n : p;
    }

    /** As {@link #nextReceiver}, for senders. */
    private int nextSender()
    {
        final int p = senders.head;
        if (Select.NONE == sendHead)
        {
            return p;
        }
        final int n = firstLiveSender();
        if (Select.NONE == n)
        {
            return p;
        }
        return WaitQueue.NONE == p || select.nodeTicket[n] < select.plainTicket[p] ? -2 - n : p;
    }

    /** The select node of a waiter code {@code w < NO_WAITER} from {@link #nextReceiver}/{@link #nextSender}. */
    private static int nodeOf(final int w)
    {
        return -2 - w;
    }

    private int firstLiveReceiver()
    {
        final Select sel = select;
        int n;
        while (Select.NONE != (n = receiveHead))
        {
            if (sel.isLive(n))
            {
                return n;
            }
            sel.unlink(n); // timed out or canceled: drop the dead node
        }
        return Select.NONE;
    }

    private int firstLiveSender()
    {
        final Select sel = select;
        int n;
        while (Select.NONE != (n = sendHead))
        {
            if (sel.isLive(n))
            {
                return n;
            }
            sel.unlink(n);
        }
        return Select.NONE;
    }

    private int countLive(final int first)
    {
        int count = 0;
        for (int n = first; Select.NONE != n; n = select.nodeNext[n])
        {
            if (select.isLive(n))
            {
                count++;
            }
        }
        return count;
    }

    private void noteDepth()
    {
        final int depth = tail - head;
        if (depth > maxDepth)
        {
            maxDepth = depth;
        }
    }

    void requireValues()
    {
        if (0 != messageBytes)
        {
            throw notValues(); // out of line: keeps this hot check small enough to inline
        }
    }

    private IllegalStateException notValues()
    {
        return new IllegalStateException(
            "channel #" + id + " carries messages of up to " + messageBytes + " bytes, not values");
    }

    void requireMessages()
    {
        if (0 == messageBytes)
        {
            throw new IllegalStateException("channel #" + id + " carries values, not messages");
        }
    }

    void checkSendBuffer(final byte[] src, final int off, final int len)
    {
        if (null == src || off < 0 || len < 0 || len > messageBytes || off > src.length - len)
        {
            throw new IllegalArgumentException("message outside the buffer or longer than channel #" + id
                + "'s messageBytes=" + messageBytes + ": off=" + off + ", len=" + len + ", buffer="
                + (null == src ? -1 : src.length));
        }
    }

    void checkReceiveBuffer(final byte[] dst, final int off)
    {
        if (null == dst || off < 0 || off > dst.length - messageBytes)
        {
            throw new IllegalArgumentException("receive buffer of channel #" + id + " needs messageBytes="
                + messageBytes + " from off=" + off + ", buffer=" + (null == dst ? -1 : dst.length));
        }
    }

    /**
     * Verifies the class invariants for tests.
     *
     * @throws IllegalStateException naming the first broken invariant
     */
    public void checkInvariants()
    {
        final int depth = tail - head;
        if (depth < 0 || depth > capacity)
        {
            throw new IllegalStateException("channel #" + id + ": depth " + depth + " outside 0.." + capacity);
        }
        final int liveReceivers = receivers.size() + countLive(receiveHead);
        final int liveSenders = senders.size() + countLive(sendHead);
        if (liveReceivers > 0 && depth > 0)
        {
            throw new IllegalStateException("channel #" + id + ": receivers wait while the ring holds " + depth);
        }
        if (liveSenders > 0 && depth < capacity)
        {
            throw new IllegalStateException("channel #" + id + ": senders wait while the ring has room");
        }
        if (closed && liveSenders > 0)
        {
            throw new IllegalStateException("channel #" + id + ": closed with senders waiting");
        }
        checkTickets(receivers, receiveHead);
        checkTickets(senders, sendHead);
    }

    /** Tickets increase along the plain queue {@code q} and the node list from {@code nodeHead}. */
    private void checkTickets(final WaitQueue q, final int nodeHead)
    {
        long last = 0;
        boolean first = true;
        for (int w = q.head; WaitQueue.NONE != w; w = scheduler.nextWaiter(w))
        {
            final long t = select.plainTicket[w];
            if (!first && t <= last)
            {
                throw new IllegalStateException("channel #" + id + ": plain tickets out of order");
            }
            if (t >= arrivals)
            {
                throw new IllegalStateException("channel #" + id + ": plain ticket " + t + " not before arrivals " + arrivals);
            }
            first = false;
            last = t;
        }
        first = true;
        for (int n = nodeHead; Select.NONE != n; n = select.nodeNext[n])
        {
            final long t = select.nodeTicket[n];
            if (!first && t <= last)
            {
                throw new IllegalStateException("channel #" + id + ": node tickets out of order");
            }
            if (t >= arrivals)
            {
                throw new IllegalStateException("channel #" + id + ": node ticket " + t + " not before arrivals " + arrivals);
            }
            first = false;
            last = t;
        }
    }
}
