package dev.fireball.config.tool;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code new dev.fireball.hal.Hal(scheduler, grants, maxFds, maxStreams, rxRingBytes, maxTypes,
 * maxDrivers)} allocates at boot, object by object, in any {@link MemoryLayout}: the part of the
 * budget checked against a JOL measurement of a booted HAL (test-host {@code BudgetHonestyTest}).
 * When the HAL gains a field or a table, that test fails until this model follows.
 *
 * <p>Mirrors hal/src/main/java/dev/fireball/hal/{Hal, DeviceRegistry, FdTable, StreamTable}.java and
 * kernel's WaitQueue (this module cannot see them). Not counted: the scheduler (its own model), the
 * grants (the module layer's) and the drivers, which are lower halves with their own state (the
 * BSPs'); the registry's {@code Driver[]} holds references to them and is counted.
 * <p>Opening devices allocates nothing: a booted HAL has the same size with 0 or MAX_FDS fds open.
 */
public final class HalModel
{
    /** Characters of the built-in type names, uart gpio i2c spi adc timer, stored as one byte[]. */
    public static final int BUILT_IN_NAME_CHARS = 4 + 4 + 3 + 3 + 3 + 5;

    /**
     * One kind of object the HAL allocates.
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

    /** The budget lines of the HAL. */
    public enum Table
    {
        /** The Hal object and the device registry (types, drivers). */
        REGISTRY,
        /** The fd table. */
        FDS,
        /** Streaming slots: ring indexes, owners, wait queues. */
        STREAMS,
        /** The receive rings' storage. */
        RINGS
    }

    private HalModel()
    {
    }

    /**
     * Every object of a HAL booted with these sizes, in layout {@code l}.
     *
     * @param typeNameChars characters of all type names ({@link #BUILT_IN_NAME_CHARS} plus the names a
     *                      board adds with {@code Hal.addType})
     */
    public static List<Part> parts(final int maxFds, final int maxStreams, final int rxRingBytes, final int maxTypes,
        final int maxDrivers, final int typeNameChars, final MemoryLayout l)
    {
        final String h = "dev.fireball.hal.";
        final List<Part> p = new ArrayList<>();
        // Hal: scheduler, grants, registry, fds, streams; stopCloseFaults.
        p.add(new Part("Hal object", h + "Hal", 1, l.instance(5, 0, 1, 0), Table.REGISTRY));
        // DeviceRegistry: nameStart, names, family, drivers, driverType, base, limit; maxTypes, typeCount,
        // driverCount; sealed.
        p.add(new Part("DeviceRegistry object", h + "DeviceRegistry", 1, l.instance(7, 3, 0, 1), Table.REGISTRY));
        p.add(new Part("type names: nameStart int[" + (maxTypes + 1) + "]", "int[]", 1, l.array(4, maxTypes + 1L),
            Table.REGISTRY));
        p.add(new Part("type names: byte[" + typeNameChars + "]", "byte[]", 1, l.array(1, typeNameChars), Table.REGISTRY));
        p.add(new Part("type ioctl families: int[" + maxTypes + "]", "int[]", 1, l.array(4, maxTypes), Table.REGISTRY));
        p.add(new Part("drivers: Driver[" + maxDrivers + "]", h + "Driver[]", 1, l.refArray(maxDrivers), Table.REGISTRY));
        p.add(new Part("driver type, base, limit: int[" + maxDrivers + "] x 3", "int[]", 3, 3 * l.array(4, maxDrivers),
            Table.REGISTRY));
        // FdTable: generation, oflags, position, owner, device, stream; capacity, slotBits, slotMask,
        // maxGeneration, cursor, openCount.
        p.add(new Part("FdTable object", h + "FdTable", 1, l.instance(6, 6, 0, 0), Table.FDS));
        p.add(new Part("generation, position, owner, device: int[" + maxFds + "] x 4", "int[]", 4,
            4 * l.array(4, maxFds), Table.FDS));
        p.add(new Part("oflags, stream: byte[" + maxFds + "] x 2", "byte[]", 2, 2 * l.array(1, maxFds), Table.FDS));
        // StreamTable: storage, head, tail, overruns, fdSlot, readers, writers; capacity, ringBytes, mask, shift.
        p.add(new Part("StreamTable object", h + "StreamTable", 1, l.instance(7, 4, 0, 0), Table.STREAMS));
        p.add(new Part("head, tail, overruns, fdSlot: int[" + maxStreams + "] x 4", "int[]", 4,
            4 * l.array(4, maxStreams), Table.STREAMS));
        p.add(new Part("readers, writers: WaitQueue[" + maxStreams + "] x 2", "dev.fireball.kernel.WaitQueue[]", 2,
            2 * l.refArray(maxStreams), Table.STREAMS));
        // WaitQueue: kind, objectId, head, tail, size. Two per slot: read waiters and write waiters.
        p.add(new Part("wait queues, read and write per slot", "dev.fireball.kernel.WaitQueue", 2L * maxStreams,
            2L * maxStreams * l.instance(0, 5, 0, 0), Table.STREAMS));
        p.add(new Part("receive rings: byte[" + maxStreams + " x " + rxRingBytes + "]", "byte[]", 1,
            l.array(1, (long) maxStreams * rxRingBytes), Table.RINGS));
        return p;
    }

    /** Total bytes of the parts of {@code table}. */
    public static long bytes(final List<Part> parts, final Table table)
    {
        long sum = 0;
        for (final Part part : parts)
        {
            if (part.table() == table)
            {
                sum += part.bytes();
            }
        }
        return sum;
    }

    /** Total bytes of a booted HAL, receive rings included. */
    public static long bytes(final List<Part> parts)
    {
        return ModelPart.sum(parts);
    }
}
