package dev.fireball.host.docs;

import dev.fireball.config.BoardConfig;
import dev.fireball.config.tool.Board;
import dev.fireball.config.tool.BoardFile;
import dev.fireball.config.tool.ShippedBoards;
import dev.fireball.config.tool.Validator;
import dev.fireball.hal.Hal;
import dev.fireball.hal.LoopbackDriver;
import dev.fireball.hal.OpenFlags;
import dev.fireball.hal.PermissiveGrants;
import dev.fireball.kernel.Channel;
import dev.fireball.kernel.Coroutine;
import dev.fireball.kernel.Errno;
import dev.fireball.kernel.Kernel;
import dev.fireball.kernel.Scheduler;
import dev.fireball.kernel.VirtualClock;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The constants a user tunes in an application override (README "Tuning a board") are the sizes
 * the booted kernel and HAL hold to, end to end: the override is layered on the shipped ch32v307
 * file by config-tool, as the build does, and the result boots through {@code BoardConfig.of}, as a
 * test that wants its own tuning does (docs/testing-apps.md quotes the three fields below).
 */
class TunedBoardTest
{
    /** The user's tuning: every value differs from ch32v307's, so a constant that does not arrive shows. */
    private static final String APP = """
        # app.properties: a smaller ch32v307 for this application
        MAX_COROUTINES = 6
        COROUTINE_FRAME_BYTES = 1024
        MAX_MODULES = 2
        GUEST_HEAP_SIZE_KB = 4
        MAX_CHANNELS = 3
        CHANNEL_CAPACITY = 4
        CHANNEL_MSG_BYTES = 0x20
        MAX_SELECT_ARMS = 2
        MAX_EVENTS = 1
        MAX_FUTURES = 2
        TICK_HZ = 100
        MAX_INTERRUPT_LINES = 4
        TRACE_BUFFER_BYTES = 256
        MAX_FDS = 3
        MAX_STREAMS = 2
        RX_RING_BYTES = 64
        """;

    private final Board board = Validator.validate("ch32v307", ShippedBoards.file("ch32v307"),
        List.of(BoardFile.parse("app.properties", APP)));
    private final BoardConfig cfg = BoardConfig.of(board.name(), board.valuesInSchemaOrder());
    private final Kernel k = Kernel.boot(cfg, new VirtualClock(), (buf, off, len) -> { });

    @Test
    void theOverrideIsWhereEachTunedValueComesFrom()
    {
        assertEquals("app.properties:2", board.origin("MAX_COROUTINES").toString());
        assertEquals(32, cfg.channelMsgBytes, "hexadecimal in the override");
        assertEquals(96, cfg.sramKb, "board facts stay the board file's");
    }

    @Test
    void theKernelTablesHaveTheTunedSizes()
    {
        assertEquals(6, k.scheduler.capacity());
        assertEquals(2 + 1, k.modules.capacity(), "MAX_MODULES guests and the kernel's module 0");
        assertEquals(2, k.select.maxArms());
        assertEquals(256 / 16, k.trace.capacity());
        assertEquals(100, k.millis(1_000), "TICK_HZ = 100: a second is 100 ticks");
        assertEquals(2, k.futures().capacity());
        assertEquals(0, k.eventGroup().id(), "ids from 0");
        assertThrows(IllegalStateException.class, k::eventGroup, "MAX_EVENTS = 1");
    }

    @Test
    void channelsAreHeldToTheTunedCountAndSizes()
    {
        for (int i = 0; i < 3; i++)
        {
            final Channel ch = k.channel(4, 32);
            assertEquals(i, ch.id());
        }
        final IllegalStateException full = assertThrows(IllegalStateException.class, () -> k.channel(1, 0));
        assertTrue(full.getMessage().contains("MAX_CHANNELS = 3"), full.getMessage());
        final Kernel other = Kernel.boot(cfg, new VirtualClock(), (buf, off, len) -> { });
        assertThrows(IllegalArgumentException.class, () -> other.channel(8, 0), "CHANNEL_CAPACITY = 4");
        assertThrows(IllegalArgumentException.class, () -> other.channel(4, 33), "CHANNEL_MSG_BYTES = 32");
    }

    @Test
    void aModuleGetsTheTunedHeapAndFrame()
    {
        final Coroutine init = new Coroutine("init")
        {
            @Override
            protected int resume(final Scheduler s)
            {
                return s.done(0);
            }
        };
        final int m = k.create(k.module("app", init));
        assertEquals(4 * 1024, k.modules.heap(m).sizeBytes());
        k.seal();
        assertTrue(k.modules.start(m) > 0);
        assertTrue(k.modules.heap(m).usedBytes() >= 1024, "init's frame: COROUTINE_FRAME_BYTES = 1024");
        assertTrue(k.modules.heap(m).usedBytes() < 2 * 1024);
    }

    @Test
    void theHalHasTheTunedStreamingSlots()
    {
        final Hal hal = Hal.forBoard(k.scheduler, PermissiveGrants.INSTANCE, cfg);
        hal.register("device://uart/*", new LoopbackDriver(4)); // a built-in type
        hal.seal();
        assertTrue(hal.open("device://uart/0", OpenFlags.O_RDWR | OpenFlags.O_NONBLOCK) > 0);
        assertTrue(hal.open("device://uart/1", OpenFlags.O_RDWR | OpenFlags.O_NONBLOCK) > 0);
        assertEquals(-Errno.ENOSPC, hal.open("device://uart/2", OpenFlags.O_RDWR | OpenFlags.O_NONBLOCK),
            "MAX_STREAMS = 2 streaming slots");
        assertEquals(2, hal.streamsInUse());
    }
}
