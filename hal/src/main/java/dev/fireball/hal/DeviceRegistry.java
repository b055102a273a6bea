package dev.fireball.hal;

import dev.fireball.kernel.Errno;

/**
 * The table of device types and drivers (NuttX {@code register_driver}): a driver registers at boot
 * for a URI pattern, {@code device://uart/*} (indexes {@code 0..instances-1}) or
 * {@code device://uart/2} (indexes {@code 2..2+instances-1}), and an open of a URI in that range
 * reaches it with {@code minor = index - base}.
 * <p>Type names are stored pre-encoded as ASCII in one byte array, so {@link #findType} compares a
 * URI against them with {@code charAt} and allocates nothing.
 * <pre>
 *   names     | u a r t g p i o i 2 c ... |   nameStart[t] .. nameStart[t + 1]   is type t's name
 *   drivers   driver[d]  type[d]  base[d]  limit[d] = base[d] + instances      (index range [base, limit))
 * </pre>
 * <p><b>Invariants</b>
 * <ul>
 * <li>Type names are unique, 1..16 characters of {@code [a-z0-9_-]}; ids are dense, built-ins first.</li>
 * <li>The index ranges of two drivers of one type never overlap.</li>
 * <li>Nothing changes after {@link #seal()}.</li>
 * </ul>
 * <p><b>Context</b>: kernel only. <b>Allocation</b>: boot only ({@link #addType} re-encodes the name
 * table); lookups allocate nothing.
 */
public final class DeviceRegistry
{
    private final int maxTypes;
    private final int[] nameStart;
    private byte[] names = new byte[0];
    private final int[] family;
    private int typeCount;

    private final Driver[] drivers;
    private final int[] driverType;
    private final int[] base;
    private final int[] limit;
    private int driverCount;

    private boolean sealed;

    /**
     * Boot only: a registry holding the {@link DeviceType} built-ins. Types and drivers are added
     * through {@link Hal#addType} and {@link Hal#register}, which also attach the driver.
     */
    public DeviceRegistry(final int maxTypes, final int maxDrivers)
    {
        if (maxTypes < DeviceType.BUILT_IN_COUNT || maxTypes > 127)
        {
            throw new IllegalArgumentException("maxTypes must be " + DeviceType.BUILT_IN_COUNT + "..127: maxTypes="
                + maxTypes);
        }
        if (maxDrivers < 1 || maxDrivers > 127)
        {
            throw new IllegalArgumentException("maxDrivers must be 1..127: maxDrivers=" + maxDrivers);
        }
        this.maxTypes = maxTypes;
        nameStart = new int[maxTypes + 1];
        family = new int[maxTypes];
        drivers = new Driver[maxDrivers];
        driverType = new int[maxDrivers];
        base = new int[maxDrivers];
        limit = new int[maxDrivers];
        for (int t = 0; t < DeviceType.BUILT_IN_COUNT; t++)
        {
            addType(DeviceType.NAMES[t], DeviceType.FAMILIES[t]);
        }
    }

    /**
     * Boot only: adds a device type.
     *
     * @param ioctlFamily the type's ioctl family ({@link Ioctl}), or {@link Ioctl#NO_FAMILY}
     * @return the new type id, or {@code -Errno.EPERM} after {@link #seal()}
     * @throws IllegalArgumentException for a bad or duplicate name, or a full table (boot errors)
     */
    int addType(final String name, final int ioctlFamily)
    {
        if (sealed)
        {
            return -Errno.EPERM;
        }
        if (null == name || name.length() < 1 || name.length() > DeviceUri.MAX_TYPE_CHARS)
        {
            throw new IllegalArgumentException("type name must be 1.." + DeviceUri.MAX_TYPE_CHARS + " chars: name=" + name);
        }
        for (int i = 0; i < name.length(); i++)
        {
            if (!DeviceUri.isTypeChar(name.charAt(i)))
            {
                throw new IllegalArgumentException("type name may hold only [a-z0-9_-]: name=" + name);
            }
        }
        if (findType(name, 0, name.length()) >= 0)
        {
            throw new IllegalArgumentException("device type already exists: name=" + name);
        }
        if (typeCount == maxTypes)
        {
            throw new IllegalArgumentException("device type table full: maxTypes=" + maxTypes + ", name=" + name);
        }
        if (0 != (ioctlFamily & ~Ioctl.TYPE_MASK) || Ioctl.FIOC_BASE == ioctlFamily)
        {
            throw new IllegalArgumentException("ioctlFamily must be a type base other than FIOC_BASE: ioctlFamily="
                + ioctlFamily);
        }
        final int start = nameStart[typeCount];
        final byte[] grown = new byte[start + name.length()];
        System.arraycopy(names, 0, grown, 0, start);
        for (int i = 0; i < name.length(); i++)
        {
            grown[start + i] = (byte) name.charAt(i);
        }
        names = grown;
        family[typeCount] = ioctlFamily;
        nameStart[typeCount + 1] = grown.length;
        return typeCount++;
    }

    /**
     * Boot only: binds {@code driver} to the indexes that {@code pattern} names (see class comment).
     *
     * @return the driver id ({@code >= 0}), or {@code -Errno.EPERM} after {@link #seal()}
     * @throws IllegalArgumentException for a malformed pattern, an unknown type, an index range
     *                                  that overlaps another driver's, a full table, or a driver
     *                                  registered twice (boot errors)
     */
    int register(final String pattern, final Driver driver)
    {
        if (sealed)
        {
            return -Errno.EPERM;
        }
        if (null == driver)
        {
            throw new IllegalArgumentException("register of a null driver: pattern=" + pattern);
        }
        final int parsed = DeviceUri.parsePattern(pattern, this);
        if (-Errno.ENODEV == parsed)
        {
            throw new IllegalArgumentException("unknown device type (add it with addType first): pattern=" + pattern);
        }
        if (parsed < 0)
        {
            throw new IllegalArgumentException("malformed pattern, expected device://TYPE/* or device://TYPE/INDEX: "
                + "pattern=" + pattern);
        }
        for (int d = 0; d < driverCount; d++)
        {
            if (drivers[d] == driver)
            {
                throw new IllegalArgumentException("driver already registered as id " + d + ": pattern=" + pattern);
            }
        }
        if (driverCount == drivers.length)
        {
            throw new IllegalArgumentException("driver table full: maxDrivers=" + drivers.length + ", pattern=" + pattern);
        }
        final int type = DeviceUri.typeOf(parsed);
        final int index = DeviceUri.indexOf(parsed);
        final int lo = DeviceUri.ANY_INDEX == index ? 0 : index;
        final int hi = lo + driver.instances();
        if (hi - 1 > DeviceUri.MAX_INDEX)
        {
            throw new IllegalArgumentException("index range past MAX_INDEX: pattern=" + pattern + ", instances="
                + driver.instances());
        }
        for (int d = 0; d < driverCount; d++)
        {
            if (driverType[d] == type && lo < limit[d] && base[d] < hi)
            {
                throw new IllegalArgumentException("pattern " + pattern + " overlaps the indexes of driver " + d);
            }
        }
        final int id = driverCount++;
        drivers[id] = driver;
        driverType[id] = type;
        base[id] = lo;
        limit[id] = hi;
        return id;
    }

    /** Refuses every later {@link #addType} and {@link #register} (with {@code -Errno.EPERM}). */
    void seal()
    {
        sealed = true;
    }

    public boolean isSealed()
    {
        return sealed;
    }

    /**
     * Finds the type named by {@code s[start, end)}.
     *
     * @return the type id, or -1
     */
    public int findType(final String s, final int start, final int end)
    {
        final byte[] n = names;
        final int length = end - start;
        for (int t = 0; t < typeCount; t++)
        {
            final int from = nameStart[t];
            if (nameStart[t + 1] - from != length)
            {
                continue;
            }
            int i = 0;
            while (i < length && n[from + i] == s.charAt(start + i))
            {
                i++;
            }
            if (i == length)
            {
                return t;
            }
        }
        return -1;
    }

    /** @return the driver serving {@code index} of {@code type}, or {@code -Errno.ENODEV} */
    public int driverFor(final int type, final int index)
    {
        for (int d = 0; d < driverCount; d++)
        {
            if (driverType[d] == type && index >= base[d] && index < limit[d])
            {
                return d;
            }
        }
        return -Errno.ENODEV;
    }

    public int typeCount()
    {
        return typeCount;
    }

    public int driverCount()
    {
        return driverCount;
    }

    /** The type's ioctl family, or {@link Ioctl#NO_FAMILY}. */
    public int familyOf(final int type)
    {
        return family[type];
    }

    public Driver driver(final int id)
    {
        return drivers[id];
    }

    public int typeOfDriver(final int id)
    {
        return driverType[id];
    }

    /** The first index of driver {@code id}; {@code minor = index - base}. */
    public int baseOf(final int id)
    {
        return base[id];
    }
}
