package dev.fireball.config.tool;

/**
 * How a Java runtime lays out objects and arrays, enough to size the kernel's boot-time objects.
 *
 * <pre>
 *  object:  [ header | fields, largest first, packed ] rounded up to alignBytes
 *  array:   [ header incl. length | length x element ] rounded up to alignBytes
 * </pre>
 * Two layouts matter: {@link #MCU32} for the devices (32-bit references; an 8-byte header holds
 * the class word and the lock/hash word, as in TeaVM's C runtime; MicroEJ does not publish its
 * header size, and 8 bytes with 8-byte alignment is the conservative choice), and
 * {@link #HOTSPOT_COMPRESSED} for a 64-bit HotSpot with compressed oops and class pointers (JDK 17
 * defaults under 32 GB of heap), which is what the JOL honesty test measures on the host.
 *
 * <p>HotSpot packs fields so that a 4-byte field can sit in the gap after a 12-byte header before
 * the first long; {@link #instance} models that gap. Field order otherwise does not change a size.
 *
 * @param name        for reports ("mcu32", "hotspot")
 * @param objectHeader bytes before the first field of an object
 * @param arrayHeader  bytes before the first element of an array (length field included)
 * @param refBytes     bytes of a reference field or element
 * @param alignBytes   every object and array size is a multiple of this
 */
public record MemoryLayout(String name, int objectHeader, int arrayHeader, int refBytes, int alignBytes)
{
    /** 32-bit MCU runtime: 8-byte headers, 12-byte array headers, 4-byte references, 8-byte alignment. */
    public static final MemoryLayout MCU32 = new MemoryLayout("mcu32", 8, 12, 4, 8);

    /** HotSpot 64-bit with compressed oops and class pointers: 12-byte headers, 16-byte array headers. */
    public static final MemoryLayout HOTSPOT_COMPRESSED = new MemoryLayout("hotspot", 12, 16, 4, 8);

    public MemoryLayout
    {
        if (objectHeader < 4 || arrayHeader < objectHeader + 4 || (4 != refBytes && 8 != refBytes) || alignBytes < 4
            || 0 != (alignBytes & (alignBytes - 1)))
        {
            throw new IllegalArgumentException("impossible layout: header " + objectHeader + ", array header "
                + arrayHeader + ", ref " + refBytes + ", align " + alignBytes);
        }
    }

    /**
     * Size of one object with the given instance fields (superclass fields included).
     *
     * @param refs   reference fields
     * @param ints   int and float fields
     * @param longs  long and double fields
     * @param bytes  boolean and byte fields (shorts and chars count as two)
     */
    public long instance(final int refs, final int ints, final int longs, final int bytes)
    {
        final long small = (long) refs * refBytes + 4L * ints + bytes;
        long size = objectHeader + small + 8L * longs;
        final int gap = (8 - objectHeader % 8) % 8;
        if (longs > 0 && gap > 0 && small < gap)
        {
            // Nothing small enough to fill the space between the header and the first 8-aligned long.
            size += gap - small;
        }
        return align(size);
    }

    /** Size of an array of {@code length} elements of {@code elementBytes} each. */
    public long array(final int elementBytes, final long length)
    {
        return align(arrayHeader + elementBytes * length);
    }

    /** Size of an array of {@code length} references. */
    public long refArray(final long length)
    {
        return array(refBytes, length);
    }

    /** @return true if both layouts give every object the same size (names aside) */
    public boolean sameSizesAs(final MemoryLayout o)
    {
        return objectHeader == o.objectHeader && arrayHeader == o.arrayHeader && refBytes == o.refBytes
            && alignBytes == o.alignBytes;
    }

    /** {@code size} rounded up to the alignment. */
    public long align(final long size)
    {
        return (size + alignBytes - 1) & -alignBytes;
    }

    /** One line for reports: {@code mcu32 (8-byte headers, 12-byte array headers, 4-byte refs, 8-byte alignment)}. */
    public String describe()
    {
        return name + " (" + objectHeader + "-byte object headers, " + arrayHeader + "-byte array headers, " + refBytes
            + "-byte refs, " + alignBytes + "-byte alignment)";
    }
}
