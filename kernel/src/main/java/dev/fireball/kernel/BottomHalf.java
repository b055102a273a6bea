package dev.fireball.kernel;

/**
 * The kernel-context half of an interrupt (the HAL design's ISR safety section): the interrupt
 * itself only sets its line's bit in the pending word; the {@link InterruptBridge} then calls
 * {@link #onInterrupt} from the run loop. A bottom half reads the device, then wakes coroutines:
 * posts an {@link EventGroup}, completes a future of a {@link FuturePool}, sends to a
 * {@link Channel} with a try-operation.
 * <p><b>Context</b>: kernel, outside any coroutine; must not block (no directive) and must not
 * allocate. <b>Allocation</b>: implementations are created at boot.
 */
public interface BottomHalf
{
    /**
     * The line was raised at least once since its last delivery (raises between two deliveries
     * coalesce, as a hardware pending bit does; a device that must count events counts them itself).
     *
     * @param line the interrupt line, 0..31
     */
    void onInterrupt(int line);
}
