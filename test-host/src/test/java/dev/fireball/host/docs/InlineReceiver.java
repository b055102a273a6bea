package dev.fireball.host.docs;

import dev.fireball.kernel.Channel;
import dev.fireball.kernel.Coroutine;
import dev.fireball.kernel.Scheduler;

/**
 * docs/kernel-communication.md, "Conventions": a receive that completes at once goes on in the
 * same resume ({@link Scheduler#completedNow}); one that must wait returns its directive. Sums its
 * channel's values and finishes with the sum when the channel is closed and drained.
 */
final class InlineReceiver extends Coroutine
{
    static final int RECEIVE = 0;
    static final int GOT = 1;

    private final Channel ch;
    long sum;
    int resumes;

    InlineReceiver(final Channel ch)
    {
        super("inline-receiver");
        this.ch = ch;
    }

    @Override
    protected int resume(final Scheduler s)
    {
        resumes++;
        while (true)
        {
            switch (pc)
            {
                case RECEIVE:
                    pc = GOT;
                    final int d = ch.receive(Scheduler.FOREVER);
                    if (!s.completedNow(d)) { return d; }
                    // fall through: the value is s.value()
                case GOT:
                    if (Channel.CLOSED == s.status())
                    {
                        return s.done(sum);
                    }
                    sum += s.value();
                    pc = RECEIVE;
                    break;
                default:
                    throw new IllegalStateException("pc " + pc);
            }
        }
    }
}
