package dev.fireball.hal.support;

import dev.fireball.hal.Driver;
import dev.fireball.hal.Ioctl;
import dev.fireball.kernel.Errno;

/**
 * A receive-only UART lower half driven by its interrupt: {@link #bottomHalf} hands the bytes the
 * "hardware" received ({@code pending} of {@code "ok!"}) to every reader's ring, as a real
 * driver's RX bottom half does. Writes are swallowed. {@link Ioctl#TIOCBAUD} works with an int
 * argument or a 4-byte big-endian one.
 */
public final class IrqUartDriver extends Driver
{
    private final byte[] received = {'o', 'k', '!'};
    public int baud;

    public IrqUartDriver()
    {
        super(1, STREAM_RX_RING);
    }

    @Override
    public void bottomHalf(final int minor, final int pending)
    {
        deliver(minor, received, 0, Math.min(pending, received.length));
    }

    @Override
    public int write(final int stream, final int minor, final byte[] buf, final int off, final int len)
    {
        return len;
    }

    @Override
    public int ioctl(final int stream, final int minor, final int cmd, final int arg)
    {
        if (Ioctl.TIOCBAUD != cmd)
        {
            return -Errno.ENOTTY;
        }
        if (arg <= 0)
        {
            return -Errno.EINVAL;
        }
        baud = arg;
        return 0;
    }

    @Override
    public int ioctl(final int stream, final int minor, final int cmd, final byte[] buf, final int off, final int len)
    {
        if (Ioctl.TIOCBAUD != cmd)
        {
            return -Errno.ENOTTY;
        }
        if (4 != len)
        {
            return -Errno.EINVAL;
        }
        return ioctl(stream, minor, cmd, (buf[off] & 0xFF) << 24 | (buf[off + 1] & 0xFF) << 16
            | (buf[off + 2] & 0xFF) << 8 | (buf[off + 3] & 0xFF));
    }
}
