package dev.fireball.kernel.support;

import dev.fireball.kernel.InterruptLines;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The interrupt side of a storm test (the kernel's with software lines, test-host's with the host
 * port): a thread that raises {@code raises} interrupts round robin on {@code lineCount} lines, in
 * bursts of 1..64 raises with pauses of 0..15 us between them, so the kernel keeps going idle and
 * raises keep landing around its idle decision (the lost-wake-up window). Like a device, it counts
 * each event in {@code produced} before raising the line.
 */
public final class Storm
{
    private Storm()
    {
    }

    /** The raising thread, not started. */
    public static Thread raiser(final InterruptLines lines, final AtomicLongArray produced, final int lineCount,
        final int raises, final int seed)
    {
        return new Thread(() ->
        {
            int rnd = seed;
            int burst = 0;
            for (int i = 0; i < raises; i++)
            {
                final int line = i % lineCount;
                produced.incrementAndGet(line);
                lines.raise(1 << line);
                if (--burst <= 0)
                {
                    rnd = rnd * 1103515245 + 12345;
                    burst = 1 + ((rnd >>> 16) & 63);
                    final long until = System.nanoTime() + ((rnd >>> 8) & 15) * 1_000L;
                    while (System.nanoTime() < until)
                    {
                        Thread.onSpinWait();
                    }
                }
            }
        }, "irq-storm");
    }
}
