package dev.fireball.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fireball.config.BoardConfig;
import dev.fireball.config.Boards;
import dev.fireball.kernel.support.RecordingConsole;
import dev.fireball.kernel.support.Script;
import org.junit.jupiter.api.Test;

/** Booting from a board's config sizes every table from its constants. */
class KernelTest
{
    @Test
    void everyBoardBootsWithItsOwnSizes()
    {
        for (int i = 0; i < Boards.COUNT; i++)
        {
            bootsWithItsOwnSizes(Boards.byName(Boards.name(i)));
        }
    }

    /** The communication objects the budget charges are made by the kernel and held to the board's keys. */
    @Test
    void communicationObjectsAreHeldToTheBoardsKeys()
    {
        for (int i = 0; i < Boards.COUNT; i++)
        {
            communicationObjectsAreHeldToItsKeys(Boards.byName(Boards.name(i)));
        }
    }

    /**
     * The smallest values config-tool accepts (what an application override may ask for): tracing off,
     * no channels, event groups or futures, one slot, one module of 1 KiB. These tests once assumed a
     * trace ring, a channel and a future pool, so `mvn verify -Dfireball.overrides=...` with
     * TRACE_BUFFER_BYTES = 0 (the README's example) failed in the kernel's own tests.
     */
    @Test
    void theSmallestBoardConfigToolAcceptsBootsWithItsOwnSizes()
    {
        final BoardConfig smallest = with(Boards.byName("host"), "smallest", "MAX_COROUTINES", 1, "COROUTINE_FRAME_BYTES",
            64, "MAX_MODULES", 1, "GUEST_HEAP_SIZE_KB", 1, "MAX_TIMERS", 0, "MAX_CHANNELS", 0, "CHANNEL_CAPACITY", 1,
            "CHANNEL_MSG_BYTES", 1, "MAX_SELECT_ARMS", 1, "MAX_EVENTS", 0, "MAX_FUTURES", 0, "MAX_INTERRUPT_LINES", 1,
            "TRACE_BUFFER_BYTES", 0);
        bootsWithItsOwnSizes(smallest);
        communicationObjectsAreHeldToItsKeys(smallest);
        final Kernel k = Kernel.boot(smallest, new VirtualClock(), new RecordingConsole());
        assertEquals(0, k.trace.capacity(), "TRACE_BUFFER_BYTES = 0: tracing off");
    }

    private static void bootsWithItsOwnSizes(final BoardConfig cfg)
    {
        final Kernel k = Kernel.boot(cfg, new VirtualClock(), new RecordingConsole());
        assertEquals(cfg.maxCoroutines, k.scheduler.capacity(), cfg.board);
        assertEquals(cfg.maxModules + 1, k.modules.capacity(), cfg.board + ": MAX_MODULES guests and the kernel's module 0");
        assertEquals(cfg.maxSelectArms, k.select.maxArms(), cfg.board);
        assertTrue(k.trace.capacity() * Trace.EVENT_BYTES <= cfg.traceBufferBytes, cfg.board);
        // TRACE_BUFFER_BYTES = 0 turns tracing off: no ring at all.
        assertTrue(0 == cfg.traceBufferBytes ? 0 == k.trace.capacity()
            : k.trace.capacity() * Trace.EVENT_BYTES * 2 > cfg.traceBufferBytes, cfg.board);

        final int m = k.create(k.module("app", new Script("init", null, (s, c) -> s.done(0))));
        assertEquals(cfg.guestHeapSizeKb * 1024, k.modules.heap(m).sizeBytes(), cfg.board);
        k.seal();
        assertThrows(IllegalStateException.class, () -> k.create(k.module("late", new Script("x", null, (s, c) -> 0))));
        assertTrue(k.modules.start(m) > 0);
        assertTrue(k.modules.heap(m).usedBytes() >= cfg.coroutineFrameBytes, cfg.board + ": init got its frame");
        assertEquals(Scheduler.RUN_IDLE, k.scheduler.run());
        assertEquals(0, k.modules.heap(m).usedBytes());
    }

    private static void communicationObjectsAreHeldToItsKeys(final BoardConfig cfg)
    {
        final Kernel k = Kernel.boot(cfg, new VirtualClock(), new RecordingConsole());
        // With MAX_CHANNELS = 0 every channel is refused for the full table, whatever its sizes.
        final Class<? extends RuntimeException> oversized = 0 == cfg.maxChannels ? IllegalStateException.class
            : IllegalArgumentException.class;
        assertThrows(oversized, () -> k.channel(cfg.channelCapacity * 2, 0), cfg.board);
        assertThrows(oversized, () -> k.channel(1, cfg.channelMsgBytes + 1), cfg.board);
        assertEquals(0, k.channelCount(), cfg.board + ": a refused channel is not counted");
        for (int c = 0; c < cfg.maxChannels; c++)
        {
            final Channel ch = k.channel(0 == c % 2 ? cfg.channelCapacity : 0, 0 == c % 3 ? cfg.channelMsgBytes : 0);
            assertEquals(c, ch.id(), cfg.board);
            assertSame(k.select, ch.select, cfg.board);
        }
        final IllegalStateException full = assertThrows(IllegalStateException.class, () -> k.channel(1, 0));
        assertTrue(full.getMessage().contains("MAX_CHANNELS = " + cfg.maxChannels), full.getMessage());
        final IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
            () -> k.channel(k.modules.count(), 1, 0), cfg.board + ": an unknown owner is named even when the table is full");
        assertTrue(unknown.getMessage().contains("no module"), unknown.getMessage());
        for (int e = 0; e < cfg.maxEvents; e++)
        {
            assertEquals(1, k.eventGroup().post(1), cfg.board + ": a fresh group holds the posted flag");
        }
        assertThrows(IllegalStateException.class, k::eventGroup, cfg.board);
        if (0 == cfg.maxFutures)
        {
            final IllegalStateException none = assertThrows(IllegalStateException.class, k::futures, cfg.board);
            assertTrue(none.getMessage().contains("MAX_FUTURES = 0"), none.getMessage());
        }
        else
        {
            assertSame(k.futures(), k.futures(), cfg.board);
            assertEquals(cfg.maxFutures, k.futures().capacity(), cfg.board);
        }
        final SoftInterruptLines lines = new SoftInterruptLines(new VirtualClock());
        assertSame(k.bridge(lines), k.bridge(lines), cfg.board);
        assertEquals(cfg.maxInterruptLines, k.bridge(lines).lineCount(), cfg.board);
        assertThrows(IllegalStateException.class, () -> k.bridge(new SoftInterruptLines(new VirtualClock())));
        k.seal();
        final IllegalStateException late = assertThrows(IllegalStateException.class, () -> k.channel(0, 0));
        assertTrue(late.getMessage().contains("after seal()"), late.getMessage());
    }

    /** {@code base} with some keys changed: {@code "KEY", value} pairs. */
    static BoardConfig with(final BoardConfig base, final String name, final Object... changes)
    {
        final int[] v = new int[BoardConfig.KEY_COUNT];
        int matched = 0;
        for (int i = 0; i < v.length; i++)
        {
            v[i] = base.valueAt(i);
            for (int c = 0; c < changes.length; c += 2)
            {
                if (BoardConfig.keyName(i).equals(changes[c]))
                {
                    v[i] = (Integer) changes[c + 1];
                    matched++;
                }
            }
        }
        assertEquals(changes.length / 2, matched, "every changed key exists");
        return BoardConfig.of(name, v);
    }

    @Test
    void millisecondsBecomeTicksOfTheBoardRoundedUpAndSaturated()
    {
        final BoardConfig cfg = Boards.byName("host");
        final Kernel k = Kernel.boot(cfg, new VirtualClock(), new RecordingConsole());
        assertEquals(1000, cfg.tickHz, "the host board ticks at 1 kHz");
        assertEquals(0, k.millis(0));
        assertEquals(250, k.millis(250));
        assertEquals(Long.MAX_VALUE, k.millis(Long.MAX_VALUE), "saturates: sleep and timeouts accept Long.MAX_VALUE");
        assertThrows(IllegalArgumentException.class, () -> k.millis(-1));
        // A 32,768 Hz tick (an RTC clock): 1 ms is 32.768 ticks, so 33; never shorter than asked.
        final int[] v = new int[BoardConfig.KEY_COUNT];
        for (int i = 0; i < v.length; i++)
        {
            v[i] = "TICK_HZ".equals(BoardConfig.keyName(i)) ? 32_768 : cfg.valueAt(i);
        }
        final Kernel rtc = Kernel.boot(BoardConfig.of("rtc", v), new VirtualClock(), new RecordingConsole());
        assertEquals(33, rtc.millis(1));
        assertEquals(32_768, rtc.millis(1_000));
        assertEquals(0, rtc.millis(0));
    }

    /**
     * A module's channels are held to its {@code maxChannels}; a refused channel charges nothing, and
     * a stopped owner leaves its channels open with what they hold.
     */
    @Test
    void aModulesChannelsAreHeldToItsMaxChannelsQuota()
    {
        final BoardConfig cfg = Boards.byName("host");
        final Kernel k = Kernel.boot(cfg, new VirtualClock(), new RecordingConsole());
        final int m = k.create(k.module("sensor", new Script("init", null, (s, c) -> s.park(Scheduler.FOREVER)))
            .maxChannels(2));
        assertEquals(2, k.modules.maxChannels(m));

        assertThrows(IllegalArgumentException.class, () -> k.channel(m, 3, 0), "not a power of two");
        assertEquals(0, k.modules.channels(m), "a channel the Channel constructor refused is not charged");
        assertEquals(0, k.channelCount());

        final Channel first = k.channel(m, 4, 0);
        k.channel(m, 0, 0);
        assertEquals(2, k.modules.channels(m));
        final IllegalStateException over = assertThrows(IllegalStateException.class, () -> k.channel(m, 0, 0));
        assertTrue(over.getMessage().contains("module 'sensor' (id " + m + ") already owns 2 channels"), over.getMessage());
        assertTrue(over.getMessage().contains("maxChannels"), over.getMessage());
        assertEquals(2, k.channelCount(), "the refused channel was not made");
        assertEquals(2, k.modules.channels(m));

        final IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> k.channel(m + 1, 0, 0));
        assertTrue(unknown.getMessage().contains("no module " + (m + 1)), unknown.getMessage());
        assertEquals(2, k.channelCount());

        final Channel kernels = k.channel(0, 0);
        assertEquals(2, kernels.id(), "the kernel's own channels have no quota and share the ids");
        assertEquals(1, k.modules.channels(Modules.KERNEL));

        k.seal();
        assertTrue(k.modules.start(m) > 0);
        assertEquals(0, first.trySend(41));
        k.scheduler.runUntil(10);
        assertEquals(Modules.RUNNING, k.modules.state(m));
        assertTrue(k.modules.stop(m) >= 0);
        assertEquals(Modules.STOPPED, k.modules.state(m));
        assertEquals(1, first.size(), "a stopped owner's channel keeps what it holds");
        assertEquals(0, first.tryReceive());
        assertEquals(41, first.lastReceived());
        assertTrue(!first.isClosed());
        final IllegalStateException sealed = assertThrows(IllegalStateException.class, () -> k.channel(m, 0, 0));
        assertTrue(sealed.getMessage().contains("after seal()"), sealed.getMessage());
    }

    /** MAX_MODULES counts guests: the refusal of one guest too many names the board's own figure. */
    @Test
    void aFullModuleTableNamesTheBoardsMaxModules()
    {
        final BoardConfig cfg = Boards.byName("host");
        final Kernel k = Kernel.boot(cfg, new VirtualClock(), new RecordingConsole());
        for (int m = 1; m <= cfg.maxModules; m++)
        {
            assertEquals(m, k.create(k.module("guest-" + m, new Script("init-" + m, null, (s, c) -> s.done(0)))));
        }
        final IllegalStateException full = assertThrows(IllegalStateException.class,
            () -> k.create(k.module("one-too-many", new Script("x", null, (s, c) -> s.done(0)))));
        assertTrue(full.getMessage().contains("MAX_MODULES=" + cfg.maxModules + " "), full.getMessage());
    }

    @Test
    void theFirstFuturePoolOrBridgeAfterSealIsRefused()
    {
        final Kernel k = Kernel.boot(Boards.byName(Boards.name(0)), new VirtualClock(), new RecordingConsole());
        k.seal();
        assertThrows(IllegalStateException.class, k::futures);
        assertThrows(IllegalStateException.class, () -> k.bridge(new SoftInterruptLines(new VirtualClock())));
        assertThrows(IllegalStateException.class, k::eventGroup);
    }

    /**
     * The pool must be a stop listener to reclaim a stopped module's futures. When the module table
     * has no room for one more listener, futures() is refused and changes nothing: no half-made pool
     * holds the scheduler's completion listener, and a later call does not hand out a pool that
     * never reclaims.
     */
    @Test
    void aFuturePoolRefusedForWantOfAStopListenerChangesNothing()
    {
        final Kernel k = Kernel.boot(Boards.byName("host"), new VirtualClock(), new RecordingConsole());
        for (int i = 0; i < 8; i++)
        {
            k.modules.addStopListener(m -> { });
        }
        final IllegalStateException full = assertThrows(IllegalStateException.class, k::futures);
        assertTrue(full.getMessage().contains("stop listeners"), full.getMessage());
        assertTrue(assertThrows(IllegalStateException.class, k::futures).getMessage().contains("stop listeners"),
            "still refused, not a pool that never reclaims");
        new FuturePool(k.scheduler, 1); // the scheduler's completion listener is still free
    }

    @Test
    void aConfigIsRequired()
    {
        assertThrows(IllegalArgumentException.class, () -> Kernel.boot(null, new VirtualClock(), new RecordingConsole()));
    }
}
