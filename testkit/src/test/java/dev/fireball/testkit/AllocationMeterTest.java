package dev.fireball.testkit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The precondition and argument checks of {@link AllocationMeter}, in the default test JVM (no
 * allocation flags). Its measurements are {@code AllocationMeterAllocationTest}'s.
 */
class AllocationMeterTest
{
    private static final String ARG_LINE = "<argLine>@{argLine} -XX:-DoEscapeAnalysis -XX:TieredStopAtLevel=1</argLine>";

    private static String rejection(final List<String> jvmArguments)
    {
        return assertThrows(AssertionError.class, () -> AllocationMeter.requireAllocationFlags(jvmArguments))
            .getMessage();
    }

    @Test
    void bothFlagsAmongOtherArgumentsAreAccepted()
    {
        assertDoesNotThrow(() -> AllocationMeter.requireAllocationFlags(List.of("-javaagent:jacoco.jar",
            "-XX:-DoEscapeAnalysis", "-Xmx1g", "-XX:TieredStopAtLevel=1")));
    }

    @Test
    void interpreterOnlyTierIsAccepted()
    {
        assertDoesNotThrow(() -> AllocationMeter.requireAllocationFlags(List.of("-XX:-DoEscapeAnalysis",
            "-XX:TieredStopAtLevel=0")));
    }

    @Test
    void missingEscapeAnalysisFlagIsNamedWithTheArgLineToAdd()
    {
        final String m = rejection(List.of("-XX:TieredStopAtLevel=1"));
        assertTrue(m.contains("missing: -XX:-DoEscapeAnalysis ("), m);
        assertTrue(!m.contains("TieredStopAtLevel=1 ("), "only the missing flag is named: " + m);
        assertTrue(m.contains(ARG_LINE), m);
        assertTrue(m.contains("JVM arguments: [-XX:TieredStopAtLevel=1]"), m);
    }

    @Test
    void missingC1OnlyFlagIsNamedWithTheArgLineToAdd()
    {
        final String m = rejection(List.of("-XX:-DoEscapeAnalysis"));
        assertTrue(m.contains("missing: -XX:TieredStopAtLevel=1 (C2 compiles hot code, and C2 deletes an allocation"
            + " whose result is never read)"), m);
        assertTrue(m.contains(ARG_LINE), m);
    }

    @Test
    void noFlagsNamesBoth()
    {
        final String m = rejection(List.of());
        assertTrue(m.startsWith("allocation tests need the JVM flags -XX:-DoEscapeAnalysis -XX:TieredStopAtLevel=1;"
            + " missing: -XX:-DoEscapeAnalysis"), m);
        assertTrue(m.contains(" and -XX:TieredStopAtLevel=1 ("), m);
        assertTrue(m.contains(ARG_LINE), m);
    }

    @Test
    void aLaterFlagOverridesAnEarlierOneAsInTheJvm()
    {
        assertTrue(rejection(List.of("-XX:-DoEscapeAnalysis", "-XX:TieredStopAtLevel=1", "-XX:+DoEscapeAnalysis"))
            .contains("missing: -XX:-DoEscapeAnalysis"));
        assertTrue(rejection(List.of("-XX:-DoEscapeAnalysis", "-XX:TieredStopAtLevel=1", "-XX:TieredStopAtLevel=4"))
            .contains("missing: -XX:TieredStopAtLevel=1"));
        assertDoesNotThrow(() -> AllocationMeter.requireAllocationFlags(List.of("-XX:+DoEscapeAnalysis",
            "-XX:TieredStopAtLevel=4", "-XX:-DoEscapeAnalysis", "-XX:TieredStopAtLevel=1")));
    }

    @Test
    void c2OnlyIsRejectedEvenWithAStopLevel()
    {
        // Without tiered compilation HotSpot ignores TieredStopAtLevel and compiles with C2.
        final String m = rejection(List.of("-XX:-DoEscapeAnalysis", "-XX:TieredStopAtLevel=1", "-XX:-TieredCompilation"));
        assertTrue(m.contains("-XX:-TieredCompilation makes C2 the only compiler"), m);
    }

    @Test
    void thisJvmHasNoAllocationFlagsSoMeasuringFailsFirst()
    {
        // The default surefire execution runs without the flags: a measurement there must not pass.
        final String m = assertThrows(AssertionError.class,
            () -> AllocationMeter.assertNoAllocation("nothing", () -> { })).getMessage();
        assertTrue(m.startsWith("allocation tests need the JVM flags"), m);
        assertTrue(m.contains(ARG_LINE), m);
        assertThrows(AssertionError.class, () -> AllocationMeter.measureWindows(0, 1, 1, () -> { }));
    }

    @Test
    void countsOutOfRangeAreRejected()
    {
        assertThrows(IllegalArgumentException.class, () -> AllocationMeter.assertNoAllocation("w", -1, 1, 1, () -> { }));
        assertThrows(IllegalArgumentException.class, () -> AllocationMeter.assertNoAllocation("w", 0, 0, 1, () -> { }));
        assertThrows(IllegalArgumentException.class, () -> AllocationMeter.measureWindows(0, 1, 0, () -> { }));
    }
}
