package dev.fireball.hal;

import dev.fireball.kernel.ModuleStopListener;
import dev.fireball.kernel.Modules;

/**
 * The module layer as the HAL sees it: each module's device grants ({@code device://uart/*} read,
 * ...) and fd quota come from its {@link dev.fireball.kernel.ModuleSpec}, and when a module stops or
 * restarts every fd it held is closed ({@link Hal#closeAllOf}), waking its waiters with EBADF and
 * shutting devices down on their last close.
 * <pre>{@code
 * ModuleGrants grants = new ModuleGrants(kernel.modules);
 * Hal hal = Hal.forBoard(kernel.scheduler, grants, kernel.config); // tables sized by the board
 * hal.register("device://uart/*", uartDriver);      // types and drivers first
 * grants.bind(hal);                                  // then resolve grant patterns to type ids
 * hal.seal(); kernel.seal();
 * }</pre>
 * The open mode bits of {@link OpenFlags} ({@code O_RDONLY} 1, {@code O_WRONLY} 2) are the grant
 * modes of {@code ModuleSpec} ({@code READ} 1, {@code WRITE} 2).
 * <p><b>Context</b>: boot for the constructor and {@link #bind}; kernel for the rest.
 * <b>Allocation</b>: none after {@link #bind}.
 */
public final class ModuleGrants implements DeviceGrants, ModuleStopListener
{
    private final Modules modules;
    private Hal hal;
    private GrantTable table;
    /** Modules that existed at {@link #bind}: only their manifests are in {@link #table}. */
    private int boundModules;

    public ModuleGrants(final Modules modules)
    {
        if (null == modules)
        {
            throw new IllegalArgumentException("modules are required");
        }
        this.modules = modules;
    }

    /**
     * Boot only, after every device type is added and every module created, and before the kernel
     * is sealed: resolves each module's grant patterns to the HAL's type ids and registers for
     * module stops. A module created later with grants makes {@link #allows} throw for it.
     *
     * @throws IllegalArgumentException for a null HAL, or naming the module and pattern when a grant
     *                                  names a device type the HAL does not know
     * @throws IllegalStateException    when bound twice
     */
    public void bind(final Hal h)
    {
        if (null == h)
        {
            // Taken as a bind, it left a stop listener that threw NullPointerException mid-stop.
            throw new IllegalArgumentException("ModuleGrants.bind(null): pass the HAL made with these grants");
        }
        if (null != hal)
        {
            throw new IllegalStateException("module grants are already bound to a HAL");
        }
        if (modules.isSealed())
        {
            throw new IllegalStateException("ModuleGrants.bind(hal) after Kernel.seal(): bind at boot, after the device "
                + "types and modules are made and before Hal.seal() and Kernel.seal()");
        }
        int rows = 0;
        for (int m = 1; m < modules.count(); m++)
        {
            rows += modules.grantCount(m);
        }
        final GrantTable t = new GrantTable(Math.max(1, rows), modules.count(), 0);
        for (int m = 1; m < modules.count(); m++)
        {
            for (int g = 0; g < modules.grantCount(m); g++)
            {
                final String name = modules.grantType(m, g);
                final int type = h.registry().findType(name, 0, name.length());
                if (type < 0)
                {
                    throw new IllegalArgumentException("module '" + modules.name(m) + "' is granted device://" + name
                        + "/...: the HAL has no device type '" + name + "'");
                }
                final int index = modules.grantIndex(m, g);
                t.grant(m, type, Modules.ANY_INDEX == index ? GrantTable.ANY_INDEX : index, modules.grantModes(m, g));
            }
        }
        modules.addStopListener(this);
        table = t;
        boundModules = modules.count();
        hal = h;
    }

    @Override
    public boolean allows(final int moduleId, final int type, final int index, final int accessMode)
    {
        if (Modules.KERNEL == moduleId)
        {
            return true;
        }
        if (null == table)
        {
            throw new IllegalStateException("ModuleGrants.bind(hal) was not called at boot");
        }
        if (moduleId >= boundModules && moduleId < modules.count() && modules.grantCount(moduleId) > 0)
        {
            // Its manifest was never read: a silent -EACCES for what it was granted would hide the boot bug.
            throw new IllegalStateException("module '" + modules.name(moduleId) + "' (" + moduleId
                + ") was created after ModuleGrants.bind(hal): its grants were never read; create modules before bind");
        }
        return moduleId > 0 && moduleId < modules.count() && Modules.RUNNING == modules.state(moduleId)
            && table.allows(moduleId, type, index, accessMode);
    }

    /**
     * Bound to {@code h}, and no module with grants was created after the bind.
     *
     * @throws IllegalStateException naming the missing step
     */
    @Override
    public void checkComplete(final Hal h)
    {
        if (null == hal)
        {
            throw new IllegalStateException("Hal.seal(): ModuleGrants.bind(hal) was not called, so no module's grants "
                + "were read; call it after the device types and modules are made, before Hal.seal()");
        }
        if (hal != h)
        {
            throw new IllegalStateException("Hal.seal(): these module grants are bound to another HAL");
        }
        for (int m = boundModules; m < modules.count(); m++)
        {
            if (modules.grantCount(m) > 0)
            {
                throw new IllegalStateException("Hal.seal(): module '" + modules.name(m) + "' (" + m
                    + ") was created after ModuleGrants.bind(hal): its grants were never read; create modules before bind");
            }
        }
    }

    @Override
    public int fdQuota(final int moduleId)
    {
        return moduleId >= 0 && moduleId < modules.count() ? modules.maxFds(moduleId) : 0;
    }

    @Override
    public void moduleStopped(final int moduleId)
    {
        hal.closeAllOf(moduleId);
    }
}
