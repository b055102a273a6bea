package dev.fireball.host.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.fireball.testkit.AllocationMeter;
import java.nio.file.Paths;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Device code (config, kernel, hal, bsp-*) can run on an MCU JVM: it uses only MicroEJ EDC 1.3
 * members, its class files are Java 7, and the layers depend downwards only
 * (architecture.md: config ← kernel ← hal ← bsp; nothing device-side knows host code).
 */
class DeviceCodeRulesTest
{
    private static JavaClasses device;
    private static EdcApi api;

    @BeforeAll
    static void importDeviceClasses()
    {
        api = EdcApi.load();
        device = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // ...nor the kernel's test-jar (its support classes are host test code, Java 17).
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("dev.fireball")
            .that(DeviceCode.DEVICE_CLASSES);
    }

    @Test
    void deviceCodeExistsToBeChecked()
    {
        assertTrue(device.size() >= 10, "device classes imported: " + device.size());
        assertTrue(device.contain("dev.fireball.kernel.Scheduler"));
    }

    @Test
    void everyDeviceModuleIsChecked()
    {
        final Set<String> modules = DeviceCode.deviceModules(Paths.get("..").toAbsolutePath().normalize());
        assertTrue(modules.containsAll(Set.of("config", "kernel", "hal", "bsp-nrf52840", "bsp-ch32v307")),
            "device modules read from the root pom: " + modules);
        final Set<String> checked = device.stream().map(DeviceCode::moduleOf).collect(Collectors.toSet());
        // a device module test-host does not depend on is not on the classpath, so nothing would check it
        assertTrue(checked.containsAll(modules), "device modules " + modules + ", classes checked from " + checked);
    }

    @Test
    void theTestkitIsAHostModule()
    {
        // test-host exposes it to applications' tests, and device modules use it in tests only: it is
        // host code (Java 17), outside every device rule, and no device class may depend on it.
        assertFalse(DeviceCode.deviceModules(Paths.get("..").toAbsolutePath().normalize()).contains("testkit"));
        final JavaClass meter = new ClassFileImporter().importClass(AllocationMeter.class);
        assertEquals("testkit", DeviceCode.moduleOf(meter));
        assertFalse(DeviceCode.DEVICE_CLASSES.test(meter));
        assertEquals(61, DeviceCode.classMajor(meter), "class-file major version of the testkit");
    }

    @Test
    void everyClassOfADeviceModuleIsInADevicePackage()
    {
        final Set<String> modules = DeviceCode.deviceModules(Paths.get("..").toAbsolutePath().normalize());
        final JavaClasses all = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("dev.fireball");
        classes().that(DescribedPredicate.describe("come from a device module",
                c -> modules.contains(DeviceCode.moduleOf(c))))
            .should(DeviceCode.beInADevicePackage()).check(all);
    }

    @Test
    void deviceCodeUsesOnlyEdcMembers()
    {
        classes().should(DeviceCode.useOnlyEdcMembers(api)).check(device);
    }

    @Test
    void deviceClassFilesAreJava7()
    {
        classes().should(DeviceCode.haveClassFileVersionAtMost51()).check(device);
    }

    @Test
    void deviceCodeNeverDependsOnHostCode()
    {
        noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("dev.fireball.host..", "dev.fireball.bench..", "dev.fireball.config.tool..",
                "dev.fireball.testkit..", "dev.fireball.sim..")
            .check(device);
    }

    @Test
    void layersDependDownwardsOnly()
    {
        layeredArchitecture().consideringOnlyDependenciesInAnyPackage("dev.fireball..")
            .layer("config").definedBy("dev.fireball.config", "dev.fireball.config.boards")
            .layer("kernel").definedBy("dev.fireball.kernel..")
            .layer("hal").definedBy("dev.fireball.hal..")
            .layer("bsp").definedBy("dev.fireball.bsp..")
            .whereLayer("bsp").mayNotBeAccessedByAnyLayer()
            .whereLayer("hal").mayOnlyBeAccessedByLayers("bsp")
            .whereLayer("kernel").mayOnlyBeAccessedByLayers("hal", "bsp")
            .whereLayer("config").mayOnlyBeAccessedByLayers("kernel", "hal", "bsp")
            .withOptionalLayers(true)
            // host ports implement kernel interfaces by design; only device-side edges are layered
            .ignoreDependency(DescribedPredicate.not(DeviceCode.DEVICE_CLASSES), DescribedPredicate.alwaysTrue())
            .check(device);
    }
}
