package dev.fireball.config.tool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShippedBoardsTest
{
    @Test
    void theThreeBoardsAreShipped()
    {
        assertTrue(ShippedBoards.names().containsAll(List.of("ch32v307", "host", "nrf52840")), ShippedBoards.names()::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"nrf52840", "ch32v307", "host"})
    void eachShippedBoardIsValidAndWithinBudget(final String name)
    {
        final Board b = ShippedBoards.load(name);
        assertEquals(name, b.name());
        assertTrue(Budget.of(b).fits());
        // Each shipped file sets every key explicitly: a reader sees all of a board's constants in one place.
        for (final Key k : Schema.keys())
        {
            assertTrue(!b.origin(k.name()).isDefault(), name + " leaves " + k.name() + " to its default");
        }
    }

    @Test
    void boardFactsAreTheReferenceSheetsFigures()
    {
        final Board nrf = ShippedBoards.load("nrf52840");
        assertEquals(256, nrf.get("SRAM_KB"));          // nrf52840.md §1: Data RAM 256 KiB
        assertEquals(1024, nrf.get("FLASH_KB"));        // 1 MiB
        assertEquals(64_000_000, nrf.get("CPU_HZ"));    // SystemCoreClock 64 MHz
        final Board ch = ShippedBoards.load("ch32v307");
        assertEquals(96, ch.get("SRAM_KB"));            // ch32v307.md §1.3: the 224K + 96K option-byte split
        assertEquals(224, ch.get("FLASH_KB"));
        assertEquals(144_000_000, ch.get("CPU_HZ"));    // §1.1 max SYSCLK
        assertEquals(MemoryLayout.HOTSPOT_COMPRESSED, ShippedBoards.load("host").layout());
        assertEquals(MemoryLayout.MCU32, nrf.layout());
    }

    /**
     * What the ch32v307 file says of the chip's other SRAM splits holds: the factory 32 KB fits no
     * configuration (it once said "a much smaller configuration" would do), and 64 KB fits the
     * smaller heaps it names.
     */
    @Test
    void theCh32v307FilesNotesOnTheOtherSramSplitsHold()
    {
        final BoardFile file = ShippedBoards.file("ch32v307");
        final BoardFile at32 = BoardFile.parse(file.source(), text(file, "SRAM_KB", "32"));
        final Budget floor = Budget.floor(Validator.validateRules("ch32v307", at32, List.of()));
        assertTrue(floor.total() > 34 * 1024, () -> "the board file says 'still over 34 KiB': " + floor.total());
        assertTrue(!floor.fits());
        final ConfigException e = assertThrows(ConfigException.class,
            () -> Validator.validate("ch32v307", at32, List.of()));
        assertTrue(e.getMessage().contains("no tunable setting fits"), e::getMessage);

        final BoardFile at64 = BoardFile.parse(file.source(), text(file, "SRAM_KB", "64"));
        final Board b = Validator.validate("ch32v307", at64, List.of(BoardFile.parse("app.properties",
            "MAX_MODULES = 2\nGUEST_HEAP_SIZE_KB = 8\nCOROUTINE_FRAME_BYTES = 1024\n")));
        assertTrue(Budget.of(b).fits());
    }

    /** The board file's entries again, one changed: {@code KEY = VALUE} lines, same line numbers. */
    private static String text(final BoardFile file, final String key, final String value)
    {
        final StringBuilder s = new StringBuilder();
        int line = 1;
        for (final BoardFile.Entry e : file.entries())
        {
            s.append("\n".repeat(e.line() - line)).append(e.key()).append(" = ")
                .append(key.equals(e.key()) ? value : e.value()).append('\n');
            line = e.line() + 1;
        }
        return s.toString();
    }

    @Test
    void anUnknownBoardSuggestsTheClosest()
    {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> ShippedBoards.load("nrf52480"));
        assertTrue(e.getMessage().startsWith("no shipped board 'nrf52480'; did you mean nrf52840?"), e.getMessage());
    }

    @Test
    void anApplicationOverrideAppliesOnTopOfAShippedBoard() throws Exception
    {
        final var url = getClass().getResource("/boards/app-override.properties");
        final Board b = Validator.validate("nrf52840", ShippedBoards.file("nrf52840"),
            List.of(BoardFile.read(java.nio.file.Path.of(url.toURI()), "app-override.properties")));
        assertEquals(24, b.get("MAX_COROUTINES"));
        assertEquals(0, b.get("TRACE_BUFFER_BYTES"));
        assertEquals(256, b.get("SRAM_KB"));
    }
}
