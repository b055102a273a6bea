package dev.fireball.kernel;

/**
 * A kernel service that owns per-module resources (the HAL's fds) and reclaims them
 * when a module stops or restarts. Registered at boot with {@link Modules#addStopListener}.
 * <p><b>Context</b>: kernel, after the module's coroutines were stopped and before its heap is
 * reset. <b>Allocation</b>: must not allocate.
 */
public interface ModuleStopListener
{
    /** Release everything {@code moduleId} holds. */
    void moduleStopped(int moduleId);
}
