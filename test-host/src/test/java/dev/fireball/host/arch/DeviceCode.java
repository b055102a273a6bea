package dev.fireball.host.arch;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** What "device code" is, and the conditions every device class must meet. */
final class DeviceCode
{
    /** Packages compiled for the MCU (Java 7, EDC 1.3). config.tool is the host-side build tool. */
    static final DescribedPredicate<JavaClass> DEVICE_CLASSES = new DescribedPredicate<>("device code")
    {
        @Override
        public boolean test(final JavaClass c)
        {
            final String p = c.getPackageName();
            return (p.startsWith("dev.fireball.kernel") || p.startsWith("dev.fireball.hal")
                || p.startsWith("dev.fireball.bsp") || p.startsWith("dev.fireball.config"))
                && !p.startsWith("dev.fireball.config.tool");
        }
    };

    /**
     * The reactor modules that hold device code: those whose pom compiles for release 7. Read from
     * the root pom, so a new device module is checked without touching the rules.
     */
    static Set<String> deviceModules(final Path root)
    {
        final Set<String> modules = new TreeSet<>();
        final Pattern release7 = Pattern.compile("<maven\\.compiler\\.release>\\s*7\\s*</maven\\.compiler\\.release>");
        final Matcher m = Pattern.compile("<module>\\s*([^<\\s]+)\\s*</module>").matcher(read(root.resolve("pom.xml")));
        while (m.find())
        {
            if (release7.matcher(read(root.resolve(m.group(1)).resolve("pom.xml"))).find())
            {
                modules.add(m.group(1));
            }
        }
        return modules;
    }

    /**
     * The reactor module a class file comes from: {@code <module>/target/classes/...} in a reactor
     * build, {@code <module>/target/<module>-<version>.jar} in a reactor build that packaged,
     * {@code <module>/<version>/<module>-<version>.jar} from the local repository; null for
     * anything else (test classes, test-jars, the JDK).
     */
    static String moduleOf(final String classFileUri)
    {
        final Matcher dir = Pattern.compile("/([^/]+)/target/classes/").matcher(classFileUri);
        if (dir.find())
        {
            return dir.group(1);
        }
        final Matcher jar = Pattern.compile("/([^/]+)/([^/]+)/\\1-\\2\\.jar!/").matcher(classFileUri);
        if (jar.find())
        {
            return jar.group(1);
        }
        // A reactor build that reached package (mvn verify/install) puts <module>/target/<module>-<version>.jar
        // on test-host's classpath; a test-jar (<module>-<version>-tests.jar) is not device code.
        final Matcher packaged = Pattern.compile("/([^/]+)/target/\\1-([^/]+)\\.jar!/").matcher(classFileUri);
        return packaged.find() && !packaged.group(2).endsWith("-tests") ? packaged.group(1) : null;
    }

    static String moduleOf(final JavaClass c)
    {
        return c.getSource().isPresent() ? moduleOf(c.getSource().get().getUri().toString()) : null;
    }

    /** Device rules select classes by package: a class of a device module outside them is unchecked. */
    static ArchCondition<JavaClass> beInADevicePackage()
    {
        return new ArchCondition<>("be in a device-code package (checked by the device rules)")
        {
            @Override
            public void check(final JavaClass c, final ConditionEvents events)
            {
                if (!DEVICE_CLASSES.test(c))
                {
                    events.add(SimpleConditionEvent.violated(c, c.getName() + " (module " + moduleOf(c)
                        + ") is outside the device-code packages, so no device rule checks it"));
                }
            }
        };
    }

    private static String read(final Path file)
    {
        try
        {
            return Files.readString(file);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    /** The newest class-file major version MicroEJ loads (Java 7). */
    static final int MAX_CLASS_MAJOR = 51;

    private DeviceCode()
    {
    }

    /** Every JDK type and member a device class touches is in EDC 1.3 and not on the deny-list. */
    static ArchCondition<JavaClass> useOnlyEdcMembers(final EdcApi api)
    {
        return new ArchCondition<>("use only JDK types and members of MicroEJ EDC 1.3 (minus the device deny-list)")
        {
            @Override
            public void check(final JavaClass c, final ConditionEvents events)
            {
                for (final Dependency d : c.getDirectDependenciesFromSelf())
                {
                    final JavaClass t = baseType(d.getTargetClass());
                    if (isJdk(t) && !api.hasType(t.getName()))
                    {
                        events.add(SimpleConditionEvent.violated(c,
                            c.getName() + " depends on " + t.getName() + ", which MicroEJ EDC 1.3 does not have: "
                            + d.getDescription()));
                    }
                    else if (isJdk(t) && null != api.denial(t.getName()))
                    {
                        events.add(SimpleConditionEvent.violated(c,
                            c.getName() + " depends on " + t.getName() + " (forbidden in device code: "
                            + api.denial(t.getName()) + "): " + d.getDescription()));
                    }
                }
                for (final JavaAccess<?> a : c.getAccessesFromSelf())
                {
                    final AccessTarget target = a.getTarget();
                    final JavaClass owner = target.getOwner();
                    if (owner.isArray())
                    {
                        if (!"clone".equals(target.getName()) && !"length".equals(target.getName()))
                        {
                            events.add(SimpleConditionEvent.violated(c, describe(c, a, owner.getName() + "#" + target.getName())
                                + " is not allowed on arrays"));
                        }
                        continue;
                    }
                    final String member = member(target);
                    // javac names the static type of the receiver as the owner: a JDK member inherited by a
                    // project class (Throwable#setStackTrace through a device exception) has a project owner
                    if (!isJdk(owner) && declaredInProject(owner, member))
                    {
                        continue;
                    }
                    final String full = owner.getName() + "#" + member;
                    final String denial = api.denial(full);
                    if (!api.hasMember(owner, member))
                    {
                        events.add(SimpleConditionEvent.violated(c, describe(c, a, full) + " is not in MicroEJ EDC 1.3"));
                    }
                    else if (null != denial)
                    {
                        events.add(SimpleConditionEvent.violated(c, describe(c, a, full) + " is forbidden in device code: "
                            + denial));
                    }
                }
                checkConstantPool(c, api, events);
            }
        };
    }

    /**
     * What ArchUnit does not model: a type named only by a catch clause (exception table) or a stack
     * map frame is still resolved by the VM, and invokedynamic (lambdas, method references, Java 9+
     * string concatenation) appears only as bootstrap-method constants. A class file may be version
     * 51 and still hold invokedynamic, so the class-file version rule does not exclude it.
     */
    private static void checkConstantPool(final JavaClass c, final EdcApi api, final ConditionEvents events)
    {
        final ConstantPool pool = ConstantPool.read(classFile(c));
        if (pool.hasDynamic)
        {
            events.add(SimpleConditionEvent.violated(c, c.getName() + "'s class file uses invokedynamic or method"
                + " handles (a lambda, method reference or Java 9+ string concatenation): MicroEJ EDC 1.3 has no"
                + " java.lang.invoke; compile device modules with release 7"));
        }
        for (final String type : pool.classNames)
        {
            if (!isJdkName(type))
            {
                continue;
            }
            if (!api.hasType(type))
            {
                events.add(SimpleConditionEvent.violated(c, c.getName() + "'s class file references " + type
                    + " (in a catch clause, stack map frame or other constant), which MicroEJ EDC 1.3 does not have"));
            }
            else if (null != api.denial(type))
            {
                events.add(SimpleConditionEvent.violated(c, c.getName() + "'s class file references " + type
                    + " (forbidden in device code: " + api.denial(type) + ")"));
            }
        }
    }

    /** Whether a project class in owner's hierarchy declares the member (else a JDK supertype does). */
    static boolean declaredInProject(final JavaClass owner, final String member)
    {
        final List<JavaClass> hierarchy = new ArrayList<>();
        hierarchy.add(owner);
        hierarchy.addAll(owner.getAllRawSuperclasses());
        hierarchy.addAll(owner.getAllRawInterfaces());
        for (final JavaClass t : hierarchy)
        {
            if (isJdk(t))
            {
                continue;
            }
            for (final JavaField f : t.getFields())
            {
                if (f.getName().equals(member))
                {
                    return true;
                }
            }
            for (final JavaCodeUnit u : t.getCodeUnits())
            {
                if (member.equals(u.getName() + "(" + u.getRawParameterTypes().stream().map(DeviceCode::typeName)
                    .collect(Collectors.joining(",")) + ")"))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /** The class file was compiled for Java 7 or older (major <= 51). */
    static ArchCondition<JavaClass> haveClassFileVersionAtMost51()
    {
        return new ArchCondition<>("have class-file major version <= " + MAX_CLASS_MAJOR)
        {
            @Override
            public void check(final JavaClass c, final ConditionEvents events)
            {
                final int major = classMajor(c);
                if (major > MAX_CLASS_MAJOR)
                {
                    events.add(SimpleConditionEvent.violated(c,
                        c.getName() + " has class-file major version " + major + " (> " + MAX_CLASS_MAJOR
                        + "): MicroEJ rejects it; compile device modules with release 7"));
                }
            }
        };
    }

    static int classMajor(final JavaClass c)
    {
        final byte[] header = classFile(c);
        return ((header[6] & 0xFF) << 8) | (header[7] & 0xFF);
    }

    /** The bytes ArchUnit imported c from. */
    static byte[] classFile(final JavaClass c)
    {
        final String resource = "/" + c.getName().replace('.', '/') + ".class";
        try (InputStream in = c.getSource().isPresent()
            ? c.getSource().get().getUri().toURL().openStream()
            : c.reflect().getResourceAsStream(resource))
        {
            if (null == in)
            {
                throw new IllegalStateException("class file not found: " + resource);
            }
            return in.readAllBytes();
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    /** The CONSTANT_Class names of a class file (JVMS 4.4), and whether it holds invokedynamic constants. */
    static final class ConstantPool
    {
        final Set<String> classNames = new TreeSet<>();
        boolean hasDynamic;

        static ConstantPool read(final byte[] b)
        {
            final ByteBuffer in = ByteBuffer.wrap(b);
            if (0xCAFEBABE != in.getInt())
            {
                throw new IllegalStateException("not a class file");
            }
            in.getShort();
            in.getShort();
            final int count = in.getShort() & 0xFFFF;
            final String[] utf8 = new String[count];
            final int[] classNameIndex = new int[count];
            final ConstantPool pool = new ConstantPool();
            for (int i = 1; i < count; i++)
            {
                final int tag = in.get() & 0xFF;
                switch (tag)
                {
                    case 1:
                        final byte[] text = new byte[in.getShort() & 0xFFFF];
                        in.get(text);
                        utf8[i] = new String(text, StandardCharsets.UTF_8); // ASCII for names
                        break;
                    case 7:
                        classNameIndex[i] = in.getShort() & 0xFFFF;
                        break;
                    case 8: case 16: case 19: case 20:
                        pool.hasDynamic |= 16 == tag;
                        in.getShort();
                        break;
                    case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18:
                        pool.hasDynamic |= 17 == tag || 18 == tag;
                        in.getInt();
                        break;
                    case 5: case 6:
                        in.getLong();
                        i++;
                        break;
                    case 15:
                        pool.hasDynamic = true;
                        in.get();
                        in.getShort();
                        break;
                    default:
                        throw new IllegalStateException("unknown constant pool tag " + tag + " at entry " + i);
                }
            }
            for (int i = 1; i < count; i++)
            {
                if (0 != classNameIndex[i])
                {
                    String name = utf8[classNameIndex[i]];
                    while (name.startsWith("["))
                    {
                        name = name.substring(1);
                    }
                    if (name.startsWith("L") && name.endsWith(";"))
                    {
                        name = name.substring(1, name.length() - 1);
                    }
                    else if (1 == name.length())
                    {
                        continue; // an array of a primitive type
                    }
                    pool.classNames.add(name.replace('/', '.'));
                }
            }
            return pool;
        }
    }

    private static String describe(final JavaClass c, final JavaAccess<?> a, final String member)
    {
        return c.getName() + "." + a.getOrigin().getName() + " (" + c.getSimpleName() + ".java:" + a.getLineNumber()
            + ") uses " + member + ",";
    }

    static String member(final AccessTarget target)
    {
        if (target instanceof AccessTarget.CodeUnitAccessTarget)
        {
            final AccessTarget.CodeUnitAccessTarget cu = (AccessTarget.CodeUnitAccessTarget) target;
            return cu.getName() + "(" + cu.getRawParameterTypes().stream().map(DeviceCode::typeName)
                .collect(Collectors.joining(",")) + ")";
        }
        return target.getName();
    }

    static String typeName(final JavaClass t)
    {
        return t.isArray() ? typeName(t.getComponentType()) + "[]" : t.getName();
    }

    private static JavaClass baseType(final JavaClass t)
    {
        return t.isArray() ? baseType(t.getComponentType()) : t;
    }

    private static boolean isJdk(final JavaClass t)
    {
        return !t.isPrimitive() && isJdkName(t.getName());
    }

    private static boolean isJdkName(final String typeName)
    {
        return !typeName.startsWith("dev.fireball.");
    }
}
