package dev.fireball.hal.support;

import dev.fireball.hal.Driver;

/**
 * Two UARTs joined by a crossed cable: what is written to minor 0 arrives at the readers of
 * minor 1 and the other way round (unlike a loopback, a writer never reads its own bytes).
 */
public final class NullModemDriver extends Driver
{
    public NullModemDriver()
    {
        super(2, STREAM_RX_RING);
    }

    @Override
    public int write(final int stream, final int minor, final byte[] buf, final int off, final int len)
    {
        deliver(1 - minor, buf, off, len);
        return len;
    }
}
