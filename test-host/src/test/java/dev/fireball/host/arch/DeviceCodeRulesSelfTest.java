package dev.fireball.host.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.fireball.archfixture.ForbiddenDeviceCode;
import java.nio.file.Paths;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rules catch what they claim to catch, naming the class and the forbidden dependency. */
class DeviceCodeRulesSelfTest
{
    private final JavaClasses fixture = new ClassFileImporter().importPackagesOf(ForbiddenDeviceCode.class);

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
    void inheritedJdkMembersAreCheckedWhenTheCallNamesAProjectClass()
    {
        final String v = violations();
        // javac names the receiver's static type (Boom) as the owner, not Throwable, which declares it
        assertTrue(v.contains("ForbiddenDeviceCode.inheritedThroughProjectClass (ForbiddenDeviceCode.java:45) uses"
            + " dev.fireball.archfixture.ForbiddenDeviceCode$Boom#setStackTrace(java.lang.StackTraceElement[]),"
            + " is not in MicroEJ EDC 1.3"), v);
        assertTrue(!v.contains("getMessage") && !v.contains("Action#hashCode"), v);
    }

    @Test
    void typesOnlyInTheConstantPoolAreChecked()
    {
        final String v = violations();
        // a catch clause is only an exception-table entry: no ArchUnit dependency, but the VM loads the type
        assertTrue(v.contains("dev.fireball.archfixture.ForbiddenDeviceCode's class file references"
            + " java.lang.TypeNotPresentException"), v);
    }

    @Test
    void invokedynamicIsRejected()
    {
        final String v = violations();
        // ArchUnit sees neither the bootstrap method nor its owner (java.lang.invoke.StringConcatFactory)
        assertTrue(v.contains("dev.fireball.archfixture.ForbiddenDeviceCode's class file uses invokedynamic"), v);
        assertTrue(v.contains("references java.lang.invoke.StringConcatFactory"), v);
    }

    @Test
    void classesOutsideTheDevicePackagesAreNamed()
    {
        final AssertionError e = assertThrows(AssertionError.class,
            () -> classes().should(DeviceCode.beInADevicePackage()).check(fixture));
        assertTrue(e.getMessage().contains("dev.fireball.archfixture.ForbiddenDeviceCode (module null) is outside the"
            + " device-code packages"), e.getMessage());
    }

    @Test
    void classFilesAreTracedToTheirModule()
    {
        assertEquals("kernel", DeviceCode.moduleOf("file:/w/kernel/target/classes/dev/fireball/kernel/Scheduler.class"));
        assertEquals("bsp-nrf52840", DeviceCode.moduleOf("jar:file:/r/dev/fireball/bsp-nrf52840/0.1.0-SNAPSHOT/"
            + "bsp-nrf52840-0.1.0-SNAPSHOT.jar!/dev/fireball/bsp/nrf52840/Uarte.class"));
        assertNull(DeviceCode.moduleOf("jar:file:/r/dev/fireball/kernel/0.1.0-SNAPSHOT/kernel-0.1.0-SNAPSHOT-tests.jar!/"
            + "dev/fireball/kernel/Rig.class"));
        assertNull(DeviceCode.moduleOf("file:/w/kernel/target/test-classes/dev/fireball/kernel/Rig.class"));
        assertEquals("hal", DeviceCode.moduleOf("jar:file:/w/hal/target/hal-0.1.0-SNAPSHOT.jar!/dev/fireball/hal/Hal.class"));
        assertNull(DeviceCode.moduleOf("jar:file:/w/kernel/target/kernel-0.1.0-SNAPSHOT-tests.jar!/dev/fireball/kernel/"
            + "support/Storm.class"));
        assertEquals(Set.of("config", "kernel", "hal", "bsp-nrf52840", "bsp-ch32v307"),
            DeviceCode.deviceModules(Paths.get("..").toAbsolutePath().normalize()));
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
