package dev.fireball.config.tool;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class DidYouMeanTest
{
    @Test
    void distanceCountsSingleCharacterEdits()
    {
        assertEquals(0, DidYouMean.distance("ABC", "ABC"));
        assertEquals(1, DidYouMean.distance("ABC", "AB"));
        assertEquals(1, DidYouMean.distance("ABC", "AXC"));
        assertEquals(3, DidYouMean.distance("", "ABC"));
        assertEquals(3, DidYouMean.distance("KITTEN", "SITTING"));
    }

    @Test
    void aMissingLetterFindsTheKey()
    {
        assertEquals("MAX_COROUTINES", DidYouMean.suggest("MAX_COROUTINE", Schema.names()));
    }

    @Test
    void lowerCaseFindsTheKey()
    {
        assertEquals("GUEST_HEAP_SIZE_KB", DidYouMean.suggest("guest_heap_size_kb", Schema.names()));
    }

    @Test
    void aTranspositionFindsTheKey()
    {
        assertEquals("MAX_FDS", DidYouMean.suggest("MAX_FSD", Schema.names()));
    }

    @Test
    void nothingCloseSuggestsNothing()
    {
        assertNull(DidYouMean.suggest("BAUD_RATE", Schema.names()));
        assertNull(DidYouMean.suggest("X", List.of()));
    }
}
