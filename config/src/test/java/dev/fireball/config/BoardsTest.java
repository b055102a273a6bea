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

/** The generated device classes say exactly what the board files say. */
class BoardsTest
{
    @AfterEach
    void clearProperty()
    {
        System.clearProperty(Boards.PROPERTY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"nrf52840", "ch32v307", "host"})
    void eachGeneratedBoardHoldsItsFilesValues(final String name)
    {
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
    void theBuildSelectsHostUnlessToldOtherwise()
    {
        assertEquals("host", Boards.SELECTED);
        assertEquals("host", Boards.selected().board);
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
        assertEquals("unknown board: fireball.board=stm32; this build has ch32v307, host, nrf52840", e.getMessage());
        assertNull(Boards.byName("stm32"));
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
