package dev.fireball.kernel;

/**
 * A stackless coroutine: the object's fields are its frame and {@link #pc} is its resume index
 * (the C++20 frame of the Fireball design, written by hand). The scheduler calls {@link #resume}
 * each time the coroutine may run; it runs until it returns the directive that one of the
 * scheduler's directive methods produced:
 * <pre>{@code
 * protected int resume(Scheduler s) {
 *     switch (pc) {
 *         case 0: pc = 1; return s.sleep(10);          // continue at case 1 in 10 ticks
 *         case 1: pc = 2; return s.join(child);          // wait for child
 *         case 2: return s.done(s.value() + 1);          // child's value, plus one
 *         default: return s.fail(-1);
 *     }
 * }
 * }</pre>
 * An exception thrown from {@code resume} is captured (the design's
 * {@code promise.unhandled_exception}): the coroutine completes as FAILED and its joiner receives
 * the exception through {@link Scheduler#fault()}; no other coroutine is affected.
 * <p><b>Ownership</b>: {@link #slot} is written only by the scheduler; while it is not
 * {@link #NOT_SPAWNED} the object belongs to the kernel and may not be spawned again.
 * <p><b>Frame memory</b>: a coroutine spawned into a module gets a block of the module's heap, its
 * scratch memory (I/O buffers, messages), sized by the module's frame budget or by
 * {@link #Coroutine(String, int)}; {@link #heap()} and {@link #frame()} address it while it runs,
 * and it is freed when the coroutine finishes. Kernel coroutines (module 0) have none.
 * <p><b>Allocation</b>: coroutine objects are created at boot (pools, fields as frames); respawning
 * a finished object is how steady-state code starts work without allocating.
 */
public abstract class Coroutine
{
    /** {@link #slot} of an object that is not currently owned by the scheduler. */
    static final int NOT_SPAWNED = -1;

    /** Resume index: where {@link #resume} continues. Reset to 0 at every spawn. */
    protected int pc;

    /** Shown in dumps; fixed at construction so dumps never allocate. */
    final String name;

    /** Scheduler slot while spawned, else {@link #NOT_SPAWNED}. Scheduler-owned. */
    int slot = NOT_SPAWNED;

    /** Frame bytes wanted from the module heap; {@link #MODULE_DEFAULT_FRAME} takes the module's budget. */
    final int requestedFrameBytes;

    /**
     * The module heap holding {@link #frameHandle} while spawned in a module with a heap; set by
     * {@link Modules}. (Not named {@code heap}: a package field would shadow an enclosing class's
     * {@code heap} in kernel-package subclasses.)
     */
    ModuleHeap frameHeap;

    /** Handle of the frame block in {@link #frameHeap}, or 0 when the coroutine has none; set by {@link Modules}. */
    int frameHandle;

    /** {@link #requestedFrameBytes} value meaning "the module's COROUTINE_FRAME_BYTES". */
    public static final int MODULE_DEFAULT_FRAME = -1;

    protected Coroutine(final String name)
    {
        this(name, MODULE_DEFAULT_FRAME);
    }

    /**
     * @param frameBytes bytes of module heap this coroutine needs as scratch memory ({@code 0}: none),
     *                   overriding the module's frame budget; or {@link #MODULE_DEFAULT_FRAME}
     */
    protected Coroutine(final String name, final int frameBytes)
    {
        if (frameBytes < MODULE_DEFAULT_FRAME)
        {
            throw new IllegalArgumentException("frameBytes must be >= 0 or MODULE_DEFAULT_FRAME: frameBytes=" + frameBytes);
        }
        this.name = null == name ? "-" : name;
        this.requestedFrameBytes = frameBytes;
    }

    protected Coroutine()
    {
        this("-");
    }

    /**
     * Runs the coroutine from {@link #pc} until it suspends or completes.
     *
     * @param s the scheduler, whose directive methods ({@code yield, sleep, join, park, done, fail})
     *          produce the value to return
     * @return the directive returned by exactly one directive method called during this resume
     */
    protected abstract int resume(Scheduler s);

    public final String name()
    {
        return name;
    }

    /** @return true while the scheduler owns this object (spawned and not yet finished) */
    public final boolean isSpawned()
    {
        return NOT_SPAWNED != slot;
    }

    /** The heap of this coroutine's module while it runs in a module with a heap, else null. */
    public final ModuleHeap heap()
    {
        return frameHeap;
    }

    /** Handle of this coroutine's frame block in {@link #heap()}, or 0 when it has none. */
    public final int frame()
    {
        return frameHandle;
    }
}
