package dev.fireball.hal;

/**
 * What a module may open: the HAL asks this at every {@link Hal#open}. The module layer implements
 * it from each module's manifest; {@link PermissiveGrants} (everything allowed) is the default for
 * boards without modules and {@link GrantTable} is a fixed table built at boot.
 * <p>Module 0 is the kernel (boot code and anything outside a coroutine).
 * <p><b>Context</b>: kernel only. <b>Allocation</b>: implementations must not allocate in either method.
 */
public interface DeviceGrants
{
    /**
     * @param type       the device type id ({@link DeviceType}, or one from {@link Hal#addType})
     * @param index      the device index of the URI
     * @param accessMode {@code OpenFlags.O_RDONLY}, {@code O_WRONLY} or {@code O_RDWR}
     * @return true if {@code moduleId} may open that device in that mode
     */
    boolean allows(int moduleId, int type, int index, int accessMode);

    /** @return how many fds {@code moduleId} may hold open at once ({@code >= 0}) */
    int fdQuota(int moduleId);

    /**
     * Boot: {@link Hal#seal} calls this before it seals. Grants that need a boot step of their own
     * (binding module manifests to the HAL's device types) throw here, naming the step, when it is
     * missing, so the mistake fails at boot and not at some module's first open.
     *
     * @param hal the HAL being sealed
     * @throws IllegalStateException naming the missing boot step
     */
    void checkComplete(Hal hal);
}
