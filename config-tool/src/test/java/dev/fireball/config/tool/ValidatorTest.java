package dev.fireball.config.tool;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every error path of {@link Validator}: each test states the exact message a user sees (file, line,
 * key, value, limit).
 */
class ValidatorTest
{
    /** The required board facts; every tunable takes its default (8 slots, 4 modules x 16 KiB, 4 KiB frames). */
    static final String FACTS = """
        SRAM_KB = 256
        FLASH_KB = 1024
        CPU_HZ = 64_000_000
        RUNTIME_RESERVE_KB = 29
        """;

    @Test
    void theRequiredFactsAloneMakeAValidBoardWithDefaults()
    {
        final Board b = validate(FACTS);
        assertEquals(256, b.get("SRAM_KB"));
        assertEquals(8, b.get("MAX_COROUTINES"));
        assertTrue(b.origin("MAX_COROUTINES").isDefault());
        assertEquals("b.properties:1", b.origin("SRAM_KB").toString());
    }

    // ---- one line at a time -------------------------------------------------------------------------

    @Test
    void anUnknownKeyIsRejectedWithADidYouMean()
    {
        assertEquals("b.properties:5: MAX_COROUTINE = 8: unknown key; did you mean MAX_COROUTINES?",
            onlyProblem(FACTS + "MAX_COROUTINE = 8\n"));
    }

    @Test
    void anUnknownKeyFarFromEveryKeyPointsToTheList()
    {
        assertEquals("b.properties:5: BAUD_RATE = 115200: unknown key (run `config-tool keys` for the list)",
            onlyProblem(FACTS + "BAUD_RATE = 115200\n"));
    }

    @Test
    void aValueOutOfRangeNamesTheRangeAndUnit()
    {
        assertEquals("b.properties:5: MAX_COROUTINES = 70000: is out of range: must be 1..65,536 (slots)",
            onlyProblem(FACTS + "MAX_COROUTINES = 70000\n"));
        assertEquals("b.properties:5: MAX_INTERRUPT_LINES = 0: is out of range: must be 1..32 (lines)",
            onlyProblem(FACTS + "MAX_INTERRUPT_LINES = 0\n"));
    }

    @Test
    void selectArmsOutsideTheSelectorsNodeRangeAreRejected()
    {
        assertEquals("b.properties:5: MAX_SELECT_ARMS = 0: is out of range: must be 1..32 (arms)",
            onlyProblem(FACTS + "MAX_SELECT_ARMS = 0\n"));
        assertEquals("b.properties:5: MAX_SELECT_ARMS = 33: is out of range: must be 1..32 (arms)",
            onlyProblem(FACTS + "MAX_SELECT_ARMS = 33\n"));
    }

    @Test
    void aTraceRingSmallerThanTwoEventsIsRejectedButZeroTurnsTracingOff()
    {
        assertEquals("b.properties:5: TRACE_BUFFER_BYTES = 16: holds less than two trace events of 16 bytes: must be 0 "
            + "(tracing off) or >= 32", onlyProblem(FACTS + "TRACE_BUFFER_BYTES = 16\n"));
        assertEquals(0, validate(FACTS + "TRACE_BUFFER_BYTES = 0\n").get("TRACE_BUFFER_BYTES"));
    }

    @Test
    void aValueThatIsNotAnIntegerIsRejected()
    {
        assertEquals("b.properties:5: MAX_COROUTINES = 8 slots: is not an integer: unexpected ' '; write a plain "
            + "integer, in slots", onlyProblem(FACTS + "MAX_COROUTINES = 8 slots\n"));
        assertEquals("b.properties:5: MAX_COROUTINES = 99999999999999999999: is not an integer (too large); write a "
            + "plain integer, in slots", onlyProblem(FACTS + "MAX_COROUTINES = 99999999999999999999\n"));
    }

    @Test
    void aLeadingZeroIsOneClauseThatNamesTheNumberToWrite()
    {
        // It read "is not an integer (a leading 0 is ambiguous (C reads 010 as octal 8): ...); write a plain
        // integer, in slots": nested parentheses, and a generic tail after the precise remedy.
        assertEquals("b.properties:5: MAX_COROUTINES = 010: is ambiguous: C reads a leading 0 as octal (010 = 8); "
            + "write 10 for decimal, or 0x8 for the octal value", onlyProblem(FACTS + "MAX_COROUTINES = 010\n"));
        assertEquals("b.properties:5: MAX_COROUTINES = 01x: is ambiguous: C reads a leading 0 as octal; write a plain "
            + "integer, in slots", onlyProblem(FACTS + "MAX_COROUTINES = 01x\n"), "no number to suggest");
    }

    // ---- units: a board file holds plain integers, and a unit slip is told what to write ----------

    @Test
    void aSizeWrittenWithAUnitSaysWhatToWriteInTheKeysUnit()
    {
        assertEquals("b.properties:5: GUEST_HEAP_SIZE_KB = 16K: is not an integer: unexpected 'K'; write 16 alone "
            + "(the key is in KiB)", onlyProblem(FACTS + "GUEST_HEAP_SIZE_KB = 16K\n"));
        assertEquals("b.properties:5: GUEST_HEAP_SIZE_KB = 16384B: is not an integer: unexpected 'B'; write 16 "
            + "(16,384 bytes in KiB, the key's unit)", onlyProblem(FACTS + "GUEST_HEAP_SIZE_KB = 16384B\n"));
        assertEquals("b.properties:5: GUEST_HEAP_SIZE_KB = 16 KiB: is not an integer: unexpected ' '; write 16 alone "
            + "(the key is in KiB)", onlyProblem(FACTS + "GUEST_HEAP_SIZE_KB = 16 KiB\n"));
        assertEquals("b.properties:5: COROUTINE_FRAME_BYTES = 4KB: is not an integer: unexpected 'K'; write 4096 (4 "
            + "KiB in bytes, the key's unit)", onlyProblem(FACTS + "COROUTINE_FRAME_BYTES = 4KB\n"));
        assertEquals("b.properties:3: CPU_HZ = 144MHz: is not an integer: unexpected 'M'; write 144_000_000 (144 MHz "
            + "in Hz, the key's unit)", onlyProblem(FACTS.replace("CPU_HZ = 64_000_000", "CPU_HZ = 144MHz")));
    }

    @Test
    void aUnitThatWouldStillBeInvalidGetsNoHint()
    {
        // 2M of frame is beyond COROUTINE_FRAME_BYTES' 1 MiB: suggesting 2_097_152 would only move the error.
        assertEquals("b.properties:5: COROUTINE_FRAME_BYTES = 2M: is not an integer: unexpected 'M'; write a plain "
            + "integer, in bytes", onlyProblem(FACTS + "COROUTINE_FRAME_BYTES = 2M\n"));
        assertEquals("b.properties:5: GUEST_HEAP_SIZE_KB = 1000B: is not an integer: unexpected 'B'; write a plain "
            + "integer, in KiB", onlyProblem(FACTS + "GUEST_HEAP_SIZE_KB = 1000B\n"));
    }

    @Test
    void bytesWrittenIntoAKibKeyAreToldTheKibToWrite()
    {
        assertEquals("b.properties:5: GUEST_HEAP_SIZE_KB = 16384: is out of range: must be 1..1,024 (KiB); if 16,384 "
            + "is bytes, write 16 (GUEST_HEAP_SIZE_KB is in KiB)", onlyProblem(FACTS + "GUEST_HEAP_SIZE_KB = 16384\n"));
    }

    @Test
    void kibWrittenIntoABytesKeyAreToldTheBytesToWrite()
    {
        assertEquals("b.properties:5: COROUTINE_FRAME_BYTES = 4: is out of range: must be 64..1,048,576, a multiple "
            + "of 8 (bytes); if 4 is KiB, write 4096 (COROUTINE_FRAME_BYTES is in bytes)",
            onlyProblem(FACTS + "COROUTINE_FRAME_BYTES = 4\n"));
        assertEquals("b.properties:5: COROUTINE_FRAME_BYTES = 56: is out of range: must be 64..1,048,576, a multiple "
            + "of 8 (bytes)", onlyProblem(FACTS + "COROUTINE_FRAME_BYTES = 56\n"), "just short of the range: no hint");
    }

    @Test
    void aKeyWrittenWithTheOtherSizeSuffixSuggestsTheRealKeyWithTheValueConverted()
    {
        assertEquals("b.properties:5: GUEST_HEAP_SIZE_BYTES = 16384: unknown key; did you mean GUEST_HEAP_SIZE_KB = 16?",
            onlyProblem(FACTS + "GUEST_HEAP_SIZE_BYTES = 16384\n"));
        assertEquals("b.properties:5: RX_RING_KB = 1: unknown key; did you mean RX_RING_BYTES = 1024?",
            onlyProblem(FACTS + "RX_RING_KB = 1\n"));
        assertEquals("b.properties:5: RX_RING_KB = 3: unknown key; did you mean RX_RING_BYTES?",
            onlyProblem(FACTS + "RX_RING_KB = 3\n"), "3 KiB is no power of two: the key alone");
    }

    @Test
    void aValueThatIsNotAPowerOfTwoSuggestsTheNearestOnes()
    {
        assertEquals("b.properties:5: CHANNEL_CAPACITY = 12: must be a power of two (nearest: 8 or 16)",
            onlyProblem(FACTS + "CHANNEL_CAPACITY = 12\n"));
        assertEquals("b.properties:5: TRACE_BUFFER_BYTES = 1000: must be 0 or a power of two (nearest: 512 or 1,024)",
            onlyProblem(FACTS + "TRACE_BUFFER_BYTES = 1000\n"));
    }

    @Test
    void aFrameThatIsNotAMultipleOf8IsRejected()
    {
        assertEquals("b.properties:5: COROUTINE_FRAME_BYTES = 1001: must be a multiple of 8 (nearest: 1,000 or 1,008)",
            onlyProblem(FACTS + "COROUTINE_FRAME_BYTES = 1001\n"));
        assertEquals("b.properties:5: OBJECT_HEADER_BYTES = 10: must be a multiple of 4 (nearest: 8 or 12)",
            onlyProblem(FACTS + "OBJECT_HEADER_BYTES = 10\n"));
    }

    @Test
    void aKeySetTwiceInOneFileIsRejected()
    {
        assertEquals("b.properties:6: MAX_FDS = 9: set twice in this file (first on line 5)",
            onlyProblem(FACTS + "MAX_FDS = 8\nMAX_FDS = 9\n"));
    }

    @Test
    void aMissingBoardFactIsRejectedWithItsDescription()
    {
        final String p = onlyProblem("SRAM_KB = 256\nFLASH_KB = 1024\nRUNTIME_RESERVE_KB = 29\n");
        assertTrue(p.startsWith("b.properties: CPU_HZ: missing: every board file must set this board fact (Hz, "
            + "1..2,147,483,647): Core clock"), p);
    }

    @Test
    void aSyntaxErrorIsReportedWithItsLine()
    {
        assertEquals("b.properties:5: expected KEY = VALUE, found 'MAX_FDS 8'", onlyProblem(FACTS + "MAX_FDS 8\n"));
    }

    @Test
    void anUnusableBoardNameIsRejected()
    {
        final ConfigException e = assertThrows(ConfigException.class,
            () -> Validator.validate("My Board", BoardFile.parse("My Board.properties", FACTS), List.of()));
        assertTrue(e.problems().get(0).message().startsWith("board name 'My Board' is not usable"));
    }

    @Test
    void everyProblemOfAFileIsReportedAtOnce()
    {
        final ConfigException e = assertThrows(ConfigException.class,
            () -> validate(FACTS + "MAX_FDS = 0\nTICK = 1\nRX_RING_BYTES = 3\n"));
        assertEquals(3, e.problems().size());
        assertTrue(e.getMessage().startsWith("3 problems in board configuration:"));
    }

    @Test
    void problemsAreListedInLineOrderWhateverTheirKind()
    {
        // Syntax problems used to come first, then the value problems: line 6 before line 5.
        final ConfigException e = assertThrows(ConfigException.class,
            () -> validate(FACTS + "MAX_FDS = 0\nNO_EQUALS\nTICK = 1\n= 3\nMAX_FDS = 2\n"));
        assertEquals(List.of(5, 6, 7, 8, 9), e.problems().stream().map(Problem::line).toList(), e::getMessage);
    }

    // ---- overrides ----------------------------------------------------------------------------------

    @Test
    void anOverrideWinsAndIsNamedAsTheOrigin()
    {
        final Board b = Validator.validate("b", board(FACTS + "MAX_COROUTINES = 4\n"),
            List.of(BoardFile.parse("app.properties", "# app\nMAX_COROUTINES = 6\n")));
        assertEquals(6, b.get("MAX_COROUTINES"));
        assertEquals("app.properties:2", b.origin("MAX_COROUTINES").toString());
    }

    @Test
    void anOverrideCannotChangeABoardFact()
    {
        final ConfigException e = assertThrows(ConfigException.class, () -> Validator.validate("b", board(FACTS),
            List.of(BoardFile.parse("app.properties", "SRAM_KB = 512\n"))));
        assertEquals("app.properties:1: SRAM_KB = 512: is a board fact: set it in the board file, not in an "
            + "application override", e.problems().get(0).toString());
    }

    @Test
    void anOverrideIsCheckedLikeABoardFile()
    {
        final ConfigException e = assertThrows(ConfigException.class, () -> Validator.validate("b", board(FACTS),
            List.of(BoardFile.parse("app.properties", "MAX_FD = 3\n"))));
        assertEquals("app.properties:1: MAX_FD = 3: unknown key; did you mean MAX_FDS?", e.problems().get(0).toString());
    }

    // ---- consistency --------------------------------------------------------------------------------

    @Test
    void moreModulesThanCoroutinesIsRejected()
    {
        assertEquals("b.properties:6: MAX_MODULES = 5: more modules than coroutine slots: must be <= MAX_COROUTINES = 4 "
                + "(set at b.properties:5), since every module runs at least one coroutine",
            onlyProblem(FACTS + "MAX_COROUTINES = 4\nMAX_MODULES = 5\nCOROUTINE_FRAME_BYTES = 64\n"));
    }

    @Test
    void moreStreamsThanFdsIsRejected()
    {
        assertEquals("b.properties:6: MAX_STREAMS = 9: more streaming slots than fds: must be <= MAX_FDS = 8 "
                + "(set at b.properties:5), since every stream is an open fd",
            onlyProblem(FACTS + "MAX_FDS = 8\nMAX_STREAMS = 9\n"));
    }

    @Test
    void aFrameLargerThanAHeapIsRejected()
    {
        assertEquals("b.properties:5: COROUTINE_FRAME_BYTES = 32768: a frame must fit in one module heap: must be <= "
                + "GUEST_HEAP_SIZE_KB x 1024 - 16 = 16,368 (default) (8 bytes the heap reserves and the frame's "
                + "8-byte block header)",
            onlyProblem(FACTS + "COROUTINE_FRAME_BYTES = 32768\n"));
    }

    @Test
    void framesThatDoNotFitTheHeapsAreRejected()
    {
        assertEquals("b.properties:5: MAX_COROUTINES = 13: the frames do not fit in the module heaps: MAX_MODULES 4 x "
                + "((GUEST_HEAP_SIZE_KB x 1024 = 16,384 - 8) / (COROUTINE_FRAME_BYTES 4,096 + 8)) = 4 x 3 = 12 frames "
                + "fit, so must be <= 12; or raise GUEST_HEAP_SIZE_KB or MAX_MODULES, or lower COROUTINE_FRAME_BYTES",
            onlyProblem(FACTS + "MAX_COROUTINES = 13\n"));
        validate(FACTS + "MAX_COROUTINES = 12\n");
    }

    @Test
    void aModuleHeapLargerThanTheKernelsOneMebibyteHeapLimitIsRejected()
    {
        // ModuleHeap handles carry the payload offset in 20 bits: a heap above 1 MiB cannot be created at boot.
        assertEquals("b.properties:5: GUEST_HEAP_SIZE_KB = 2048: is out of range: must be 1..1,024 (KiB); if 2,048 "
            + "is bytes, write 2 (GUEST_HEAP_SIZE_KB is in KiB)",
            onlyProblem(FACTS.replace("SRAM_KB = 256", "SRAM_KB = 4096") + "GUEST_HEAP_SIZE_KB = 2048\n"
                + "MAX_MODULES = 1\n"));
    }

    @Test
    void aFrameAsLargeAsItsHeapIsRejectedBecauseTheHeapKeepsRoomForItsOwnHeaders()
    {
        // ModuleHeap keeps 8 reserved bytes and a 4-byte header per block (rounded to 8): the largest frame it
        // can allocate from a heap of H bytes is H - 16. A frame of exactly H made Modules.create throw at boot.
        assertEquals("b.properties:5: COROUTINE_FRAME_BYTES = 8192: a frame must fit in one module heap: must be <= "
                + "GUEST_HEAP_SIZE_KB x 1024 - 16 = 8,176 (set at b.properties:6) (8 bytes the heap reserves and "
                + "the frame's 8-byte block header)",
            onlyProblem(FACTS + "COROUTINE_FRAME_BYTES = 8192\nGUEST_HEAP_SIZE_KB = 8\nMAX_COROUTINES = 4\n"));
    }

    @Test
    void framesAreCountedWithTheHeapBlockOverheadTheKernelAllocatesThemWith()
    {
        // 1 module, 16 KiB heap: 16,376 usable bytes hold one 8,200-byte block for an 8 KiB frame, not two.
        final ConfigException e = assertThrows(ConfigException.class,
            () -> validate(FACTS + "MAX_MODULES = 1\nMAX_COROUTINES = 2\nGUEST_HEAP_SIZE_KB = 16\n"
                + "COROUTINE_FRAME_BYTES = 8192\n"));
        assertEquals("MAX_COROUTINES", e.problems().get(0).key(), e::getMessage);
        assertTrue(e.getMessage().contains("= 1 x 1 = 1 frames fit, so must be <= 1"), e::getMessage);
        // 16 bytes less per frame, and two blocks of 8,184 fill the 16,376 bytes exactly.
        validate(FACTS + "MAX_MODULES = 1\nMAX_COROUTINES = 2\nGUEST_HEAP_SIZE_KB = 16\nCOROUTINE_FRAME_BYTES = 8176\n");
    }

    @Test
    void theSchemaDefaultsPassTheirOwnFrameRule()
    {
        validate(FACTS); // every tunable at its default
    }

    @Test
    void aRuntimeReserveAsLargeAsTheSramIsRejected()
    {
        assertEquals("b.properties:1: RUNTIME_RESERVE_KB = 32: leaves nothing for the kernel: must be < SRAM_KB = 32 "
                + "(set at b.properties:2)",
            onlyProblem("RUNTIME_RESERVE_KB = 32\nSRAM_KB = 32\nFLASH_KB = 64\nCPU_HZ = 8_000_000\n"));
    }

    @Test
    void aTickFasterThanTheCpuAllowsIsRejected()
    {
        assertEquals("b.properties:5: TICK_HZ = 100000: ticks too fast for the CPU: must be <= CPU_HZ / 1000 = 64,000 "
                + "(set at b.properties:3) (a tick of at least 1000 cycles)",
            onlyProblem(FACTS + "TICK_HZ = 100000\n"));
    }

    @Test
    void anArrayHeaderWithoutRoomForTheLengthIsRejected()
    {
        assertEquals("b.properties:6: ARRAY_HEADER_BYTES = 12: an array header holds an object header and a 4-byte "
                + "length: must be >= OBJECT_HEADER_BYTES + 4 = 16 (set at b.properties:5)",
            onlyProblem(FACTS + "OBJECT_HEADER_BYTES = 12\nARRAY_HEADER_BYTES = 12\n"));
    }

    @Test
    void consistencyIsNotCheckedWhileAValueIsInvalid()
    {
        // MAX_MODULES 9 > MAX_COROUTINES 8 would be a second problem, but MAX_COROUTINES itself is rejected.
        assertEquals("b.properties:5: MAX_COROUTINES = eight: is not an integer: unexpected 'e'; write a plain "
            + "integer, in slots", onlyProblem(FACTS + "MAX_COROUTINES = eight\nMAX_MODULES = 9\n"));
    }

    // ---- budget -------------------------------------------------------------------------------------

    @Test
    void aBoardOverBudgetFailsNamingSramKbAndTheLargestTerms() throws Exception
    {
        final var url = getClass().getResource("/boards/over-budget.properties");
        final BoardFile f = BoardFile.read(java.nio.file.Path.of(url.toURI()), "boards/over-budget.properties");
        final ConfigException e = assertThrows(ConfigException.class, () -> Validator.validate(f));
        final String p = e.problems().get(0).toString();
        assertTrue(p.startsWith("boards/over-budget.properties:3: SRAM_KB = 32: over budget: the static RAM of this "
            + "configuration is "), p);
        assertTrue(p.contains(" bytes more than SRAM_KB = 32 (32,768 bytes); largest terms: module heaps (MAX_MODULES 4 "
            + "x GUEST_HEAP_SIZE_KB 8) 32,832, runtime reserve (RUNTIME_RESERVE_KB = 29) 29,696, kernel: module table "
            + "and heap indexes (MAX_MODULES = 4) 6,360;"), p);
    }

    @Test
    void anOverBudgetMessageNeverAdvisesLoweringTheFramesWhichFreesNothing()
    {
        // The frames (MAX_COROUTINES x COROUTINE_FRAME_BYTES) are the heaps' memory, counted once: they were
        // listed as the third largest term, although a smaller frame does not shrink the total by a byte.
        final String p = onlyProblem(FACTS.replace("SRAM_KB = 256", "SRAM_KB = 64") + "MAX_COROUTINES = 12\n"
            + "MAX_MODULES = 2\nGUEST_HEAP_SIZE_KB = 32\n");
        assertTrue(p.contains("over budget"), p);
        assertTrue(!p.contains("frames"), p);
    }

    @Test
    void anOverBudgetBoardThatTunablesCanFitSaysHowManyBytesToShed()
    {
        final String p = onlyProblem(FACTS.replace("SRAM_KB = 256", "SRAM_KB = 64"));
        assertTrue(p.startsWith("b.properties:1: SRAM_KB = 64: over budget: the static RAM of this configuration is "),
            p);
        final long over = Long.parseLong(p.replaceAll(".* bytes, ([0-9,]+) bytes more than SRAM_KB.*", "$1")
            .replace(",", ""));
        assertTrue(p.contains("; lower tunables by " + Numbers.group(over) + " bytes in all (`config-tool budget` lists "
            + "every term; with every tunable at its minimum this board needs "), p);
    }

    @Test
    void anOverBudgetBoardThatNoTunableCanFitNamesTheBoardFactsToChange() throws Exception
    {
        // A CH32V307 at its factory 32 KB split: its 29 KB runtime reserve leaves less than the smallest kernel.
        final var url = getClass().getResource("/boards/over-budget.properties");
        final BoardFile f = BoardFile.read(java.nio.file.Path.of(url.toURI()), "boards/over-budget.properties");
        final String p = assertThrows(ConfigException.class, () -> Validator.validate(f)).problems().get(0).toString();
        final Board b = Validator.validateRules("over-budget", f, List.of());
        final Budget floor = Budget.floor(b);
        assertTrue(p.endsWith("; no tunable setting fits: with every tunable at its minimum this board still needs "
            + Numbers.group(floor.total()) + " bytes, " + Numbers.group(-floor.available()) + " more than its SRAM, so a "
            + "board fact must change: raise SRAM_KB if the chip has more RAM, or lower RUNTIME_RESERVE_KB = 29 if its "
            + "runtime needs less"), p);
    }

    @Test
    void validateRulesAcceptsABoardOverBudget()
    {
        final Board b = Validator.validateRules("b", board(FACTS.replace("SRAM_KB = 256", "SRAM_KB = 40")), List.of());
        assertTrue(Budget.of(b).available() < 0);
    }

    // ---- helpers ------------------------------------------------------------------------------------

    static BoardFile board(final String text)
    {
        return BoardFile.parse("b.properties", text);
    }

    static Board validate(final String text)
    {
        return Validator.validate("b", board(text), List.of());
    }

    /** The one problem {@code text} has, as the user sees it. */
    static String onlyProblem(final String text)
    {
        final ConfigException e = assertThrows(ConfigException.class, () -> validate(text));
        assertEquals(1, e.problems().size(), e::getMessage);
        return e.problems().get(0).toString();
    }
}
