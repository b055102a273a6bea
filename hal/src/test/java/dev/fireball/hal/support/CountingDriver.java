package dev.fireball.hal.support;

import dev.fireball.hal.Driver;

/** A driver that records its life-cycle calls and fails setup or open on request. */
public final class CountingDriver extends Driver
{
    public int setups;
    public int shutdowns;
    public int opens;
    public int closes;
    public int bottomHalves;
    public int lastPending;
    /** Returned by the next setup / open when negative (then reset to 0). */
    public int failSetupWith;
    public int failOpenWith;
    public int failCloseWith;

    public CountingDriver(final int instances, final int kind)
    {
        super(instances, kind);
    }

    @Override
    public int setup(final int minor)
    {
        final int r = failSetupWith;
        failSetupWith = 0;
        if (r < 0)
        {
            return r;
        }
        setups++;
        return 0;
    }

    @Override
    public void shutdown(final int minor)
    {
        shutdowns++;
    }

    @Override
    public int open(final int stream, final int minor, final int oflags)
    {
        final int r = failOpenWith;
        failOpenWith = 0;
        if (r < 0)
        {
            return r;
        }
        opens++;
        return 0;
    }

    @Override
    public int close(final int stream, final int minor)
    {
        closes++;
        return failCloseWith;
    }

    @Override
    public void bottomHalf(final int minor, final int pending)
    {
        bottomHalves++;
        lastPending = pending;
    }
}
