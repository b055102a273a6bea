package dev.fireball.config.tool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NumbersTest
{
    @Test
    void decimalHexNegativeAndGroupedDigitsParse()
    {
        assertEquals(64_000_000L, Numbers.parse("64_000_000"));
        assertEquals(0x4000L, Numbers.parse("0x4000"));
        assertEquals(0xABCL, Numbers.parse("0XaBc"));
        assertEquals(-5L, Numbers.parse("-5"));
        assertEquals(0L, Numbers.parse("0"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "0x", "12k", "1__0", "_1", "1_", "1.5", "1e3", "0x1g", "\u0661\u0662",
        "99999999999999999999", "+3", " 3"})
    void anythingElseIsRejected(final String text)
    {
        assertThrows(NumberFormatException.class, () -> Numbers.parse(text));
    }

    @Test
    void aLeadingZeroIsRefusedWithBothReadingsSpelledOut()
    {
        assertEquals("ambiguous: C reads a leading 0 as octal (010 = 8); write 10 for decimal, or 0x8 for the octal value",
            assertThrows(NumberFormatException.class, () -> Numbers.parse("010")).getMessage());
        assertEquals("ambiguous: C reads a leading 0 as octal; write 96 for decimal",
            assertThrows(NumberFormatException.class, () -> Numbers.parse("0096")).getMessage(), "9 is no octal digit");
        assertEquals("ambiguous: C reads a leading 0 as octal (-00 = -0); write -0 for decimal, or -0x0 for the octal"
            + " value", assertThrows(NumberFormatException.class, () -> Numbers.parse("-00")).getMessage());
        assertEquals("ambiguous: C reads a leading 0 as octal (-0_17 = -15); write -17 for decimal, or -0xf for the octal"
            + " value", assertThrows(NumberFormatException.class, () -> Numbers.parse("-0_17")).getMessage(),
            "the sign is kept in both readings");
        assertEquals(0x10L, Numbers.parse("0x010"), "hexadecimal digits may start with 0");
    }

    @Test
    void groupsThousandsWithCommasInEveryLocale()
    {
        assertEquals("262,144", Numbers.group(262_144));
        assertEquals("-16,384", Numbers.group(-16_384));
    }
}
