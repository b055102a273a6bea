package dev.fireball.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fireball.kernel.support.RecordingConsole;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random sequences of spawns, faults, stops, starts and runs over three modules keep the module
 * accounting exact: each module's live count and heap use match the coroutines it really has,
 * refused spawns change nothing, a fault or stop empties exactly one module, and the scheduler's
 * and heaps' invariants hold after every action.
 */
class ModulesPropertyTest
{
    private static final int MODULES = 3;
    private static final int ACTORS = 12;

    enum Kind { SPAWN, ARM_BOMB, RUN, STOP, START }

    record Action(Kind kind, int actor, int module, int ticks) { }

    /** Sleeps 1..3 ticks per resume, finishes after `lifetime` resumes, throws once armed. */
    static final class Actor extends Coroutine
    {
        int module = -1;
        int lifetime;
        boolean bomb;

        Actor(final int i)
        {
            super("actor" + i, 0 == i % 3 ? MODULE_DEFAULT_FRAME : 16 * (i + 1));
        }

        @Override
        protected int resume(final Scheduler s)
        {
            if (bomb)
            {
                bomb = false;
                throw new IllegalStateException("armed");
            }
            if (++pc > lifetime)
            {
                return s.done(pc);
            }
            return s.sleep(1 + pc % 3);
        }
    }

    /** Parks forever: each module's init keeps one coroutine alive. */
    static final class Init extends Coroutine
    {
        Init(final int m)
        {
            super("init" + m, 32);
        }

        @Override
        protected int resume(final Scheduler s)
        {
            return s.park(Scheduler.FOREVER);
        }
    }

    @Provide
    Arbitrary<List<Action>> actions()
    {
        final Arbitrary<Kind> kinds = Arbitraries.frequency(
            net.jqwik.api.Tuple.of(6, Kind.SPAWN), net.jqwik.api.Tuple.of(2, Kind.ARM_BOMB),
            net.jqwik.api.Tuple.of(5, Kind.RUN), net.jqwik.api.Tuple.of(1, Kind.STOP), net.jqwik.api.Tuple.of(1, Kind.START));
        return Combinators.combine(kinds, Arbitraries.integers().between(0, ACTORS - 1),
            Arbitraries.integers().between(0, MODULES), Arbitraries.integers().between(1, 6))
            .as(Action::new).list().ofMaxSize(80);
    }

    @Property(tries = 300)
    void accountingStaysExact(@ForAll("actions") final List<Action> actions)
    {
        final VirtualClock clock = new VirtualClock();
        final Scheduler s = new Scheduler(10, clock, new RecordingConsole());
        final Modules modules = new Modules(s, new Trace(256), new RecordingConsole(), MODULES + 1);
        for (int m = 1; m <= MODULES; m++)
        {
            final ModuleSpec spec = new ModuleSpec("m" + m, new Init(m)).heap(512).frameBytes(96).maxCoroutines(3 + m % 2);
            if (2 == m)
            {
                spec.restart(2, 10);
            }
            modules.create(spec);
            modules.start(m);
        }
        final Actor[] actors = new Actor[ACTORS];
        for (int i = 0; i < ACTORS; i++)
        {
            actors[i] = new Actor(i);
        }

        for (final Action a : actions)
        {
            final Actor actor = actors[a.actor()];
            switch (a.kind())
            {
                case SPAWN:
                    if (!actor.isSpawned())
                    {
                        final int liveBefore = 0 == a.module() ? 0 : modules.liveCoroutines(a.module());
                        final int usedBefore = 0 == a.module() ? 0 : modules.heap(a.module()).usedBytes();
                        actor.lifetime = a.ticks();
                        actor.pc = 0;
                        final int h = s.spawnInModule(actor, a.module(), true);
                        if (h > 0)
                        {
                            actor.module = a.module();
                        }
                        else
                        {
                            assertTrue(h == -Errno.EAGAIN || h == -Errno.EDQUOT || h == -Errno.ENOMEM || h == -Errno.ESRCH,
                                "spawn result " + Errno.name(h));
                            if (0 != a.module())
                            {
                                assertEquals(liveBefore, modules.liveCoroutines(a.module()), "refused spawn changed the count");
                                assertEquals(usedBefore, modules.heap(a.module()).usedBytes(), "refused spawn took memory");
                            }
                        }
                    }
                    break;
                case ARM_BOMB:
                    actor.bomb = actor.isSpawned();
                    break;
                case RUN:
                    s.runUntil(clock.now() + a.ticks());
                    break;
                case STOP:
                    if (0 != a.module())
                    {
                        modules.stop(a.module());
                    }
                    break;
                default:
                    if (0 != a.module())
                    {
                        modules.start(a.module());
                    }
                    break;
            }
            check(s, modules, actors);
        }
    }

    private static void check(final Scheduler s, final Modules modules, final Actor[] actors)
    {
        s.checkInvariants();
        for (int m = 1; m <= MODULES; m++)
        {
            final ModuleHeap heap = modules.heap(m);
            heap.checkInvariants();
            int live = 0;
            int used = 0;
            for (final Actor x : actors)
            {
                if (x.isSpawned() && x.module == m)
                {
                    live++;
                    if (0 != x.frame())
                    {
                        used += heap.usableSize(x.frame()) + 4;
                    }
                }
            }
            final int initHandle = modules.initHandle(m);
            if (Modules.RUNNING == modules.state(m) && s.stateOf(initHandle) > 0)
            {
                live++; // the init, parked
                used += 32 + 4 + 4; // its 32-byte frame: block of 40 bytes (36 usable)
            }
            assertEquals(live, modules.liveCoroutines(m), "live coroutines of module " + m);
            assertEquals(used, heap.usedBytes(), "heap bytes of module " + m);
            if (Modules.STOPPED == modules.state(m))
            {
                assertEquals(0, modules.liveCoroutines(m));
                assertEquals(0, heap.usedBytes());
            }
        }
    }
}
