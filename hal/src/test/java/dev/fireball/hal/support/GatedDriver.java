package dev.fireball.hal.support;

import dev.fireball.hal.Driver;
import dev.fireball.kernel.Errno;

/**
 * A {@link Driver#STREAM} device without receive rings, whose test plays the lower half: a read
 * progresses only while {@link #supply} has left bytes, a write only while {@link #grantRoom} has
 * left room; each signals its own direction to waiters like a bottom half would, and
 * {@link #signal} sends any signal, right or wrong.
 */
public final class GatedDriver extends Driver
{
    private final int[] room;
    private final int[] pending;
    private final byte[] value;

    public GatedDriver(final int instances)
    {
        super(instances, STREAM);
        room = new int[instances];
        pending = new int[instances];
        value = new byte[instances];
    }

    /** Lower half: {@code bytes} more may be written (TX drained). */
    public int grantRoom(final int minor, final int bytes)
    {
        room[minor] += bytes;
        return signalReady(minor, POLLOUT);
    }

    /** Lower half: {@code count} bytes of {@code b} arrived. */
    public int supply(final int minor, final byte b, final int count)
    {
        value[minor] = b;
        pending[minor] += count;
        return signalReady(minor, POLLIN);
    }

    /** Lower half: signals {@code events} without changing anything (a spurious or a bad signal). */
    public int signal(final int minor, final int events)
    {
        return signalReady(minor, events);
    }

    @Override
    public int read(final int stream, final int minor, final byte[] buf, final int off, final int len)
    {
        final int n = Math.min(len, pending[minor]);
        if (0 == n)
        {
            return -Errno.EAGAIN;
        }
        for (int i = 0; i < n; i++)
        {
            buf[off + i] = value[minor];
        }
        pending[minor] -= n;
        return n;
    }

    @Override
    public int write(final int stream, final int minor, final byte[] buf, final int off, final int len)
    {
        final int n = Math.min(len, room[minor]);
        if (0 == n)
        {
            return -Errno.EAGAIN;
        }
        room[minor] -= n;
        return n;
    }

    @Override
    public int poll(final int stream, final int minor)
    {
        return (pending[minor] > 0 ? POLLIN : 0) | (room[minor] > 0 ? POLLOUT : 0);
    }
}
