package dev.fireball.hal;

import dev.fireball.kernel.Errno;

/**
 * A streaming device whose write side feeds its read side: every byte written to
 * {@code device://TYPE/n} is delivered to the receive ring of every open reader of the same
 * {@code n}, the writer included if it reads too. The upper half does the rest (per-open rings,
 * overruns, readiness), so this is also the smallest example of a {@link Driver#STREAM_RX_RING}
 * lower half: a UART driver does the same from its receive interrupt's bottom half.
 * <p>Writing never blocks: a reader without room loses the excess (its overruns). Seek gives
 * {@code -ESPIPE}. It answers {@link Ioctl#TIOCBAUD} (any positive rate), so it can stand in for a
 * UART.
 * <p><b>Invariants</b>: {@code running[minor]} is true between the device's first open and last close.
 * <p><b>Context</b>: kernel only. <b>Allocation</b>: the constructor only.
 */
public final class LoopbackDriver extends Driver
{
    private final boolean[] running;
    private final int[] baud;

    /** Boot only. @param instances loopback devices (minors {@code 0..instances-1}) */
    public LoopbackDriver(final int instances)
    {
        super(instances, STREAM_RX_RING);
        running = new boolean[instances];
        baud = new int[instances];
    }

    @Override
    public int setup(final int minor)
    {
        running[minor] = true;
        return 0;
    }

    @Override
    public void shutdown(final int minor)
    {
        running[minor] = false;
    }

    @Override
    public int write(final int stream, final int minor, final byte[] buf, final int off, final int len)
    {
        deliver(minor, buf, off, len);
        return len;
    }

    @Override
    public int ioctl(final int stream, final int minor, final int cmd, final int arg)
    {
        if (Ioctl.TIOCBAUD == cmd)
        {
            if (arg <= 0)
            {
                return -Errno.EINVAL;
            }
            baud[minor] = arg;
            return 0;
        }
        // Registered for another class, its defined commands reach us: not implemented is ENOTSUP;
        // only commands nobody defines (a board family's) are ENOTTY (docs/hal.md, ioctl routing).
        return Ioctl.isDefined(cmd) ? -Errno.ENOTSUP : -Errno.ENOTTY;
    }

    /** True between the first open and the last close of device {@code minor}. */
    public boolean isRunning(final int minor)
    {
        return running[minor];
    }

    /** The last baud rate set on device {@code minor} (0 if never). */
    public int baudOf(final int minor)
    {
        return baud[minor];
    }
}
