package dev.fireball.hal;

/**
 * Grants as a fixed table filled at boot: rows of (module, type, index or {@link #ANY_INDEX},
 * modes), and an fd quota per module. An open is allowed iff one row of its module and type covers
 * its index and every access bit it asks for.
 * <pre>
 *   row r:  module[r]  type[r]  index[r] (-1 = any)  modes[r] (OpenFlags.O_RDONLY | O_WRONLY bits)
 *   quota[moduleId] for moduleId < maxModules; other modules get defaultQuota
 * </pre>
 * <p><b>Invariants</b>: rows are only added, before the HAL is sealed (the table itself does not
 * know; boards fill it in boot code).
 * <p><b>Context</b>: kernel only. <b>Allocation</b>: the constructor only.
 */
public final class GrantTable implements DeviceGrants
{
    /** A row's index that covers every index of its type. */
    public static final int ANY_INDEX = -1;

    private final int[] module;
    private final int[] type;
    private final int[] index;
    private final int[] modes;
    private int rows;
    private final int[] quota;
    private final int defaultQuota;

    /**
     * @param maxRows      capacity of the grant table
     * @param maxModules   modules {@code 0..maxModules-1} get their own quota
     * @param defaultQuota fd quota of every module until {@link #setQuota}
     */
    public GrantTable(final int maxRows, final int maxModules, final int defaultQuota)
    {
        if (maxRows < 0 || maxModules < 0 || defaultQuota < 0)
        {
            throw new IllegalArgumentException("GrantTable sizes must be >= 0: maxRows=" + maxRows + ", maxModules="
                + maxModules + ", defaultQuota=" + defaultQuota);
        }
        module = new int[maxRows];
        type = new int[maxRows];
        index = new int[maxRows];
        modes = new int[maxRows];
        quota = new int[maxModules];
        this.defaultQuota = defaultQuota;
        for (int m = 0; m < maxModules; m++)
        {
            quota[m] = defaultQuota;
        }
    }

    /**
     * Boot only: lets {@code moduleId} open device {@code deviceIndex} ({@link #ANY_INDEX} for all)
     * of {@code deviceType} with the access bits in {@code accessModes}.
     *
     * @return this, for chaining
     */
    public GrantTable grant(final int moduleId, final int deviceType, final int deviceIndex, final int accessModes)
    {
        if (rows == module.length)
        {
            throw new IllegalArgumentException("grant table full: maxRows=" + module.length);
        }
        if (0 == (accessModes & OpenFlags.O_ACCMODE) || 0 != (accessModes & ~OpenFlags.O_ACCMODE))
        {
            throw new IllegalArgumentException("accessModes must be O_RDONLY, O_WRONLY or O_RDWR: accessModes="
                + accessModes);
        }
        module[rows] = moduleId;
        type[rows] = deviceType;
        index[rows] = deviceIndex;
        modes[rows] = accessModes;
        rows++;
        return this;
    }

    /** Boot only: the fd quota of {@code moduleId} ({@code < maxModules}). */
    public GrantTable setQuota(final int moduleId, final int fds)
    {
        if (moduleId < 0 || moduleId >= quota.length || fds < 0)
        {
            throw new IllegalArgumentException("setQuota out of range: moduleId=" + moduleId + ", fds=" + fds);
        }
        quota[moduleId] = fds;
        return this;
    }

    @Override
    public boolean allows(final int moduleId, final int deviceType, final int deviceIndex, final int accessMode)
    {
        for (int r = 0; r < rows; r++)
        {
            if (module[r] == moduleId && type[r] == deviceType
                && (ANY_INDEX == index[r] || index[r] == deviceIndex)
                && 0 == (accessMode & ~modes[r]))
            {
                return true;
            }
        }
        return false;
    }

    @Override
    public int fdQuota(final int moduleId)
    {
        return moduleId >= 0 && moduleId < quota.length ? quota[moduleId] : defaultQuota;
    }

    /** Nothing to complete: rows are granted directly. */
    @Override
    public void checkComplete(final Hal hal)
    {
    }
}
