package dev.fireball.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fireball.hal.DeviceRegistry;
import dev.fireball.hal.DeviceUri;
import dev.fireball.kernel.Coroutine;
import dev.fireball.kernel.Errno;
import dev.fireball.kernel.ModuleSpec;
import dev.fireball.kernel.Scheduler;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link ModuleSpec#grant} (kernel) accepts exactly the patterns the HAL's {@link DeviceUri} parser
 * finds well-formed: the kernel cannot see the HAL, so a grant spelled in a way the HAL never
 * parses (say {@code device://uart/007}) would otherwise pass at boot and never match an open.
 */
class GrantGrammarHonestyTest
{
    private static final DeviceRegistry REGISTRY = new DeviceRegistry(8, 4);
    private static final Coroutine INIT = new Coroutine("init")
    {
        @Override
        protected int resume(final Scheduler s)
        {
            return s.done(0);
        }
    };

    @Property(tries = 2000)
    void grantAcceptsWhatTheHalParses(@ForAll("patterns") final String pattern)
    {
        final boolean wellFormed = -Errno.EINVAL != DeviceUri.parsePattern(pattern, REGISTRY);
        assertEquals(wellFormed, accepts(pattern), pattern);
    }

    @Example
    void theSpellingsThatUsedToSlipThroughAreRefused()
    {
        assertEquals(false, accepts("device://uart/007"));
        assertEquals(false, accepts("device://uart/65535"));
        assertEquals(false, accepts("device://UART/0"));
        assertEquals(false, accepts("device://a-very-long-type-name/0"));
        assertEquals(true, accepts("device://uart/65534"));
        assertEquals(true, accepts("device://i2c_bus-2/*"));
    }

    private static boolean accepts(final String pattern)
    {
        try
        {
            new ModuleSpec("m", INIT).grant(pattern, ModuleSpec.READ);
            return true;
        }
        catch (final IllegalArgumentException e)
        {
            return false;
        }
    }

    @Provide
    Arbitrary<String> patterns()
    {
        final Arbitrary<String> type = Arbitraries.strings().withChars("abz09_-A/.*").ofMinLength(0).ofMaxLength(18);
        final Arbitrary<String> index = Arbitraries.oneOf(
            Arbitraries.strings().withChars("0123456789").ofMinLength(0).ofMaxLength(6),
            Arbitraries.integers().between(65_530, 65_540).map(String::valueOf),
            Arbitraries.of("*", "0", "00", "01", "-1", "+1", "1*", " 1", "1/2", ""));
        final Arbitrary<String> scheme = Arbitraries.of("device://", "device://", "device://", "device:/", "Device://", "");
        return net.jqwik.api.Combinators.combine(scheme, type, index).as((s, t, i) -> s + t + "/" + i);
    }
}
