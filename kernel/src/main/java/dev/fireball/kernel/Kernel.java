package dev.fireball.kernel;

import dev.fireball.config.BoardConfig;

/**
 * Boot: builds the kernel of one board from its {@link BoardConfig} — the scheduler's
 * MAX_COROUTINES table, the selector through which its channels wait (MAX_COROUTINES slots x
 * MAX_SELECT_ARMS arms), the TRACE_BUFFER_BYTES trace ring and the module table (MAX_MODULES guest modules, plus
 * module 0, the kernel's own, which has no heap) — and
 * creates modules whose heap and frame budget default to the board's GUEST_HEAP_SIZE_KB and
 * COROUTINE_FRAME_BYTES. {@link #seal} ends boot.
 * <p>The communication objects the board's budget charges are made here too, and held to its keys:
 * {@link #channel} (MAX_CHANNELS channels of at most CHANNEL_CAPACITY x CHANNEL_MSG_BYTES, all on
 * {@link #select}), {@link #eventGroup} (MAX_EVENTS), {@link #futures} (one pool of MAX_FUTURES) and
 * {@link #bridge} (one bridge of MAX_INTERRUPT_LINES). An object made with its constructor instead
 * is outside the budget.
 * <pre>{@code
 * Kernel k = Kernel.boot(Boards.selected(), clock, console);
 * int sensor = k.create(k.module("sensor", new SensorInit()).restart(3, 10_000));
 * k.seal();
 * k.modules.start(sensor);
 * k.scheduler.run();
 * }</pre>
 * <p><b>Context</b>: boot. <b>Allocation</b>: here, at boot, and nowhere after {@link #seal}.
 */
public final class Kernel
{
    public final BoardConfig config;
    public final Scheduler scheduler;
    /** The selector of {@link #scheduler}'s coroutines: every channel of this kernel is made on it. */
    public final Select select;
    public final Trace trace;
    public final Modules modules;

    private int channels;
    private int eventGroups;
    private FuturePool futurePool;
    private InterruptBridge interruptBridge;
    private boolean sealed;

    private Kernel(final BoardConfig config, final Clock clock, final Console console)
    {
        this.config = config;
        scheduler = new Scheduler(config.maxCoroutines, clock, console);
        select = new Select(scheduler, config.maxSelectArms);
        trace = new Trace(config.traceBufferBytes);
        // MAX_MODULES counts the guests, each with a heap; module 0, the kernel's own, comes on top.
        modules = new Modules(scheduler, trace, console, config.maxModules + 1);
    }

    /** Boot only: a kernel sized by {@code config}. */
    public static Kernel boot(final BoardConfig config, final Clock clock, final Console console)
    {
        if (null == config)
        {
            throw new IllegalArgumentException("a board config is required");
        }
        return new Kernel(config, clock, console);
    }

    /** Boot only: a module spec with this board's GUEST_HEAP_SIZE_KB heap and COROUTINE_FRAME_BYTES frames. */
    public ModuleSpec module(final String name, final Coroutine init)
    {
        return new ModuleSpec(name, init).heap(config.guestHeapSizeKb * 1024).frameBytes(config.coroutineFrameBytes);
    }

    /**
     * Ticks of this board (TICK_HZ) lasting at least {@code ms} milliseconds, for sleeps and
     * timeouts: rounded up, so a wait is never shorter than asked (Zephyr's {@code K_MSEC} rounds
     * up too); saturates at {@code Long.MAX_VALUE}, which sleeps and timeouts accept.
     *
     * @throws IllegalArgumentException for a negative {@code ms}
     */
    public long millis(final long ms)
    {
        if (ms < 0)
        {
            throw new IllegalArgumentException("milliseconds must be >= 0: ms=" + ms);
        }
        final long hz = config.tickHz;
        if (ms > (Long.MAX_VALUE - 999) / hz)
        {
            return Long.MAX_VALUE;
        }
        return (ms * hz + 999) / 1000;
    }

    /** Boot only: see {@link Modules#create}. */
    public int create(final ModuleSpec spec)
    {
        return modules.create(spec);
    }

    /**
     * Boot only: the next channel of this kernel (ids from 0), on {@link #select}, owned by the
     * kernel (module 0, no quota). See {@link #channel(int, int, int)}.
     */
    public Channel channel(final int capacity, final int messageBytes)
    {
        return channel(Modules.KERNEL, capacity, messageBytes);
    }

    /**
     * Boot only: the next channel of this kernel (ids from 0), on {@link #select}, charged to module
     * {@code owner}'s {@code maxChannels} quota. Any module's coroutines may use it; the quota only
     * bounds how many channels a module's boot code may claim. A stopped or restarted owner leaves
     * its channels as they are (open, with whatever they hold), so a restarted incarnation goes on
     * with the same channels. A refused call changes nothing.
     *
     * @param owner        a module made by {@link #create}, or {@link Modules#KERNEL}
     * @param capacity     0 (rendezvous) or a power of two up to CHANNEL_CAPACITY
     * @param messageBytes 0 for a value channel, else the largest message, up to CHANNEL_MSG_BYTES
     * @throws IllegalStateException after {@link #seal}, when MAX_CHANNELS channels exist or when the
     *         owner's quota is used up
     * @throws IllegalArgumentException for an unknown owner, or if a size exceeds the board's key (or
     *         {@link Channel}'s own rules)
     */
    public Channel channel(final int owner, final int capacity, final int messageBytes)
    {
        requireBoot("Kernel.channel()");
        modules.requireChannelRoom(owner); // an unknown owner or a spent quota first, whatever else is wrong
        if (channels == config.maxChannels)
        {
            throw new IllegalStateException("board '" + config.board + "' has MAX_CHANNELS = " + config.maxChannels
                + " and all of them exist; raise MAX_CHANNELS in its board file");
        }
        if (capacity > config.channelCapacity)
        {
            throw new IllegalArgumentException("channel capacity " + capacity + " exceeds board '" + config.board
                + "''s CHANNEL_CAPACITY = " + config.channelCapacity);
        }
        if (messageBytes > config.channelMsgBytes)
        {
            throw new IllegalArgumentException("messageBytes " + messageBytes + " exceeds board '" + config.board
                + "''s CHANNEL_MSG_BYTES = " + config.channelMsgBytes);
        }
        final Channel ch = new Channel(select, channels, capacity, messageBytes);
        modules.chargeChannel(owner);
        channels++;
        return ch;
    }

    /** Channels made by {@link #channel}. */
    public int channelCount()
    {
        return channels;
    }

    /**
     * Boot only: the next event group of this kernel (ids from 0).
     *
     * @throws IllegalStateException after {@link #seal}, or when MAX_EVENTS groups exist
     */
    public EventGroup eventGroup()
    {
        requireBoot("Kernel.eventGroup()");
        if (eventGroups == config.maxEvents)
        {
            throw new IllegalStateException("board '" + config.board + "' has MAX_EVENTS = " + config.maxEvents
                + " and all of them exist; raise MAX_EVENTS in its board file");
        }
        final EventGroup g = new EventGroup(scheduler, eventGroups);
        eventGroups++;
        return g;
    }

    /**
     * Boot only: the kernel's future pool of MAX_FUTURES futures, made by the first call; later
     * calls return the same pool.
     *
     * @throws IllegalStateException after {@link #seal} (first call), or if MAX_FUTURES is 0
     */
    public FuturePool futures()
    {
        if (null == futurePool)
        {
            requireBoot("Kernel.futures()");
            if (0 == config.maxFutures)
            {
                throw new IllegalStateException("board '" + config.board + "' has MAX_FUTURES = 0: no future pool");
            }
            // Asked first: the pool takes the scheduler's completion listener as it is made, so a
            // refusal after that would leave a half-made pool that never reclaims a module's futures.
            modules.requireStopListenerRoom();
            final FuturePool pool = new FuturePool(scheduler, config.maxFutures);
            modules.addStopListener(pool); // a stopped module's futures go back to the pool
            futurePool = pool;
        }
        return futurePool;
    }

    /**
     * Boot only: the kernel's interrupt bridge of MAX_INTERRUPT_LINES lines over the port's
     * {@code lines}, made by the first call; later calls must pass the same lines.
     *
     * @throws IllegalStateException after {@link #seal} (first call), or with other lines
     */
    public InterruptBridge bridge(final InterruptLines lines)
    {
        if (null == interruptBridge)
        {
            requireBoot("Kernel.bridge()");
            interruptBridge = new InterruptBridge(scheduler, lines, config.maxInterruptLines);
        }
        else if (interruptBridge.lines() != lines)
        {
            throw new IllegalStateException("the kernel's interrupt bridge already takes other interrupt lines");
        }
        return interruptBridge;
    }

    /** Ends boot: modules, heaps and the objects above can no longer be created. */
    public void seal()
    {
        sealed = true;
        modules.seal();
    }

    private void requireBoot(final String what)
    {
        if (sealed)
        {
            throw new IllegalStateException(what + " after seal(): kernel objects are created at boot");
        }
    }
}
