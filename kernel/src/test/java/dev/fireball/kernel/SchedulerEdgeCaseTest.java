package dev.fireball.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fireball.kernel.support.RecordingConsole;
import dev.fireball.kernel.support.Script;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntBiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Edge cases of the scheduler found in review: each test names the behaviour it holds. */
class SchedulerEdgeCaseTest
{
    private final VirtualClock clock = new VirtualClock();
    private final RecordingConsole console = new RecordingConsole();
    private final List<String> trace = new ArrayList<>();
    private final Scheduler s = new Scheduler(8, clock, console);

    @AfterEach
    void invariantsHold()
    {
        s.checkInvariants();
    }

    private Script script(final String name, final ToIntBiFunction<Scheduler, Script> body)
    {
        return new Script(name, trace, body);
    }

    @Test
    void aCompletionListenerThatCancelsTheFinishingCoroutineGetsEalreadyAndTheCoroutineFinishesOnce()
    {
        final int[] result = {Integer.MIN_VALUE};
        final List<String> heard = new ArrayList<>();
        s.setCompletionListener((handle, outcome, value) ->
        {
            heard.add(handle + ":" + outcome);
            result[0] = s.cancel(handle); // the handle is still valid here (CompletionListener)
        });
        final int h = s.spawn(script("done", (sch, me) -> sch.done(5)));
        assertEquals(Scheduler.RUN_IDLE, s.run());
        assertEquals(-Errno.EALREADY, result[0], "it is finishing already");
        assertEquals(List.of(h + ":" + Scheduler.COMPLETED), heard);
        assertEquals(Scheduler.COMPLETED, s.outcomeOf(h));
        assertEquals(5, s.valueOf(h));
        assertEquals(1, s.completedCount());
        assertEquals(0, s.canceledCount());
    }

    @Test
    void aCompletionListenerThatCancelsACanceledWaiterGetsEalreadyAndItsJoinerSeesOneOutcome()
    {
        final int[] result = {Integer.MIN_VALUE};
        final List<String> heard = new ArrayList<>();
        final int parked = s.spawn(script("parked", (sch, me) -> sch.park(Scheduler.FOREVER)));
        final int joiner = s.spawn(script("joiner", (sch, me) ->
        {
            if (0 == me.pc())
            {
                me.pc(1);
                return sch.join(parked);
            }
            return sch.done(sch.status());
        }));
        s.runUntil(0);
        s.setCompletionListener((handle, outcome, value) ->
        {
            heard.add(handle + ":" + outcome);
            if (handle == parked)
            {
                result[0] = s.cancel(handle);
            }
        });
        assertEquals(0, s.cancel(parked));
        assertEquals(-Errno.EALREADY, result[0]);
        assertEquals(List.of(parked + ":" + Scheduler.CANCELED), heard);
        assertEquals(1, s.canceledCount());
        assertEquals(Scheduler.RUN_IDLE, s.run());
        assertEquals(Scheduler.CANCELED, s.valueOf(joiner));
        assertTrue(s.stateOf(parked) < 0, "joined: freed");
    }
}
