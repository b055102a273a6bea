package dev.fireball.host.docs;

import dev.fireball.kernel.Channel;
import dev.fireball.kernel.Coroutine;
import dev.fireball.kernel.Errno;
import dev.fireball.kernel.Scheduler;

/**
 * docs/kernel-communication.md, "Conventions": a blocking receive returned as a directive, its
 * result read after the resume. Uses every value, counts the timeouts, and finishes with the
 * number of values used when its channel is closed and drained.
 */
final class TimedReceiver extends Coroutine
{
    private final Channel sensorCh;
    long sum;
    int used;
    int timeouts;

    TimedReceiver(final Channel sensorCh)
    {
        super("timed-receiver");
        this.sensorCh = sensorCh;
    }

    @Override
    protected int resume(final Scheduler s)
    {
        while (true)
        {
            switch (pc)
            {
                case 0:
                    pc = 1;
                    return sensorCh.receive(100);           // wait at most 100 ticks
                case 1:
                    if (0 == s.status()) { use(s.value()); }  // or Channel.CLOSED, or -ETIMEDOUT
                    if (Channel.CLOSED == s.status())
                    {
                        return s.done(used);
                    }
                    if (-Errno.ETIMEDOUT == s.status())
                    {
                        timeouts++;
                    }
                    pc = 0;
                    break;
                default:
                    throw new IllegalStateException("pc " + pc);
            }
        }
    }

    private void use(final long v)
    {
        sum += v;
        used++;
    }
}
