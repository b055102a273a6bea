package dev.fireball.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fireball.kernel.support.RecordingConsole;
import dev.fireball.kernel.support.Script;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntBiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Edge cases of the module layer found in review: each test names the behaviour it holds. */
class ModulesEdgeCaseTest
{
    private final VirtualClock clock = new VirtualClock();
    private final RecordingConsole console = new RecordingConsole();
    private final List<String> log = new ArrayList<>();
    private final Scheduler s = new Scheduler(16, clock, console);
    private final Trace trace = new Trace(1024);
    private final Modules modules = new Modules(s, trace, console, 4);

    @AfterEach
    void invariantsHold()
    {
        s.checkInvariants();
        for (int m = 1; m < modules.count(); m++)
        {
            modules.heap(m).checkInvariants();
        }
    }

    private Script script(final String name, final ToIntBiFunction<Scheduler, Script> body)
    {
        return new Script(name, log, body);
    }

    private Script parker(final String name)
    {
        return script(name, (k, c) -> k.park(Scheduler.FOREVER));
    }

    @Test
    void aFrameBudgetThatNoAllocationOfTheHeapCanHoldIsRefusedAtCreate()
    {
        final int heapBytes = 1024;
        final int total = new ModuleHeap(0, heapBytes).totalBytes();
        // The largest frame a fresh heap gives is its total minus one block header.
        final int fits = modules.create(new ModuleSpec("fits", parker("i1")).heap(heapBytes).frameBytes(total - 4));
        assertTrue(modules.start(fits) > 0, "a frame of total - 4 bytes fits the fresh heap");
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> modules.create(new ModuleSpec("never", parker("i2")).heap(heapBytes).frameBytes(total)));
        assertTrue(e.getMessage().contains("frameBytes " + total + " exceeds its heap"), e.getMessage());
        assertEquals(2, modules.count(), "the refused module was not created");
        modules.stop(fits);
    }

    @Test
    void aStartWhoseInitCannotBeSpawnedRecordsNoStartAndKeepsTheIncarnation()
    {
        // The init asks for a frame larger than the module's heap: every spawn of it is -ENOMEM.
        final Script init = new Script("greedy", 8192, log, (k, c) -> k.done(0));
        final int a = modules.create(new ModuleSpec("a", init).heap(4096).frameBytes(64));
        assertEquals(-Errno.ENOMEM, modules.start(a));
        assertEquals(Modules.STOPPED, modules.state(a), "documented: left STOPPED");
        assertEquals(0, modules.incarnation(a), "no incarnation ran");
        assertEquals(0, trace.count(Trace.MODULE_START, a), "the module never started");
        assertEquals(0, modules.liveCoroutines(a));
    }

    /**
     * A restart whose init cannot be spawned (here the coroutine table is full: a stop listener
     * takes the faulted init's slot) is no restart: not counted, not traced, and the
     * module is left STOPPED with the reason on the console.
     */
    @Test
    void aRestartWhoseInitCannotBeSpawnedIsNotCountedAsARestart()
    {
        final Scheduler small = new Scheduler(2, clock, console);
        final Trace smallTrace = new Trace(1024);
        final Modules mods = new Modules(small, smallTrace, console, 2);
        final int m = mods.create(new ModuleSpec("crashy", script("crash", (k, c) ->
        {
            throw new IllegalStateException("boom");
        })).heap(1024).frameBytes(64).restart(3, 1000));
        small.spawnDetached(parker("other"));
        final boolean[] filled = {false};
        mods.addStopListener(moduleId ->
        {
            if (!filled[0])
            {
                // Between the fault's stop and the restart: take the slot the init just left.
                filled[0] = small.spawnDetached(parker("filler")) > 0;
            }
        });
        assertTrue(mods.start(m) > 0);
        small.runUntil(10);
        assertTrue(filled[0]);
        assertEquals(Modules.STOPPED, mods.state(m));
        assertEquals(0, mods.restarts(m), "no restart happened");
        assertEquals(1, mods.incarnation(m), "no new incarnation ran");
        assertTrue(console.text().contains("could not spawn init"), console.text());
        for (int i = 0; i < smallTrace.size(); i++)
        {
            assertTrue(Trace.MODULE_RESTART != smallTrace.kindAt(i), "no module-restart event");
        }
        small.checkInvariants();
    }

    /** A start refused as misuse (its init object is already running elsewhere) leaves the module as it was. */
    @Test
    void aStartThatThrowsLeavesTheModulesStateAsItWas()
    {
        final Script init = parker("shared-init");
        final int m = modules.create(new ModuleSpec("m", init).heap(1024).frameBytes(64));
        final int elsewhere = s.spawn(init); // misuse: the module's init object is already spawned
        assertTrue(elsewhere > 0);
        final IllegalStateException e = assertThrows(IllegalStateException.class, () -> modules.start(m));
        assertTrue(e.getMessage().contains("already spawned"), e.getMessage());
        assertEquals(Modules.CREATED, modules.state(m), "still CREATED, not RUNNING with no coroutine");
        assertEquals(0, modules.incarnation(m));
        s.cancel(elsewhere);
        s.release(elsewhere);
    }
}
