package dev.fireball.config;

import dev.fireball.config.boards.Ch32v307;
import dev.fireball.config.boards.Nrf52840;
import dev.fireball.config.tool.Board;
import dev.fireball.config.tool.Schema;
import dev.fireball.config.tool.ShippedBoards;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The generated device classes say exactly what the board files say. */
class BoardsTest
{
    /** The property as the test JVM started (surefire passes Maven's -Dfireball.board through). */
    private final String property = System.getProperty(Boards.PROPERTY);

    @AfterEach
    void restoreProperty()
    {
        if (null == property)
        {
            System.clearProperty(Boards.PROPERTY);
        }
        else
        {
            System.setProperty(Boards.PROPERTY, property);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"nrf52840", "ch32v307", "host"})
    void eachGeneratedBoardHoldsItsFilesValues(final String name)
    {
        final String sources = Boards.sources(name);
        assumeTrue(("config/boards/" + name + ".properties").equals(sources), "built with overrides: " + sources);
        final BoardConfig c = Boards.byName(name);
        final Board b = ShippedBoards.load(name);
        assertEquals(name, c.board);
        final int[] actual = new int[BoardConfig.KEY_COUNT];
        for (int i = 0; i < actual.length; i++)
        {
            assertEquals(Schema.keys().get(i).name(), BoardConfig.keyName(i));
            actual[i] = c.valueAt(i);
        }
        assertArrayEquals(b.valuesInSchemaOrder(), actual);
    }

    @Test
    void fieldsAndConstantsAgree()
    {
        final BoardConfig c = Nrf52840.config();
        assertEquals(Nrf52840.MAX_COROUTINES, c.maxCoroutines);
        assertEquals(Nrf52840.SRAM_KB * 1024, c.sramBytes());
        assertEquals(Nrf52840.GUEST_HEAP_SIZE_KB * 1024, c.guestHeapBytes());
        assertEquals(96, Ch32v307.config().sramKb);
    }

    @Test
    void withoutThePropertyTheBoardTheBuildWasForIsSelected()
    {
        System.clearProperty(Boards.PROPERTY);
        assertEquals(Boards.SELECTED, Boards.selected().board);
        assertEquals(Boards.SELECTED, Boards.byName(Boards.SELECTED).board);
    }

    @Test
    void thePropertyPicksAnotherGeneratedBoardAtRunTime()
    {
        System.setProperty(Boards.PROPERTY, "ch32v307");
        assertEquals("ch32v307", Boards.selected().board);
    }

    @Test
    void anUnknownBoardIsRefusedNamingTheKnownOnes()
    {
        System.setProperty(Boards.PROPERTY, "stm32");
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, Boards::selected);
        // Every generated board, whatever config/boards/ holds (a user's own board file included).
        final StringBuilder known = new StringBuilder();
        for (int i = 0; i < Boards.COUNT; i++)
        {
            known.append(0 == i ? "" : ", ").append(Boards.name(i));
        }
        assertEquals("unknown board: fireball.board=stm32; this build has " + known, e.getMessage());
        assertTrue(known.toString().contains("ch32v307, host"), known::toString);
        assertNull(Boards.byName("stm32"));
        assertNull(Boards.sources("stm32"));
    }

    @Test
    void ofBuildsAConfigurationForAnyValidatedBoardFile()
    {
        final Board b = ShippedBoards.load("ch32v307");
        final BoardConfig c = BoardConfig.of("copy", b.valuesInSchemaOrder());
        assertEquals(b.getInt("MAX_FDS"), c.maxFds);
        assertThrows(IllegalArgumentException.class, () -> BoardConfig.of("short", new int[3]));
        assertThrows(IndexOutOfBoundsException.class, () -> c.valueAt(BoardConfig.KEY_COUNT));
    }
}
