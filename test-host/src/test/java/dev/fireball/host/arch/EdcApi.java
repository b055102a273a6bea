package dev.fireball.host.arch;

import com.tngtech.archunit.core.domain.JavaClass;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JDK surface device code may use: exactly the public types and members of MicroEJ's EDC 1.3
 * ({@code edc-1.3-api.txt}, copied from shared/reference), minus the project's deny-list
 * ({@code device-deny.txt}, each entry with its reason).
 */
final class EdcApi
{
    private final Set<String> entries = new HashSet<>();
    private final Map<String, String> denied = new LinkedHashMap<>();

    private EdcApi()
    {
    }

    static EdcApi load()
    {
        final EdcApi api = new EdcApi();
        for (final String line : lines("/edc-1.3-api.txt"))
        {
            api.entries.add(line);
        }
        for (final String line : lines("/device-deny.txt"))
        {
            final int sep = line.indexOf(" -- ");
            api.denied.put(line.substring(0, sep).trim(), line.substring(sep + 4).trim());
        }
        if (api.entries.size() < 1500)
        {
            throw new IllegalStateException("edc-1.3-api.txt looks truncated: " + api.entries.size() + " entries");
        }
        return api;
    }

    private static List<String> lines(final String resource)
    {
        final List<String> out = new ArrayList<>();
        try (InputStream in = EdcApi.class.getResourceAsStream(resource))
        {
            if (null == in)
            {
                throw new IllegalStateException("missing test resource " + resource);
            }
            final BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); null != line; line = r.readLine())
            {
                if (!line.isBlank() && !line.startsWith("#"))
                {
                    out.add(line.trim());
                }
            }
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    boolean hasType(final String typeName)
    {
        return entries.contains(typeName);
    }

    /**
     * Whether {@code owner#member} exists in EDC, directly or inherited from a supertype that EDC
     * declares it on (EDC lists members on their declaring type).
     */
    boolean hasMember(final JavaClass owner, final String member)
    {
        if (entries.contains(owner.getName() + "#" + member))
        {
            return true;
        }
        // an interface's raw superclasses do not include Object, whose public methods it has (JLS 9.2)
        if (owner.isInterface() && entries.contains("java.lang.Object#" + member))
        {
            return true;
        }
        for (final JavaClass sup : owner.getAllRawSuperclasses())
        {
            if (entries.contains(sup.getName() + "#" + member))
            {
                return true;
            }
        }
        for (final JavaClass itf : owner.getAllRawInterfaces())
        {
            if (entries.contains(itf.getName() + "#" + member))
            {
                return true;
            }
        }
        return false;
    }

    /** @return the reason {@code typeOrMember} is denied, or null */
    String denial(final String typeOrMember)
    {
        for (final Map.Entry<String, String> e : denied.entrySet())
        {
            if (matches(e.getKey(), typeOrMember))
            {
                return e.getValue();
            }
        }
        return null;
    }

    /**
     * A deny entry ending in '.' is a package prefix; any other entry names a whole type or a
     * member prefix, so {@code java.lang.Runtime} denies {@code Runtime#exit} but not
     * {@code RuntimeException}.
     */
    static boolean matches(final String entry, final String typeOrMember)
    {
        if (!typeOrMember.startsWith(entry))
        {
            return false;
        }
        if (entry.endsWith(".") || entry.indexOf('#') >= 0 || typeOrMember.length() == entry.length())
        {
            return true;
        }
        final char next = typeOrMember.charAt(entry.length());
        return next == '#' || next == '$';
    }
}
