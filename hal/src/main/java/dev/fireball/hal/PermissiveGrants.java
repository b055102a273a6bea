package dev.fireball.hal;

/**
 * Grants for a system without module isolation: every module may open every device in every mode,
 * and the fd table's size is the only quota.
 * <p><b>Allocation</b>: none.
 */
public final class PermissiveGrants implements DeviceGrants
{
    /** The shared instance (stateless). */
    public static final PermissiveGrants INSTANCE = new PermissiveGrants();

    private PermissiveGrants()
    {
    }

    @Override
    public boolean allows(final int moduleId, final int type, final int index, final int accessMode)
    {
        return true;
    }

    @Override
    public int fdQuota(final int moduleId)
    {
        return Integer.MAX_VALUE;
    }

    /** Nothing to complete. */
    @Override
    public void checkComplete(final Hal hal)
    {
    }
}
