package dev.fireball.hal;

import dev.fireball.kernel.Errno;

/**
 * Fixed-size RAM devices, SEEKABLE: each open has its own position, read at the end returns 0,
 * write at the end {@code -ENOSPC}, and a seek may land anywhere in {@code [0, sizeBytes]}. The
 * smallest example of a random-access driver (a flash or EEPROM driver has the same shape).
 * It answers {@link Ioctl#FIONREAD} with the bytes left after the stream's position.
 * <pre>
 *   store | device 0 (sizeBytes) | device 1 | ... |       device n starts at n * sizeBytes
 * </pre>
 * <p><b>Context</b>: kernel only. <b>Allocation</b>: the constructor only.
 */
public final class RamDriver extends Driver
{
    private final int sizeBytes;
    private final byte[] store;

    /**
     * Boot only.
     *
     * @param instances devices
     * @param sizeBytes bytes per device, {@code >= 1}
     */
    public RamDriver(final int instances, final int sizeBytes)
    {
        super(instances, SEEKABLE);
        if (sizeBytes < 1 || (long) sizeBytes * instances > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException("RAM device size out of range: sizeBytes=" + sizeBytes + ", instances="
                + instances);
        }
        this.sizeBytes = sizeBytes;
        store = new byte[sizeBytes * instances];
    }

    @Override
    public int read(final int stream, final int minor, final byte[] buf, final int off, final int len)
    {
        final int p = position(stream);
        final int left = sizeBytes - p;
        final int n = len < left ? len : left;
        if (n <= 0)
        {
            return 0;
        }
        System.arraycopy(store, minor * sizeBytes + p, buf, off, n);
        return n;
    }

    @Override
    public int write(final int stream, final int minor, final byte[] buf, final int off, final int len)
    {
        final int p = position(stream);
        final int left = sizeBytes - p;
        final int n = len < left ? len : left;
        if (n <= 0)
        {
            return -Errno.ENOSPC;
        }
        System.arraycopy(buf, off, store, minor * sizeBytes + p, n);
        return n;
    }

    @Override
    public int seek(final int stream, final int minor, final int position, final int offset, final int whence)
    {
        return seekWithin(position, sizeBytes, offset, whence);
    }

    @Override
    public int ioctl(final int stream, final int minor, final int cmd, final int arg)
    {
        if (Ioctl.FIONREAD == cmd)
        {
            return sizeBytes - position(stream);
        }
        // A command the HAL defines (FIOC_OVERRUNS reaches every device) but a RAM device does not
        // implement is ENOTSUP; ENOTTY is for commands nobody defines (docs/hal.md, ioctl routing).
        return Ioctl.isDefined(cmd) ? -Errno.ENOTSUP : -Errno.ENOTTY;
    }

    public int sizeBytes()
    {
        return sizeBytes;
    }
}
