package dev.fireball.hal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fireball.kernel.Errno;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class DeviceUriPropertyTest
{
    private final DeviceRegistry types = new DeviceRegistry(16, 4);

    @Property(tries = 2000)
    void anyStringParsesToAValidUriOrEinvalOrEnodev(@ForAll("uriLike") final String s)
    {
        final int r = DeviceUri.parse(s, types);
        if (r >= 0)
        {
            final String rebuilt = "device://" + DeviceType.NAMES[DeviceUri.typeOf(r)] + "/" + DeviceUri.indexOf(r);
            assertEquals(rebuilt, s, "only the canonical spelling parses");
        }
        else
        {
            assertTrue(-Errno.EINVAL == r || -Errno.ENODEV == r, "result " + r + " for " + s);
        }
    }

    @Property(tries = 1000)
    void everyWellFormedUriRoundTrips(@ForAll @IntRange(min = 0, max = DeviceType.BUILT_IN_COUNT - 1) final int type,
        @ForAll @IntRange(min = 0, max = DeviceUri.MAX_INDEX) final int index)
    {
        final int r = DeviceUri.parse("device://" + DeviceType.NAMES[type] + "/" + index, types);
        assertEquals(type, DeviceUri.typeOf(r));
        assertEquals(index, DeviceUri.indexOf(r));
    }

    @Property(tries = 1000)
    void wellFormedUnknownTypesAreEnodev(@ForAll("typeNames") final String name,
        @ForAll @IntRange(min = 0, max = DeviceUri.MAX_INDEX) final int index)
    {
        final boolean known = types.findType(name, 0, name.length()) >= 0;
        final int r = DeviceUri.parse("device://" + name + "/" + index, types);
        assertEquals(known, r >= 0);
        if (!known)
        {
            assertEquals(-Errno.ENODEV, r);
        }
    }

    @Provide
    Arbitrary<String> uriLike()
    {
        final Arbitrary<String> noise = Arbitraries.strings().withChars("device:/uartgpio0123456789*-_ \u0000\u00ff")
            .ofMaxLength(40);
        final Arbitrary<String> nearMiss = Arbitraries.of("uart", "gpio", "i2c", "spi", "adc", "timer", "tim", "")
            .flatMap(t -> Arbitraries.strings().withChars("0123456789*/ -").ofMaxLength(7)
                .map(tail -> "device://" + t + "/" + tail));
        return Arbitraries.oneOf(noise, nearMiss, Arbitraries.strings().ofMaxLength(50));
    }

    @Provide
    Arbitrary<String> typeNames()
    {
        return Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789_-").ofMinLength(1)
            .ofMaxLength(DeviceUri.MAX_TYPE_CHARS);
    }
}
