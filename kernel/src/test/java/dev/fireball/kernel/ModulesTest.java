package dev.fireball.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fireball.kernel.support.RecordingConsole;
import dev.fireball.kernel.support.Script;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntBiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Modules: quotas, frames, fault isolation, the three fault policies, seal, grants. */
class ModulesTest
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

    /** An init that does nothing but park forever (keeps the module's coroutine count at 1). */
    private Script parker(final String name)
    {
        return script(name, (k, c) -> k.park(Scheduler.FOREVER));
    }

    private static ModuleSpec spec(final String name, final Coroutine init)
    {
        return new ModuleSpec(name, init).heap(4096).frameBytes(512).maxCoroutines(3);
    }

    @Test
    void initRunsInItsModuleWithAFrameFromTheModuleHeap()
    {
        final int[] seen = new int[3];
        final Script init = script("init", (k, c) ->
        {
            seen[0] = k.moduleOf(k.current());
            c.heap().putInt(c.frame(), 0, 0x1234);
            seen[1] = c.heap().getInt(c.frame(), 0);
            seen[2] = c.heap().usableSize(c.frame());
            return k.done(0);
        });
        final int a = modules.create(spec("a", init));
        assertEquals(1, a);
        assertTrue(modules.start(a) > 0);
        assertEquals(1, modules.liveCoroutines(a));
        assertTrue(modules.heap(a).usedBytes() >= 512);
        assertEquals(Scheduler.RUN_IDLE, s.run());
        assertEquals(a, seen[0]);
        assertEquals(0x1234, seen[1]);
        assertTrue(seen[2] >= 512);
        assertEquals(0, modules.liveCoroutines(a), "quota returned when it finished");
        assertEquals(0, modules.heap(a).usedBytes(), "frame freed when it finished");
        assertEquals(0, init.frame());
    }

    @Test
    void aCoroutineMaySizeItsOwnFrame()
    {
        final Script small = new Script("small", 16, log, (k, c) -> k.park(Scheduler.FOREVER));
        final Script none = new Script("none", 0, log, (k, c) -> k.park(Scheduler.FOREVER));
        final int a = modules.create(spec("a", parker("init")));
        modules.start(a);
        final int used = modules.heap(a).usedBytes();
        assertTrue(s.spawnInModule(small, a, true) > 0);
        assertTrue(modules.heap(a).usedBytes() - used < 64);
        assertTrue(s.spawnInModule(none, a, true) > 0);
        assertEquals(0, none.frame());
        assertSame(modules.heap(a), none.heap());
        modules.stop(a);
    }

    @Test
    void coroutineQuotaGivesEdquotAndTouchesNothingElse()
    {
        final List<Integer> results = new ArrayList<>();
        final Script[] kids = {parker("k1"), parker("k2"), parker("k3")};
        final Script init = script("init", (k, c) ->
        {
            for (final Script kid : kids)
            {
                results.add(k.spawnDetached(kid));
            }
            return k.park(Scheduler.FOREVER);
        });
        final int a = modules.create(spec("a", init));
        final int b = modules.create(spec("b", parker("b-init")));
        modules.start(a);
        modules.start(b);
        s.runUntil(10);
        assertTrue(results.get(0) > 0);
        assertTrue(results.get(1) > 0);
        assertEquals(-Errno.EDQUOT, results.get(2), "init + 2 kids fill a quota of 3");
        assertFalse(kids[2].isSpawned());
        assertEquals(3, modules.liveCoroutines(a));
        assertEquals(1, modules.liveCoroutines(b));
        assertEquals(3, modules.heap(a).allocCount(), "no frame taken by the refused spawn");
        assertEquals(0, modules.heap(a).failedAllocCount());
        modules.stop(a);
        modules.stop(b);
    }

    @Test
    void exhaustedHeapGivesEnomemAndTheModuleKeepsRunning()
    {
        final int a = modules.create(new ModuleSpec("a", parker("init")).heap(1024).frameBytes(400).maxCoroutines(8));
        modules.start(a);
        assertTrue(s.spawnInModule(parker("k1"), a, true) > 0);
        final Script k2 = parker("k2");
        assertEquals(-Errno.ENOMEM, s.spawnInModule(k2, a, true));
        assertFalse(k2.isSpawned());
        assertEquals(Modules.RUNNING, modules.state(a));
        assertEquals(2, modules.liveCoroutines(a));
        assertEquals(1, modules.heap(a).failedAllocCount());
        modules.stop(a);
    }

    @Test
    void spawningIntoAStoppedOrUnknownModuleIsRefused()
    {
        final int a = modules.create(spec("a", parker("init")));
        assertEquals(-Errno.ESRCH, s.spawnInModule(parker("x"), a, true), "created, not started");
        assertEquals(-Errno.ESRCH, s.spawnInModule(parker("y"), 7, true));
        assertEquals(-Errno.ESRCH, modules.start(0));
        assertEquals(-Errno.ESRCH, modules.start(9));
        assertEquals(-Errno.EALREADY, modules.stop(a));
    }

    @Test
    void faultStopsEveryCoroutineOfTheModuleAndOnlyThose()
    {
        final Script sleeper = script("sleeper", (k, c) -> k.sleep(1000));
        final Script parked = parker("parked");
        final Script joiner = script("joiner", (k, c) -> k.join(Integer.MAX_VALUE));
        final Script bomb = script("bomb", (k, c) ->
        {
            if (0 == c.pc())
            {
                c.pc(1);
                return k.sleep(5);
            }
            throw new IllegalStateException("boom");
        });
        final int[] handles = new int[4];
        final Script initA = script("a-init", (k, c) ->
        {
            if (0 == c.pc())
            {
                c.pc(1);
                handles[0] = k.spawn(sleeper);
                handles[1] = k.spawn(parked);
                handles[2] = k.spawn(bomb);
                return k.join(handles[0]);
            }
            return k.done(0);
        });
        // b joins a's sleeper from outside and keeps its own timer running.
        final int[] bSaw = {-1, 0};
        final Script initB = script("b-init", (k, c) ->
        {
            switch (c.pc())
            {
                case 0:
                    c.pc(1);
                    return k.sleep(1);
                case 1:
                    c.pc(2);
                    return k.join(handles[0]);
                case 2:
                    bSaw[0] = k.status();
                    c.pc(3);
                    return k.sleep(100);
                default:
                    bSaw[1] = (int) k.now();
                    return k.done(1);
            }
        });
        final int a = modules.create(spec("a", initA).maxCoroutines(4).heap(8192));
        final int b = modules.create(spec("b", initB));
        modules.start(a);
        modules.start(b);
        assertEquals(Scheduler.RUN_IDLE, s.run());

        assertEquals(Scheduler.FAILED, bSaw[0], "b's join on a's sleeper sees FAILED");
        assertEquals(105, bSaw[1], "b's own timer is untouched: 1 + fault at 5 + 100");
        assertEquals(Modules.STOPPED, modules.state(a));
        assertEquals(0, modules.liveCoroutines(a));
        assertEquals(0, modules.heap(a).usedBytes(), "heap reset");
        for (final int h : new int[] {handles[0], handles[1], handles[2]})
        {
            assertEquals(-Errno.ESRCH, s.stateOf(h), "stale after the stop");
        }
        assertFalse(sleeper.isSpawned() || parked.isSpawned() || bomb.isSpawned());
        assertEquals(0, s.armedTimerCount(), "the sleeper's timer is gone");
        assertEquals(1, modules.faults(a));
        assertEquals("boom", modules.lastFault(a).getMessage());
        assertEquals(1, trace.count(Trace.MODULE_FAULT, a));
        assertEquals(1, trace.count(Trace.MODULE_STOP, a));
        assertEquals(0, trace.count(Trace.MODULE_FAULT, b));
        assertTrue(console.text().contains("module 'a' (1) faulted, stopped"), console.text());
        assertTrue(console.text().contains("fault: coroutine 'bomb'"), console.text());
        assertEquals(Modules.RUNNING, modules.state(b));
    }

    @Test
    void outOfBoundsHeapAccessFaultsTheModule()
    {
        final Script init = script("init", (k, c) ->
        {
            c.heap().putInt(c.frame(), 4096, 1);
            return k.done(0);
        });
        final int a = modules.create(spec("a", init));
        modules.start(a);
        s.run();
        assertEquals(Modules.STOPPED, modules.state(a));
        final HeapFault f = (HeapFault) modules.lastFault(a);
        assertEquals(HeapFault.OUT_OF_BOUNDS, f.kind());
        assertTrue(console.text().contains("heap 1: out-of-bounds access"), console.text());
    }

    /** Faults once per resume after a sleep; counts its starts. */
    private Script crashingInit(final int[] starts, final long sleepTicks)
    {
        return script("crasher", (k, c) ->
        {
            if (0 == c.pc())
            {
                starts[0]++;
                c.pc(1);
                return k.sleep(sleepTicks);
            }
            throw new IllegalStateException("crash " + starts[0]);
        });
    }

    @Test
    void restartPolicyRestartsNTimesWithinTheWindowThenStops()
    {
        final int[] starts = {0};
        final int a = modules.create(spec("a", crashingInit(starts, 10)).restart(3, 1000));
        final int first = modules.start(a);
        assertEquals(Scheduler.RUN_IDLE, s.run());
        assertEquals(4, starts[0], "first start + 3 restarts");
        assertEquals(3, modules.restarts(a));
        assertEquals(4, modules.faults(a));
        assertEquals(Modules.STOPPED, modules.state(a));
        assertEquals(4, modules.incarnation(a));
        assertEquals(3, trace.count(Trace.MODULE_RESTART, a));
        assertEquals(-Errno.ESRCH, s.stateOf(first), "old handles are stale");
        assertEquals(40, clock.now());
    }

    /** Faults in its first resume, every time; records the tick of each start. */
    private Script crashingAtOnce(final List<Long> startTicks)
    {
        return script("crash-at-once", (k, c) ->
        {
            startTicks.add(clock.now());
            throw new IllegalStateException("device not ready");
        });
    }

    @Test
    void withoutADelayAModuleThatFaultsAsItStartsSpendsItsRestartsInOneTick()
    {
        final List<Long> startTicks = new ArrayList<>();
        final int a = modules.create(spec("a", crashingAtOnce(startTicks)).restart(3, 1000));
        modules.start(a);
        s.run();
        assertEquals(List.of(0L, 0L, 0L, 0L), startTicks);
        assertEquals(Modules.STOPPED, modules.state(a));
    }

    @Test
    void aRestartDelayBacksOffEachRestartAndTheWindowStillCounts()
    {
        final List<Long> startTicks = new ArrayList<>();
        final int a = modules.create(spec("a", crashingAtOnce(startTicks)).restart(3, 1000, 100));
        modules.start(a); // the first start is not a restart: at once
        s.run();
        assertEquals(List.of(0L, 100L, 200L, 300L), startTicks, "each restart's init ran 100 ticks after the fault");
        assertEquals(3, modules.restarts(a));
        assertEquals(Modules.STOPPED, modules.state(a), "4 faults within 1000 ticks: stopped after 3 restarts");
        assertTrue(console.text().contains("module 'a' (1) faulted, restarting in 100 ticks; restart 1\n"), console.text());
        assertTrue(console.text().contains("module 'a' (1) faulted, stopped; faults 4\n"), console.text());
    }

    @Test
    void duringTheDelayTheModuleRunsWithItsInitAsleepAndAStopCancelsTheRestart()
    {
        final List<Long> startTicks = new ArrayList<>();
        final int a = modules.create(spec("a", crashingAtOnce(startTicks)).restart(3, 1000, 100));
        modules.start(a);
        s.runUntil(50);
        assertEquals(Modules.RUNNING, modules.state(a));
        assertEquals(1, modules.liveCoroutines(a), "the sleeping init");
        assertEquals(Scheduler.SLEEPING, s.stateOf(modules.initHandle(a)));
        assertEquals(1, modules.stop(a));
        assertEquals(Scheduler.RUN_IDLE, s.run(), "no restart is left armed");
        assertEquals(List.of(0L), startTicks);
        assertEquals(50, clock.now());
        assertThrows(IllegalArgumentException.class, () -> spec("b", parker("b")).restart(1, 10, -1));
    }

    @Test
    void anInitsFailCodeIsReportedButAStopOrAChildsFailIsNot()
    {
        final Script child = script("child", (k, c) -> k.fail(-Errno.EIO)); // a child's fail has its joiner
        final int a = modules.create(spec("a", script("init", (k, c) ->
        {
            if (0 == c.pc())
            {
                c.pc(1);
                k.spawnDetached(child);
                return k.yield();
            }
            return k.fail(-Errno.ENODEV);
        })));
        final int b = modules.create(spec("b", script("sleeping-init", (k, c) -> k.sleep(100_000))));
        modules.start(a);
        modules.start(b);
        s.runUntil(10);
        assertEquals("module 'a' (1) init ended with fail(-19): no fault, the policy does not run; 0 coroutines left\n",
            console.text());
        assertEquals(Modules.RUNNING, modules.state(a), "fail() is no fault");
        assertEquals(1, modules.stop(b), "its sleeping init is stopped: FAILED, but that is the stop, not a fail()");
        assertEquals("module 'a' (1) init ended with fail(-19): no fault, the policy does not run; 0 coroutines left\n",
            console.text(), "nothing more");
    }

    @Test
    void restartsSpreadWiderThanTheWindowGoOnForever()
    {
        final int[] starts = {0};
        final int a = modules.create(spec("a", crashingInit(starts, 600)).restart(2, 1000));
        modules.start(a);
        s.runUntil(20_000);
        // One fault every 600 ticks: at most 2 restarts in any 1000 ticks, so it never stops.
        assertEquals(Modules.RUNNING, modules.state(a));
        assertTrue(modules.restarts(a) >= 30, "restarts: " + modules.restarts(a));
        modules.stop(a);
    }

    @Test
    void restartRunsInitAgainWithFreshFields()
    {
        final int[] values = new int[2];
        final Coroutine init = new Coroutine("counter")
        {
            private int n;

            @Override
            protected int resume(final Scheduler k)
            {
                if (0 == pc)
                {
                    n = 0; // an init resets its own fields at pc 0
                    pc = 1;
                }
                n++;
                values[0] = Math.max(values[0], n);
                values[1]++;
                if (n < 3)
                {
                    return k.yield();
                }
                throw new IllegalStateException("third resume");
            }
        };
        final int a = modules.create(spec("a", init).restart(1, 100));
        modules.start(a);
        s.run();
        assertEquals(3, values[0]);
        assertEquals(6, values[1]);
    }

    @Test
    void panicPolicyHaltsTheKernelWithAReport()
    {
        final Script other = script("other", (k, c) -> k.sleep(1));
        final int a = modules.create(spec("a", script("init", (k, c) ->
        {
            throw new IllegalStateException("fatal");
        })).panicOnFault());
        modules.start(a);
        s.spawn(other);
        assertEquals(Scheduler.RUN_PANIC, s.run());
        assertTrue(s.isPanicked());
        assertFalse(s.step());
        assertTrue(console.text().contains("PANIC at tick 0: module 'a' faulted (policy panic)"), console.text());
        assertEquals(1, trace.count(Trace.PANIC, a));
    }

    @Test
    void kernelCoroutinesFaultAlone()
    {
        final Script k1 = script("k1", (k, c) ->
        {
            throw new IllegalStateException("x");
        });
        final Script k2 = script("k2", (k, c) -> k.done(2));
        final int h2 = s.spawn(k2);
        s.spawnDetached(k1);
        s.run();
        assertEquals(Scheduler.COMPLETED, s.outcomeOf(h2));
        assertEquals(Modules.RUNNING, modules.state(Modules.KERNEL));
        assertEquals(0, modules.faults(Modules.KERNEL));
    }

    @Test
    void stopFromAnotherModuleAndRestartByHand()
    {
        final int[] starts = {0};
        final Script initA = script("a-init", (k, c) ->
        {
            starts[0]++;
            return k.park(Scheduler.FOREVER);
        });
        final int a = modules.create(spec("a", initA));
        final int[] result = new int[2];
        final int b = modules.create(spec("b", script("b-init", (k, c) ->
        {
            if (0 == c.pc())
            {
                c.pc(1);
                return k.sleep(3);
            }
            result[0] = modules.stop(a);
            result[1] = modules.start(a);
            return k.done(0);
        })));
        modules.start(a);
        modules.start(b);
        s.runUntil(100);
        assertEquals(1, result[0]);
        assertTrue(result[1] > 0);
        assertEquals(2, starts[0]);
        assertEquals(2, modules.incarnation(a));
        assertEquals(0, modules.faults(a));
        modules.stop(a);
    }

    @Test
    void aModuleCannotStopItselfFromInside()
    {
        final int[] a = new int[1];
        a[0] = modules.create(spec("a", script("init", (k, c) -> k.done(modules.stop(a[0])))));
        modules.start(a[0]);
        s.run();
        assertEquals(Modules.STOPPED, modules.state(a[0]), "the misuse threw, which faulted the module");
        assertTrue(modules.lastFault(a[0]).getMessage().contains("stops its own module"));
    }

    @Test
    void stopListenersReclaimBeforeTheHeapIsReset()
    {
        final List<String> stopped = new ArrayList<>();
        final int a = modules.create(spec("a", parker("init")));
        modules.addStopListener(m -> stopped.add(m + ":" + modules.liveCoroutines(m)));
        modules.start(a);
        modules.stop(a);
        assertEquals(List.of("1:0"), stopped);
    }

    @Test
    void sealEndsBoot()
    {
        modules.create(spec("a", parker("init")));
        modules.seal();
        assertTrue(modules.isSealed());
        final IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> modules.create(spec("b", parker("init2"))));
        assertTrue(e.getMessage().contains("kernel is sealed: cannot create module 'b' after boot"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> modules.addStopListener(m -> { }));
    }

    @Test
    void badSpecsAndTableLimitsAreLoud()
    {
        final Script shared = parker("shared");
        modules.create(spec("a", shared));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> modules.create(spec("b", shared)))
            .getMessage().contains("shares its init coroutine with module 'a'"));
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> modules.create(spec("big", parker("i")).heap(1024).frameBytes(2048)))
            .getMessage().contains("frameBytes 2048 exceeds its heap"));
        final IllegalArgumentException badHeap = assertThrows(IllegalArgumentException.class,
            () -> modules.create(spec("odd-heap", parker("h")).heap(1001)));
        assertTrue(badHeap.getMessage().startsWith("module 'odd-heap': heap size must be a multiple of 8"),
            badHeap.getMessage());
        assertEquals("create needs a module spec",
            assertThrows(IllegalArgumentException.class, () -> modules.create(null)).getMessage());
        final IllegalArgumentException taken = assertThrows(IllegalArgumentException.class,
            () -> modules.create(spec("a", parker("a2"))));
        assertEquals("module name 'a' is taken by module 1", taken.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> modules.create(spec("kernel", parker("k"))))
            .getMessage().contains("is taken by module 0"), "module 0 is the kernel's");
        modules.create(spec("b", parker("b")));
        modules.create(spec("c", parker("c")));
        assertTrue(assertThrows(IllegalStateException.class, () -> modules.create(spec("d", parker("d"))))
            .getMessage().contains("module table full: MAX_MODULES=3 guest modules"));
        assertThrows(IllegalArgumentException.class, () -> new ModuleSpec("x", parker("y")).grant("uart/0", 1));
        assertThrows(IllegalArgumentException.class, () -> new ModuleSpec("x", parker("y")).grant("device://uart/x", 1));
        assertThrows(IllegalArgumentException.class, () -> new ModuleSpec("x", parker("y")).grant("device://uart/", 1));
        assertThrows(IllegalArgumentException.class, () -> new ModuleSpec("x", parker("y")).grant("device://uart/0", 4));
        assertThrows(IllegalArgumentException.class, () -> new ModuleSpec("x", parker("y")).restart(0, 10));
        assertThrows(IllegalStateException.class, () -> new Modules(s, trace, console, 2), "one supervisor per scheduler");
    }

    @Test
    void grantPatternsAreKeptParsedForTheHal()
    {
        final int a = modules.create(spec("a", parker("init"))
            .grant("device://uart/*", ModuleSpec.READ)
            .grant("device://i2c/1", ModuleSpec.READ | ModuleSpec.WRITE));
        assertEquals(2, modules.grantCount(a));
        assertEquals("uart", modules.grantType(a, 0));
        assertEquals(Modules.ANY_INDEX, modules.grantIndex(a, 0));
        assertEquals(ModuleSpec.READ, modules.grantModes(a, 0));
        assertEquals("i2c", modules.grantType(a, 1));
        assertEquals(1, modules.grantIndex(a, 1));
        assertEquals(ModuleSpec.READ | ModuleSpec.WRITE, modules.grantModes(a, 1));
        assertEquals(0, modules.grantCount(Modules.KERNEL));
    }

    @Test
    void dumpListsEveryModule()
    {
        final int a = modules.create(spec("sensor", parker("init")).restart(2, 100));
        modules.start(a);
        final AsciiSink out = new AsciiSink(1024);
        modules.dump(out);
        final String text = out.toString();
        assertTrue(text.contains("kernel"), text);
        assertTrue(text.contains("sensor"), text);
        assertTrue(text.contains("running"), text);
        assertTrue(text.contains("restart"), text);
        modules.stop(a);
        assertNotEquals(text, dumpText());
    }

    private String dumpText()
    {
        final AsciiSink out = new AsciiSink(1024);
        modules.dump(out);
        return out.toString();
    }

    @Test
    void aModuleStoppedWhileBlockedOnAChannelLeavesTheChannelWorkingForOthers()
    {
        final Select select = new Select(s, 2);
        final Channel ch = new Channel(select, 9, 0, 0);
        final long[] got = {-1, -1};
        // a: blocks in a rendezvous receive, then is stopped; its stale waiter node must not take a value.
        final int a = modules.create(spec("a", script("a-recv", (k, c) -> ch.receive(Scheduler.FOREVER))));
        final int b = modules.create(spec("b", script("b", (k, c) ->
        {
            switch (c.pc())
            {
                case 0:
                    c.pc(1);
                    return k.sleep(10);
                case 1:
                    c.pc(2);
                    return ch.send(42, 5); // a is gone: nobody may take this value
                case 2:
                    got[0] = k.status();
                    c.pc(3);
                    return k.sleep(1);
                default:
                    return k.done(0);
            }
        })));
        final Script reader = script("reader", (k, c) ->
        {
            if (0 == c.pc())
            {
                c.pc(1);
                return k.sleep(20);
            }
            if (1 == c.pc())
            {
                c.pc(2);
                return ch.receive(10);
            }
            got[1] = k.value();
            return k.done(0);
        });
        modules.start(a);
        modules.start(b);
        s.runUntil(3);
        assertEquals(1, modules.liveCoroutines(a));
        modules.stop(a);
        assertEquals(Modules.STOPPED, modules.state(a));
        s.spawnDetached(reader);
        final Script sender = script("sender", (k, c) ->
        {
            if (0 == c.pc())
            {
                c.pc(1);
                return k.sleep(22);
            }
            if (1 == c.pc())
            {
                c.pc(2);
                return ch.send(7, Scheduler.FOREVER);
            }
            return k.done(0);
        });
        s.spawnDetached(sender);
        s.run();
        assertEquals(-Errno.ETIMEDOUT, got[0], "the stopped receiver's wait did not take b's value");
        assertEquals(7, got[1], "the channel still hands values between live coroutines");
    }

    // ---- edge cases found in review ---------------------------------------------------------

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

    /**
     * A completion listener may not stop the module of the coroutine it hears about: that coroutine
     * is half released, and the stop would leave it DONE in a stopped module and free its frame from
     * the reset heap. It fails loudly instead.
     */
    @Test
    void aCompletionListenerThatStopsTheFinishingCoroutinesModuleFailsLoudly()
    {
        final Scheduler own = new Scheduler(4, clock, console);
        final Modules mods = new Modules(own, new Trace(256), console, 2);
        final int m = mods.create(spec("app", script("init", (k, c) -> k.done(7))));
        own.setCompletionListener((handle, outcome, value) -> mods.stop(m));
        assertTrue(mods.start(m) > 0);
        final IllegalStateException e = assertThrows(IllegalStateException.class, own::run);
        assertTrue(e.getMessage().contains("a completion listener stops module " + m + " while its coroutine 'init'"),
            e.getMessage());
    }

    @Test
    void aRunThatEndsIdleNamesTheModulesNeverStarted()
    {
        final int a = modules.create(spec("a", script("a-init", (k, c) -> k.done(0))));
        final int b = modules.create(spec("forgotten", parker("b-init")));
        modules.seal();
        modules.start(a);
        assertEquals(Scheduler.RUN_IDLE, s.run());
        final String expected = "module 'forgotten' (id " + b
            + ") was created but never started: call modules.start(id) after seal()\n";
        assertTrue(console.text().contains(expected), console.text());
        assertFalse(console.text().contains("module 'a' (id"), "a started module is not named: " + console.text());
        assertTrue(s.deadlockReport().toString().contains(expected), s.deadlockReport().toString());

        console.clear();
        modules.start(b);
        modules.stop(b);
        assertEquals(Scheduler.RUN_IDLE, s.run());
        assertEquals("", console.text(), "a stopped module was started once: nothing to say");
    }

    @Test
    void aDeadlockReportNamesTheModulesNeverStarted()
    {
        final int consumer = modules.create(spec("consumer", parker("waits-for-producer")));
        final int producer = modules.create(spec("producer", parker("p-init")));
        modules.seal();
        modules.start(consumer);
        assertEquals(Scheduler.RUN_DEADLOCK, s.run());
        assertTrue(console.text().contains("DEADLOCK"), console.text());
        assertTrue(console.text().contains("module 'producer' (id " + producer + ") was created but never started"),
            console.text());
        assertFalse(console.text().contains("module 'consumer' (id " + consumer + ")"), console.text());
    }
}
