package dev.fireball.host.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.fireball.archfixture.ForbiddenDeviceCode;
import org.junit.jupiter.api.Test;

/** The rules catch what they claim to catch, naming the class and the forbidden dependency. */
class DeviceCodeRulesSelfTest
{
    private final JavaClasses fixture = new ClassFileImporter().importClasses(ForbiddenDeviceCode.class);

    private String violations()
    {
        final AssertionError e = assertThrows(AssertionError.class,
            () -> classes().should(DeviceCode.useOnlyEdcMembers(EdcApi.load())).check(fixture));
        return e.getMessage();
    }

    @Test
    void membersMissingFromEdcAreNamed()
    {
        final String v = violations();
        assertTrue(v.contains("ForbiddenDeviceCode.bits (ForbiddenDeviceCode.java:15) uses java.lang.Integer#bitCount(int),"
            + " is not in MicroEJ EDC 1.3"), v);
        assertTrue(v.contains("depends on java.util.Arrays, which MicroEJ EDC 1.3 does not have"), v);
        assertTrue(v.contains("uses java.lang.Integer#TYPE, is not in MicroEJ EDC 1.3"), v);
        assertTrue(v.contains("uses java.util.Objects#requireNonNull(java.lang.Object), is not in MicroEJ EDC 1.3"), v);
    }

    @Test
    void deniedMembersAreNamedWithTheReason()
    {
        final String v = violations();
        assertTrue(v.contains("java.util.ArrayList (forbidden in device code: collections allocate"), v);
        assertTrue(v.contains("uses java.lang.System#currentTimeMillis(), is forbidden in device code: time comes from the"
            + " port's Clock"), v);
    }

    @Test
    void newerClassFilesAreRejected()
    {
        final AssertionError e = assertThrows(AssertionError.class,
            () -> classes().should(DeviceCode.haveClassFileVersionAtMost51()).check(fixture));
        assertTrue(e.getMessage().contains("has class-file major version 61 (> 51)"), e.getMessage());
    }

    @Test
    void denyEntriesMatchWholeTypesNotNamePrefixes()
    {
        assertTrue(EdcApi.matches("java.lang.Runtime", "java.lang.Runtime#exit(int)"));
        assertTrue(EdcApi.matches("java.lang.Runtime", "java.lang.Runtime"));
        assertTrue(EdcApi.matches("java.util.", "java.util.ArrayList#<init>()"));
        assertTrue(!EdcApi.matches("java.lang.Runtime", "java.lang.RuntimeException#<init>(java.lang.String)"));
        assertTrue(!EdcApi.matches("java.lang.Thread", "java.lang.ThreadDeath"));
    }
}
