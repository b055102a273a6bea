package dev.fireball.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fireball.kernel.support.RecordingConsole;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Random interleavings of spawn, step, cancel, wake, release and time passing, with coroutines
 * that yield, sleep, park, join and fail: the invariants hold after every operation, handles never
 * alias, and everything can always be drained.
 */
class SchedulerPropertyTest
{
    /** Behaviour chosen by a seed: a short random program of directives. */
    static final class Wanderer extends Coroutine
    {
        private final int[] handles;
        private int seed;

        Wanderer(final int[] handles)
        {
            super("wanderer");
            this.handles = handles;
        }

        Wanderer seed(final int value)
        {
            seed = value;
            return this;
        }

        @Override
        protected int resume(final Scheduler s)
        {
            seed = seed * 1103515245 + 12345;
            final int r = (seed >>> 16) & 0xFF;
            if (pc++ > 6)
            {
                return s.done(r);
            }
            switch (r % 8)
            {
                case 0: return s.yield();
                case 1: return s.sleep(r % 5);
                case 2: return s.park(r % 3 == 0 ? Scheduler.FOREVER : r % 7);
                case 3: return s.join(handles[r % handles.length], r % 2 == 0 ? Scheduler.FOREVER : 3);
                case 4: return s.fail(r);
                case 5: throw new IllegalStateException("random fault");
                default: return s.yield();
            }
        }
    }

    @Property(tries = 200)
    void invariantsHoldUnderRandomOperations(
        @ForAll @Size(max = 200) final List<@IntRange(min = 0, max = 999) Integer> ops)
    {
        final VirtualClock clock = new VirtualClock();
        final Scheduler s = new Scheduler(8, clock, new RecordingConsole());
        final int[] handles = new int[8];
        final Wanderer[] pool = new Wanderer[16];
        for (int i = 0; i < pool.length; i++)
        {
            pool[i] = new Wanderer(handles);
        }
        int spawned = 0;
        for (final int op : ops)
        {
            final int h = handles[op % handles.length];
            switch (op % 6)
            {
                case 0:
                    for (final Wanderer w : pool)
                    {
                        if (!w.isSpawned())
                        {
                            final int nh = s.spawn(w.seed(op));
                            if (nh > 0)
                            {
                                for (final int other : handles)
                                {
                                    assertTrue(other != nh || s.slotOf(other) >= 0, "handle reused while live");
                                }
                                handles[op % handles.length] = nh;
                                spawned++;
                            }
                            break;
                        }
                    }
                    break;
                case 1: s.step(); break;
                case 2: s.cancel(h); break;
                case 3: s.wake(h); break;
                case 4: s.release(h); break;
                default: clock.advance(op % 4); s.step(); break;
            }
            s.checkInvariants();
        }
        // Drain: wake and cancel whatever is left, then everything must be releasable.
        for (int round = 0; round < 100 && s.liveCount() > 0; round++)
        {
            s.runUntil(clock.now() + 10);
            for (int slot = 0; slot < s.capacity(); slot++)
            {
                final int h = s.handleOf(slot);
                s.cancel(h);
                s.release(h);
            }
            s.checkInvariants();
        }
        assertEquals(0, s.liveCount());
        assertEquals(spawned, s.completedCount() + s.failedCount() + s.canceledCount());
    }
}
