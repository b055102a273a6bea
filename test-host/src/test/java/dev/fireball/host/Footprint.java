package dev.fireball.host;

import org.openjdk.jol.vm.VM;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The objects reachable from a root without passing through given boundary objects, sized by JOL
 * ({@link VM#sizeOf}): what JOL's {@code GraphLayout.parseInstance(root)} counts, minus whatever
 * lies beyond the boundaries. The HAL needs it because its graph reaches objects it does not own
 * (the scheduler, the grants, the drivers, and through the drivers' back-reference, itself); so do
 * the kernel objects beside the scheduler, which all point at it.
 *
 * <p>Boundaries are objects (not entered, not counted) or, for {@link #ofAll}, whole types: the
 * application's strings (module names, grant types) are measured by nobody's model. The fields
 * {@code java.lang.Throwable} declares are never followed: in a kernel fault object they hold the
 * runtime's shared constants (the message literal, the empty-stack and suppressed-list sentinels)
 * or the object itself, nothing it owns.
 */
final class Footprint
{
    /** Objects by type name: {count, bytes}. */
    final Map<String, long[]> byType = new TreeMap<>();
    long bytes;
    long objects;

    private Footprint()
    {
    }

    /** Everything reachable from {@code root}, not entering (nor counting) any of {@code boundaries}. */
    static Footprint of(final Object root, final Object... boundaries)
    {
        return ofAll(List.of(root), Set.of(), boundaries);
    }

    /**
     * Everything reachable from any of {@code roots}, each object once, not entering (nor counting)
     * any of {@code boundaries} nor any instance of {@code foreignTypes}.
     */
    static Footprint ofAll(final List<?> roots, final Set<Class<?>> foreignTypes, final Object... boundaries)
    {
        final Footprint f = new Footprint();
        final IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
        for (final Object b : boundaries)
        {
            seen.put(b, Boolean.TRUE);
        }
        final ArrayDeque<Object> todo = new ArrayDeque<>();
        for (final Object root : roots)
        {
            if (null == seen.put(root, Boolean.TRUE))
            {
                todo.add(root);
            }
        }
        while (!todo.isEmpty())
        {
            final Object o = todo.poll();
            if (foreignTypes.contains(o.getClass()))
            {
                continue;
            }
            final long size = VM.current().sizeOf(o);
            f.bytes += size;
            f.objects++;
            final long[] t = f.byType.computeIfAbsent(o.getClass().getTypeName(), k -> new long[2]);
            t[0]++;
            t[1] += size;
            for (final Object next : references(o))
            {
                if (null != next && null == seen.put(next, Boolean.TRUE))
                {
                    todo.add(next);
                }
            }
        }
        return f;
    }

    private static Iterable<Object> references(final Object o)
    {
        final java.util.List<Object> out = new java.util.ArrayList<>();
        final Class<?> c = o.getClass();
        if (c.isArray())
        {
            if (!c.getComponentType().isPrimitive())
            {
                for (final Object e : (Object[]) o)
                {
                    out.add(e);
                }
            }
            return out;
        }
        for (Class<?> k = c; null != k && Throwable.class != k; k = k.getSuperclass())
        {
            for (final Field field : k.getDeclaredFields())
            {
                if (Modifier.isStatic(field.getModifiers()) || field.getType().isPrimitive())
                {
                    continue;
                }
                try
                {
                    field.setAccessible(true);
                    out.add(field.get(o));
                }
                catch (final ReflectiveOperationException | RuntimeException e)
                {
                    throw new IllegalStateException("cannot read " + k.getName() + "." + field.getName()
                        + " while sizing; add the object holding it as a boundary", e);
                }
            }
        }
        return out;
    }
}
