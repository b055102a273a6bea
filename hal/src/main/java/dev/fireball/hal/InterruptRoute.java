package dev.fireball.hal;

import dev.fireball.kernel.BottomHalf;

/**
 * One interrupt line of the kernel's {@link dev.fireball.kernel.InterruptBridge} routed to a
 * driver's bottom half: when the line was raised, the bridge calls this in kernel context and the
 * driver runs {@link Driver#bottomHalf} with {@code pending = 1 << line} (the driver reads its own
 * status registers for the details), where it delivers bytes and signals readiness, waking the
 * coroutines that wait on its streams. Created at boot by {@link Hal#routeInterrupt}.
 * <p><b>Context</b>: kernel (the bridge's service). <b>Allocation</b>: none.
 */
final class InterruptRoute implements BottomHalf
{
    private final Hal hal;
    private final int driverId;
    private final int minor;

    InterruptRoute(final Hal hal, final int driverId, final int minor)
    {
        this.hal = hal;
        this.driverId = driverId;
        this.minor = minor;
    }

    @Override
    public void onInterrupt(final int line)
    {
        hal.bottomHalf(driverId, minor, 1 << line);
    }
}
