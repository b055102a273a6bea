package dev.fireball.config.tool;

import java.util.ArrayList;
import java.util.List;

/**
 * What the kernel's objects beside the scheduler allocate at boot, object by object, in any
 * {@link MemoryLayout}: the selector, channels, event groups, the future pool, the interrupt
 * bridge, the module table and the trace ring. Like {@link SchedulerModel} and {@link HalModel},
 * this is checked against a JOL measurement of the booted objects (test-host
 * {@code BudgetHonestyTest}): when one of them gains a field or a table, that test fails until
 * this model follows.
 *
 * <p>Mirrors kernel/src/main/java/dev/fireball/kernel/{Kernel, Select, Channel, EventGroup,
 * FuturePool, InterruptBridge, Modules, ModuleHeap, HeapFault, AsciiSink, Trace, WaitQueue}.java
 * (this module cannot see the kernel). Not counted here: the scheduler (its own model), a module
 * heap's {@code byte[]} (an exact line of its own), and what the application or the port hands
 * in: clock, console, interrupt lines, bottom halves, init coroutines, module names and grant
 * type strings.
 *
 * <p>Wait queues: every kernel object that blocks coroutines owns {@code WaitQueue}s (kind,
 * objectId, head, tail, size: five ints), created by {@code Scheduler.newWaitQueue}; each is
 * counted with the object that owns it.
 */
public final class KernelModel
{
    /** WaitQueue: kind, objectId, head, tail, size. */
    static final int WAIT_QUEUE_INTS = 5;
    /** ModuleSpec.MAX_GRANTS: the most grants one module can carry (the budget charges that many). */
    public static final int MAX_GRANTS = 16;
    /** Modules.MAX_LISTENERS: the stop-listener table. */
    static final int MAX_STOP_LISTENERS = 8;
    /** Modules' dump line: an AsciiSink of 256 bytes. */
    static final int MODULES_LINE_BYTES = 256;
    /** AsciiSink's scratch for formatting a long in decimal. */
    static final int ASCII_DIGITS_BYTES = 20;
    /** Trace.EVENT_BYTES: tick (long), kind and a (int), b (int). */
    static final int TRACE_EVENT_BYTES = 16;
    /** java.lang.Throwable's own fields on Java SE 17 (backtrace, detailMessage, cause, stackTrace,
     *  suppressedExceptions; depth). A device runtime's Throwable may differ by a field or two. */
    static final int THROWABLE_REFS = 5;
    static final int THROWABLE_INTS = 1;

    /**
     * One kind of object the kernel allocates.
     *
     * @param label     what it is, for reports
     * @param type      its Java type as {@code Class.getTypeName()} spells it, to compare with a JOL histogram
     * @param instances how many
     * @param bytes     total bytes of all of them
     * @param table     which budget line it belongs to
     */
    public record Part(String label, String type, long instances, long bytes, Table table) implements ModelPart
    {
    }

    /** The budget lines of the kernel beside the scheduler. */
    public enum Table
    {
        /** The selector: waiter nodes and per-slot tables. */
        SELECT,
        /** Channels: objects and rings. */
        CHANNELS,
        /** Event groups. */
        EVENTS,
        /** The future pool. */
        FUTURES,
        /** The interrupt bridge. */
        BRIDGE,
        /** The Kernel object, the module table and each module's heap index (not the heap array). */
        MODULES,
        /** The trace ring. */
        TRACE
    }

    /**
     * One module created at boot, as far as its size goes.
     *
     * @param heapBytes   its heap's array length (the heap array itself is not counted here)
     * @param grants      grants in its spec, 0..{@link #MAX_GRANTS}
     * @param maxRestarts {@code restart(times, window)}'s times, or 0 for the stop and panic policies
     */
    public record Guest(int heapBytes, int grants, int maxRestarts)
    {
    }

    private static final String K = "dev.fireball.kernel.";

    private KernelModel()
    {
    }

    // =============================================================================================
    // Select
    // =============================================================================================

    /** {@code new Select(scheduler, maxArms)} for a scheduler of {@code slots} slots. */
    public static List<Part> select(final int slots, final int maxArms, final MemoryLayout l)
    {
        final long nodes = (long) slots * armsRoundedUp(maxArms);
        final List<Part> p = new ArrayList<>();
        // Select: scheduler, 10 node tables, 8 slot tables (refs); slots, maxArms, armShift, armMask; selects,
        // selectsBlocked.
        p.add(new Part("Select object", K + "Select", 1, l.instance(19, 4, 2, 0), Table.SELECT));
        p.add(new Part("nodeChannel: Channel[" + nodes + "]", K + "Channel[]", 1, l.refArray(nodes), Table.SELECT));
        p.add(new Part("nodeOp, nodeOff, nodeLen, nodeNext, nodePrev: int[" + nodes + "] x 5", "int[]", 5,
            5 * l.array(4, nodes), Table.SELECT));
        p.add(new Part("nodeValue, nodeTicket: long[" + nodes + "] x 2", "long[]", 2, 2 * l.array(8, nodes),
            Table.SELECT));
        p.add(new Part("nodeBuf: byte[" + nodes + "][]", "byte[][]", 1, l.refArray(nodes), Table.SELECT));
        p.add(new Part("nodeLinked: boolean[" + nodes + "]", "boolean[]", 1, l.array(1, nodes), Table.SELECT));
        p.add(new Part("queue: WaitQueue[" + slots + "]", K + "WaitQueue[]", 1, l.refArray(slots), Table.SELECT));
        p.add(new Part("armCount, mode, lastArm, outcome, linkedCount: int[" + slots + "] x 5", "int[]", 5,
            5 * l.array(4, slots), Table.SELECT));
        p.add(new Part("plainTicket, builtIn: long[" + slots + "] x 2", "long[]", 2, 2 * l.array(8, slots),
            Table.SELECT));
        p.add(new Part("private wait queues, one per slot", K + "WaitQueue", slots, slots * waitQueue(l),
            Table.SELECT));
        return p;
    }

    /** Select's nodes per slot: {@code maxArms} rounded up to a power of two (node {@code slot << armShift | arm}). */
    static int armsRoundedUp(final int maxArms)
    {
        return SchedulerModel.powerOfTwoAtLeast(maxArms);
    }

    // =============================================================================================
    // Channels
    // =============================================================================================

    /**
     * {@code count} x {@code new Channel(select, id, capacity, messageBytes)}: value channels when
     * {@code messageBytes == 0}, else message channels.
     */
    public static List<Part> channels(final int count, final int capacity, final int messageBytes, final MemoryLayout l)
    {
        final List<Part> p = new ArrayList<>();
        if (0 == count)
        {
            return p;
        }
        // Channel: select, scheduler, values, messages, lengths, senders, receivers (refs); id, capacity, mask,
        // messageBytes, head, tail, sendHead, sendTail, receiveHead, receiveTail, maxDepth; arrivals, lastReceived,
        // sent, handedOff; closed.
        p.add(new Part("Channel objects", K + "Channel", count, count * l.instance(7, 11, 4, 1), Table.CHANNELS));
        p.add(new Part("plain-waiter queues (senders, receivers)", K + "WaitQueue", 2 * count,
            2 * count * waitQueue(l), Table.CHANNELS));
        if (0 == messageBytes)
        {
            p.add(new Part("value rings: long[" + capacity + "]", "long[]", count, count * l.array(8, capacity),
                Table.CHANNELS));
        }
        else
        {
            p.add(new Part("message rings: byte[" + capacity + " x " + messageBytes + "]", "byte[]", count,
                count * l.array(1, (long) capacity * messageBytes), Table.CHANNELS));
            p.add(new Part("message lengths: int[" + capacity + "]", "int[]", count, count * l.array(4, capacity),
                Table.CHANNELS));
        }
        return p;
    }

    // =============================================================================================
    // Event groups, futures, interrupt bridge
    // =============================================================================================

    /** {@code count} x {@code new EventGroup(scheduler, id)}. */
    public static List<Part> eventGroups(final int count, final MemoryLayout l)
    {
        final List<Part> p = new ArrayList<>();
        if (0 == count)
        {
            return p;
        }
        // EventGroup: scheduler, waiters (refs); id, flags; posts, wakeUps.
        p.add(new Part("EventGroup objects", K + "EventGroup", count, count * l.instance(2, 2, 2, 0), Table.EVENTS));
        p.add(new Part("their wait queues", K + "WaitQueue", count, count * waitQueue(l), Table.EVENTS));
        return p;
    }

    /** {@code new FuturePool(scheduler, capacity)} for a scheduler of {@code slots} slots; nothing for 0. */
    public static List<Part> futurePool(final int capacity, final int slots, final MemoryLayout l)
    {
        final List<Part> p = new ArrayList<>();
        if (0 == capacity)
        {
            return p;
        }
        // FuturePool: scheduler, state, generation, value, waiters, boundHandle, owner, futureOfSlot,
        // freeStack (refs); capacity, indexBits, indexMask, maxGeneration, freeCount; created, exhausted,
        // reclaimed.
        p.add(new Part("FuturePool object", K + "FuturePool", 1, l.instance(9, 5, 3, 0), Table.FUTURES));
        p.add(new Part("state, generation, boundHandle, owner, freeStack: int[" + capacity + "] x 5", "int[]", 5,
            5 * l.array(4, capacity), Table.FUTURES));
        p.add(new Part("value: long[" + capacity + "]", "long[]", 1, l.array(8, capacity), Table.FUTURES));
        p.add(new Part("waiters: WaitQueue[" + capacity + "]", K + "WaitQueue[]", 1, l.refArray(capacity),
            Table.FUTURES));
        p.add(new Part("one wait queue per future", K + "WaitQueue", capacity, capacity * waitQueue(l), Table.FUTURES));
        p.add(new Part("futureOfSlot: int[" + slots + "]", "int[]", 1, l.array(4, slots), Table.FUTURES));
        return p;
    }

    /** {@code new InterruptBridge(scheduler, lines, lineCount)}; the port's lines are not counted. */
    public static List<Part> bridge(final int lineCount, final MemoryLayout l)
    {
        final List<Part> p = new ArrayList<>();
        // InterruptBridge: scheduler, lines, bottomHalves, waiters, deliveries, lastBottomHalfFault (refs);
        // lineCount, registered, latched, reportedFaults; services, strayBits, bottomHalfFaults.
        p.add(new Part("InterruptBridge object", K + "InterruptBridge", 1, l.instance(6, 4, 3, 0), Table.BRIDGE));
        p.add(new Part("bottomHalves: BottomHalf[" + lineCount + "]", K + "BottomHalf[]", 1, l.refArray(lineCount),
            Table.BRIDGE));
        p.add(new Part("waiters: WaitQueue[" + lineCount + "]", K + "WaitQueue[]", 1, l.refArray(lineCount),
            Table.BRIDGE));
        p.add(new Part("deliveries: long[" + lineCount + "]", "long[]", 1, l.array(8, lineCount), Table.BRIDGE));
        p.add(new Part("one wait queue per line", K + "WaitQueue", lineCount, lineCount * waitQueue(l), Table.BRIDGE));
        return p;
    }

    // =============================================================================================
    // Module table
    // =============================================================================================

    /**
     * The {@code Kernel} object and {@code new Modules(scheduler, trace, console, maxModules)} with
     * {@code guests} created in it (at most {@code maxModules - 1}: module 0 is the kernel's own and
     * has no heap). Each guest's heap index and fault object are counted, its heap array is not.
     */
    public static List<Part> modules(final int maxModules, final List<Guest> guests, final MemoryLayout l)
    {
        if (guests.size() > maxModules - 1)
        {
            throw new IllegalArgumentException(guests.size() + " guests do not fit in a module table of " + maxModules
                + " (module 0 is the kernel)");
        }
        final List<Part> p = new ArrayList<>();
        // Kernel: config, scheduler, select, trace, modules, futurePool, interruptBridge; channels, eventGroups;
        // sealed.
        p.add(new Part("Kernel object", K + "Kernel", 1, l.instance(7, 2, 0, 1), Table.MODULES));
        // Modules: scheduler, trace, console, 23 tables, listeners, line (refs); capacity, count, listenerCount,
        // halting; sealed.
        p.add(new Part("Modules object", K + "Modules", 1, l.instance(28, 4, 0, 1), Table.MODULES));
        p.add(new Part("name: String[" + maxModules + "]", "java.lang.String[]", 1, l.refArray(maxModules),
            Table.MODULES));
        p.add(new Part("heap: ModuleHeap[" + maxModules + "]", K + "ModuleHeap[]", 1, l.refArray(maxModules),
            Table.MODULES));
        p.add(new Part("init: Coroutine[" + maxModules + "]", K + "Coroutine[]", 1, l.refArray(maxModules),
            Table.MODULES));
        p.add(new Part("lastFault: Throwable[" + maxModules + "]", "java.lang.Throwable[]", 1, l.refArray(maxModules),
            Table.MODULES));
        // frameBytes, maxCoroutines, maxFds, maxChannels, channels, policy, maxRestarts, restartCount, state,
        // incarnation, live, faults, initHandle.
        p.add(new Part("per-module int tables: int[" + maxModules + "] x 13", "int[]", 13,
            13 * l.array(4, maxModules), Table.MODULES));
        p.add(new Part("restartWindow, restartDelay: long[" + maxModules + "] x 2", "long[]", 2,
            2 * l.array(8, maxModules), Table.MODULES));
        p.add(new Part("restartTicks: long[" + maxModules + "][]", "long[][]", 1, l.refArray(maxModules),
            Table.MODULES));
        p.add(new Part("grantType: String[" + maxModules + "][]", "java.lang.String[][]", 1, l.refArray(maxModules),
            Table.MODULES));
        p.add(new Part("grantIndex, grantModes: int[" + maxModules + "][] x 2", "int[][]", 2,
            2 * l.refArray(maxModules), Table.MODULES));
        p.add(new Part("listeners: ModuleStopListener[" + MAX_STOP_LISTENERS + "]", K + "ModuleStopListener[]", 1,
            l.refArray(MAX_STOP_LISTENERS), Table.MODULES));
        // AsciiSink: buf, digits (refs); pos; truncated.
        p.add(new Part("dump line: AsciiSink", K + "AsciiSink", 1, l.instance(2, 1, 0, 1), Table.MODULES));
        p.add(new Part("dump line: byte[" + MODULES_LINE_BYTES + "], digits byte[" + ASCII_DIGITS_BYTES + "]", "byte[]",
            2, l.array(1, MODULES_LINE_BYTES) + l.array(1, ASCII_DIGITS_BYTES), Table.MODULES));
        // The kernel module's grants: three empty arrays (its restart ring stays null).
        long grantStrings = 1;
        long grantStringBytes = l.refArray(0);
        long grantInts = 2;
        long grantIntBytes = 2 * l.array(4, 0);
        long rings = 0;
        long ringBytes = 0;
        long heapIndexBytes = 0;
        for (final Guest g : guests)
        {
            grantStrings++;
            grantStringBytes += l.refArray(g.grants());
            grantInts += 2;
            grantIntBytes += 2 * l.array(4, g.grants());
            rings++;
            ringBytes += l.array(8, Math.max(1, g.maxRestarts()));
            heapIndexBytes += heapIndexTables(g.heapBytes(), l);
        }
        p.add(new Part("grant types: String[grants], one per module", "java.lang.String[]", grantStrings,
            grantStringBytes, Table.MODULES));
        p.add(new Part("grant indexes and modes: int[grants] x 2, per module", "int[]", grantInts, grantIntBytes,
            Table.MODULES));
        final int n = guests.size();
        if (n > 0)
        {
            p.add(new Part("restart rings: long[max(1, restarts)], per guest", "long[]", rings, ringBytes,
                Table.MODULES));
            // ModuleHeap: mem, heads, slBitmap, liveMap, freedMap, fault (refs); id, handleBase, totalBytes,
            // maxRequestBytes, flCount, flBitmap, usedBytes, minEverFreeBytes, freeBlockCount, steps, lastOpSteps,
            // maxAllocSteps, maxFreeSteps, maxReallocSteps; allocCount, freeCount, reallocCount, failedAllocCount,
            // invalidFreeCount.
            p.add(new Part("ModuleHeap objects", K + "ModuleHeap", n, n * l.instance(6, 14, 5, 0), Table.MODULES));
            p.add(new Part("heap indexes: heads, slBitmap, liveMap, freedMap int[]", "int[]", 4L * n, heapIndexBytes,
                Table.MODULES));
            // HeapFault: Throwable's fields; heapId, kind, handle, offset, length, limit.
            p.add(new Part("HeapFault objects, one per heap", K + "HeapFault", n,
                n * l.instance(THROWABLE_REFS, THROWABLE_INTS + 6, 0, 0), Table.MODULES));
        }
        return p;
    }

    /**
     * The budget's module table as {@code Kernel.boot} makes it: {@code guestModules} (MAX_MODULES)
     * guests with the most grants and a one-entry restart ring, in a table of {@code guestModules + 1}
     * (module 0 is the kernel's).
     */
    public static List<Part> modules(final int guestModules, final int heapBytes, final MemoryLayout l)
    {
        final List<Guest> guests = new ArrayList<>();
        for (int m = 0; m < guestModules; m++)
        {
            guests.add(new Guest(heapBytes, MAX_GRANTS, 1));
        }
        return modules(guestModules + 1, guests, l);
    }

    /**
     * ModuleHeap's tables for a heap array of {@code sizeBytes}: TLSF list heads ({@code flCount x 16}),
     * second-level bitmaps ({@code flCount}) and the live and freed granule bitmaps (one bit per 8 bytes).
     */
    static long heapIndexTables(final int sizeBytes, final MemoryLayout l)
    {
        final int fl = flCount(sizeBytes);
        final long mapWords = ((sizeBytes >>> 3) + 31) >>> 5;
        return l.array(4, (long) fl << 4) + l.array(4, fl) + 2 * l.array(4, mapWords);
    }

    /** ModuleHeap's first-level class count: {@code (listIndex(sizeBytes - 8) >>> 4) + 1}. */
    static int flCount(final int sizeBytes)
    {
        final int totalBytes = sizeBytes - 8; // RESERVED_BYTES: the first header's pad and the end sentinel
        final int listIndex;
        if (totalBytes < 128) // SMALL_BLOCK_BYTES: one exact list per 8-byte size below it
        {
            listIndex = totalBytes >>> 3;
        }
        else
        {
            final int f = 31 - Integer.numberOfLeadingZeros(totalBytes);
            final int sl = (totalBytes >>> (f - 4)) ^ 16;
            listIndex = ((f - 6) << 4) | sl;
        }
        return (listIndex >>> 4) + 1;
    }

    // =============================================================================================
    // Trace
    // =============================================================================================

    /** {@code new Trace(bufferBytes)}: 0 is off (three empty arrays). */
    public static List<Part> trace(final int bufferBytes, final MemoryLayout l)
    {
        final long events = traceEvents(bufferBytes);
        final List<Part> p = new ArrayList<>();
        // Trace: tick, kindAndA, b (refs); mask; written.
        p.add(new Part("Trace object", K + "Trace", 1, l.instance(3, 1, 1, 0), Table.TRACE));
        p.add(new Part("tick: long[" + events + "]", "long[]", 1, l.array(8, events), Table.TRACE));
        p.add(new Part("kindAndA, b: int[" + events + "] x 2", "int[]", 2, 2 * l.array(4, events), Table.TRACE));
        return p;
    }

    /** Trace's event count: the largest power of two of 16-byte events that fits, at least 2; 0 when off. */
    static long traceEvents(final int bufferBytes)
    {
        if (0 == bufferBytes)
        {
            return 0;
        }
        long events = 2;
        while (events * 2 <= bufferBytes / TRACE_EVENT_BYTES)
        {
            events *= 2;
        }
        return events;
    }

    // =============================================================================================
    // Sums
    // =============================================================================================

    /** Total bytes of {@code parts}. */
    public static long bytes(final List<Part> parts)
    {
        return ModelPart.sum(parts);
    }

    private static long waitQueue(final MemoryLayout l)
    {
        return l.instance(0, WAIT_QUEUE_INTS, 0, 0);
    }
}
