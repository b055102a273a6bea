package dev.fireball.hal;

import dev.fireball.kernel.Errno;

/**
 * The open-file table (NuttX {@code struct file}, as struct-of-arrays): MAX_FDS slots, each one open
 * stream with its own flags, position, owner module, device and streaming slot.
 * <pre>
 *   fd (int, always > 0):   31        slotBits  slotBits-1     0
 *                          +-----------------+----------------+
 *                          |   generation    |      slot      |
 *                          +-----------------+----------------+
 *   per slot: generation[] oflags[] (0 = free) position[] owner[] device[] = driverId << 16 | minor
 *             stream[] (StreamTable index, -1 for SEEKABLE devices)
 * </pre>
 * <p><b>Invariants</b>
 * <ul>
 * <li>A slot is open iff {@code oflags[slot] != 0} (an open always has an access mode).</li>
 * <li>An fd resolves only while its slot is open with the fd's generation, and only for the module
 *     that opened it; {@link #release} bumps the generation, so a closed fd can never reach the
 *     slot's next stream. Generations wrap after {@code 2^(31-slotBits) - 1} uses of one slot;
 *     allocation walks round the table from a cursor, so every slot ages at the same rate and a
 *     stale fd aliases only after that many opens of the whole table (2^31 for 64 slots).</li>
 * </ul>
 * <p><b>Context</b>: kernel only. <b>Allocation</b>: none after the constructor.
 */
public final class FdTable
{
    /** {@link #allocate} result when every slot is open. */
    public static final int NO_SLOT = -1;
    /** {@link #streamOf} of a slot without a streaming slot. */
    public static final int NO_STREAM = -1;

    private static final int DEVICE_MINOR_BITS = 16;
    private static final int DEVICE_MINOR_MASK = (1 << DEVICE_MINOR_BITS) - 1;

    private final int capacity;
    private final int slotBits;
    private final int slotMask;
    private final int maxGeneration;

    private final int[] generation;
    private final byte[] oflags;
    private final int[] position;
    private final int[] owner;
    private final int[] device;
    private final byte[] stream;
    private int cursor;
    private int openCount;

    /** Boot only. @param maxFds slots (MAX_FDS), 1..65536 */
    public FdTable(final int maxFds)
    {
        if (maxFds < 1 || maxFds > 65536)
        {
            throw new IllegalArgumentException("maxFds must be 1..65536: maxFds=" + maxFds);
        }
        capacity = maxFds;
        int bits = 1;
        while ((1 << bits) < maxFds)
        {
            bits++;
        }
        slotBits = bits;
        slotMask = (1 << bits) - 1;
        maxGeneration = (1 << (31 - bits)) - 1;
        generation = new int[capacity];
        oflags = new byte[capacity];
        position = new int[capacity];
        owner = new int[capacity];
        device = new int[capacity];
        stream = new byte[capacity];
        for (int s = 0; s < capacity; s++)
        {
            generation[s] = 1;
            stream[s] = NO_STREAM;
        }
    }

    /**
     * Takes the next free slot after the last one taken (round robin).
     *
     * @param flags valid open flags ({@link OpenFlags#check} returned 0)
     * @return the slot, or {@link #NO_SLOT} when the table is full
     */
    public int allocate(final int module, final int flags, final int driverId, final int minor)
    {
        if (openCount == capacity)
        {
            return NO_SLOT;
        }
        int s = cursor;
        while (0 != oflags[s])
        {
            s = s + 1 == capacity ? 0 : s + 1;
        }
        cursor = s + 1 == capacity ? 0 : s + 1;
        oflags[s] = (byte) flags;
        position[s] = 0;
        owner[s] = module;
        device[s] = deviceId(driverId, minor);
        stream[s] = NO_STREAM;
        openCount++;
        return s;
    }

    /** Closes {@code slot}: its fd, and every copy of it, turns stale. */
    public void release(final int slot)
    {
        oflags[slot] = 0;
        stream[slot] = NO_STREAM;
        final int g = generation[slot] + 1;
        generation[slot] = g > maxGeneration ? 1 : g;
        openCount--;
    }

    /** The fd of the stream open in {@code slot}. */
    public int fdOf(final int slot)
    {
        return (generation[slot] << slotBits) | slot;
    }

    /**
     * Resolves an fd of {@code module}.
     *
     * @return the slot, or {@code -Errno.EBADF} if {@code fd} was never an fd, is closed, was
     *         reused, or belongs to another module
     */
    public int slotOf(final int fd, final int module)
    {
        if (fd <= 0)
        {
            return -Errno.EBADF;
        }
        final int s = fd & slotMask;
        if (s >= capacity || 0 == oflags[s] || generation[s] != (fd >>> slotBits) || owner[s] != module)
        {
            return -Errno.EBADF;
        }
        return s;
    }

    /** {@code driverId << 16 | minor}: one int naming a device instance. */
    public static int deviceId(final int driverId, final int minor)
    {
        return (driverId << DEVICE_MINOR_BITS) | minor;
    }

    public static int driverOfDevice(final int deviceId)
    {
        return deviceId >>> DEVICE_MINOR_BITS;
    }

    public static int minorOfDevice(final int deviceId)
    {
        return deviceId & DEVICE_MINOR_MASK;
    }

    public boolean isOpen(final int slot)
    {
        return 0 != oflags[slot];
    }

    public int oflagsOf(final int slot)
    {
        return oflags[slot];
    }

    public void setOflags(final int slot, final int flags)
    {
        oflags[slot] = (byte) flags;
    }

    public int positionOf(final int slot)
    {
        return position[slot];
    }

    public void setPosition(final int slot, final int p)
    {
        position[slot] = p;
    }

    public int ownerOf(final int slot)
    {
        return owner[slot];
    }

    public int deviceOf(final int slot)
    {
        return device[slot];
    }

    public int streamOf(final int slot)
    {
        return stream[slot];
    }

    public void setStream(final int slot, final int streamIndex)
    {
        stream[slot] = (byte) streamIndex;
    }

    /** Open slots owned by {@code module} (O(capacity); open only). */
    public int countOwnedBy(final int module)
    {
        int n = 0;
        for (int s = 0; s < capacity; s++)
        {
            if (0 != oflags[s] && owner[s] == module)
            {
                n++;
            }
        }
        return n;
    }

    /** Open slots on {@code deviceId} (O(capacity); open and close only). */
    public int countOpenOn(final int deviceId)
    {
        int n = 0;
        for (int s = 0; s < capacity; s++)
        {
            if (0 != oflags[s] && device[s] == deviceId)
            {
                n++;
            }
        }
        return n;
    }

    public int capacity()
    {
        return capacity;
    }

    public int openCount()
    {
        return openCount;
    }

    /** Bits of the slot in an fd. */
    public int slotBits()
    {
        return slotBits;
    }

    /**
     * Verifies the invariants; for tests.
     *
     * @throws IllegalStateException naming the first broken one
     */
    public void checkInvariants()
    {
        int open = 0;
        for (int s = 0; s < capacity; s++)
        {
            if (0 != oflags[s])
            {
                open++;
                if (0 != OpenFlags.check(oflags[s]))
                {
                    throw new IllegalStateException("fd slot " + s + " holds invalid flags " + oflags[s]);
                }
            }
            else if (NO_STREAM != stream[s])
            {
                throw new IllegalStateException("free fd slot " + s + " keeps stream " + stream[s]);
            }
            if (generation[s] < 1 || generation[s] > maxGeneration)
            {
                throw new IllegalStateException("fd slot " + s + " has generation " + generation[s]);
            }
        }
        if (open != openCount)
        {
            throw new IllegalStateException(open + " fd slots are open but openCount is " + openCount);
        }
    }
}
