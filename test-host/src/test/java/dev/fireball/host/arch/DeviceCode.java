package dev.fireball.host.arch;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
                    if (!isJdk(owner))
                    {
                        continue;
                    }
                    final String member = member(target);
                    final String full = owner.getName() + "#" + member;
                    if (!api.hasMember(owner, member))
                    {
                        events.add(SimpleConditionEvent.violated(c, describe(c, a, full) + " is not in MicroEJ EDC 1.3"));
                    }
                    else if (null != api.denial(full))
                    {
                        events.add(SimpleConditionEvent.violated(c, describe(c, a, full) + " is forbidden in device code: "
                            + api.denial(full)));
                    }
                }
            }
        };
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
        final String resource = "/" + c.getName().replace('.', '/') + ".class";
        try (InputStream in = c.reflect().getResourceAsStream(resource))
        {
            if (null == in)
            {
                throw new IllegalStateException("class file not found: " + resource);
            }
            final byte[] header = in.readNBytes(8);
            return ((header[6] & 0xFF) << 8) | (header[7] & 0xFF);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
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
        return !t.isPrimitive() && !t.getName().startsWith("dev.fireball.");
    }
}
