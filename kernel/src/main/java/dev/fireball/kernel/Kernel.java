package dev.fireball.kernel;

import dev.fireball.config.BoardConfig;

/**
 * Boot: builds the kernel of one board from its {@link BoardConfig} — the scheduler's
 * MAX_COROUTINES table, the selector through which its channels wait (MAX_COROUTINES slots x
 * MAX_SELECT_ARMS arms), the TRACE_BUFFER_BYTES trace ring and the module table (MAX_MODULES guest modules, plus
 * module 0, the kernel's own, which has no heap) — and
 * creates modules whose heap and frame budget default to the board's GUEST_HEAP_SIZE_KB and
 * COROUTINE_FRAME_BYTES. {@link #seal} ends boot.
 * <p>Channels are made on {@link #select} ({@code new Channel(kernel.select, id, capacity, messageBytes)}),
 * so every channel of the kernel shares the one selector the budget charges.
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

    /** Boot only: see {@link Modules#create}. */
    public int create(final ModuleSpec spec)
    {
        return modules.create(spec);
    }

    /** Ends boot: modules and heaps can no longer be created. */
    public void seal()
    {
        modules.seal();
    }
}
