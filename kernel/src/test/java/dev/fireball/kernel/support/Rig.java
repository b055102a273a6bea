package dev.fireball.kernel.support;

import dev.fireball.kernel.Channel;
import dev.fireball.kernel.Clock;
import dev.fireball.kernel.Scheduler;
import dev.fireball.kernel.Select;
import dev.fireball.kernel.VirtualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntBiFunction;

/**
 * A booted kernel for communication tests: virtual clock, scheduler, selectors and the channels a
 * test creates through it; {@link #runChecked()} checks every invariant after every step.
 */
public final class Rig
{
    public final VirtualClock clock = new VirtualClock();
    public final RecordingConsole console = new RecordingConsole();
    public final List<String> trace = new ArrayList<>();
    public final Scheduler s;
    public final Select select;
    private final List<Channel> channels = new ArrayList<>();

    public Rig(final int slots, final int maxArms)
    {
        s = new Scheduler(slots, clock, console);
        select = new Select(s, maxArms);
    }

    public Rig()
    {
        this(16, 4);
    }

    public Channel channel(final int capacity)
    {
        return channel(capacity, 0);
    }

    public Channel channel(final int capacity, final int messageBytes)
    {
        final Channel ch = new Channel(select, channels.size(), capacity, messageBytes);
        channels.add(ch);
        return ch;
    }

    public Script script(final String name, final ToIntBiFunction<Scheduler, Script> body)
    {
        return new Script(name, trace, body);
    }

    public int spawn(final String name, final ToIntBiFunction<Scheduler, Script> body)
    {
        return s.spawn(script(name, body));
    }

    public void log(final String event)
    {
        trace.add(event);
    }

    public void checkInvariants()
    {
        s.checkInvariants();
        select.checkInvariants();
        for (final Channel ch : channels)
        {
            ch.checkInvariants();
        }
    }

    /** Steps until nothing is ready, checking invariants after each; does not advance time. */
    public void drain()
    {
        while (s.step())
        {
            checkInvariants();
        }
    }

    /** Like {@link Scheduler#run()}, checking the invariants after every step. */
    public int runChecked()
    {
        return runCheckedUntil(Clock.NO_DEADLINE);
    }

    /** Like {@link Scheduler#runUntil}, checking the invariants after every step. */
    public int runCheckedUntil(final long limitTick)
    {
        while (true)
        {
            drain();
            final long deadline = s.nextDeadline();
            if (Clock.NO_DEADLINE == deadline || deadline > limitTick)
            {
                final int r = s.runUntil(limitTick);
                checkInvariants();
                return r;
            }
            clock.idle(deadline);
        }
    }
}
