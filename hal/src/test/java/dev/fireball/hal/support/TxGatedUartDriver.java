package dev.fireball.hal.support;

import dev.fireball.hal.Driver;
import dev.fireball.kernel.Errno;

/**
 * A {@link Driver#STREAM_RX_RING} UART whose test plays the lower half in both directions: received
 * bytes go to every reader's ring through {@link #receive} ({@code deliver}), and a write progresses
 * only while {@link #grantRoom} has left TX room, which it signals with {@code POLLOUT} as a TX
 * interrupt's bottom half would. The one device on which a coroutine can wait to read and another
 * wait to write, both woken by the lower half.
 */
public final class TxGatedUartDriver extends Driver
{
    private final int[] room;

    public TxGatedUartDriver(final int instances)
    {
        super(instances, STREAM_RX_RING);
        room = new int[instances];
    }

    /** Lower half: bytes arrived. @return the readers fed */
    public int receive(final int minor, final byte[] bytes)
    {
        return deliver(minor, bytes, 0, bytes.length);
    }

    /** Lower half: {@code bytes} more may be written (TX drained). @return the coroutines woken */
    public int grantRoom(final int minor, final int bytes)
    {
        room[minor] += bytes;
        return signalReady(minor, POLLOUT);
    }

    /** Lower half: signals {@code events} without changing anything. @return the coroutines woken */
    public int signal(final int minor, final int events)
    {
        return signalReady(minor, events);
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
        return room[minor] > 0 ? POLLOUT : 0;  // POLLIN of a receive-ring stream is the HAL's
    }
}
