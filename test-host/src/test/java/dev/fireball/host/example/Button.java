package dev.fireball.host.example;

import dev.fireball.kernel.BottomHalf;
import dev.fireball.kernel.EventGroup;
import dev.fireball.kernel.InterruptLines;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A simulated push button on interrupt line {@link #LINE}: the "ISR" side (any host thread) counts
 * the press in the device and raises the line; the bottom half (kernel context) takes the count
 * and posts {@link #PRESSED} on the event group.
 */
final class Button implements BottomHalf
{
    static final int LINE = 3;
    static final int PRESSED = 1 << 0;

    private final AtomicInteger presses = new AtomicInteger();
    private final InterruptLines lines;
    private final EventGroup events;
    /** Presses taken by bottom halves and not yet consumed by the watcher. Kernel context only. */
    private int taken;

    Button(final InterruptLines lines, final EventGroup events)
    {
        this.lines = lines;
        this.events = events;
    }

    /** Interrupt side: any thread. */
    void press()
    {
        presses.incrementAndGet();
        lines.raise(1 << LINE);
    }

    @Override
    public void onInterrupt(final int line)
    {
        taken += presses.getAndSet(0);
        events.post(PRESSED);
    }

    /** Kernel context: presses since the last call. */
    int takePresses()
    {
        final int n = taken;
        taken = 0;
        return n;
    }
}
