package dev.fireball.hal;

import dev.fireball.kernel.Errno;
import dev.fireball.kernel.ModuleSpec;

/**
 * Parser of device URIs, {@code device://TYPE/INDEX} ({@code device://uart/0}), reading the
 * String with {@code charAt} and comparing the type against the registry's pre-encoded names, so a
 * parse allocates nothing.
 * <pre>
 *   uri     = "device://" type "/" index
 *   type    = 1..16 of [a-z0-9_-]
 *   index   = "0" | [1-9][0-9]*       (0..{@link #MAX_INDEX}, no sign, no leading zero)
 *   pattern = "device://" type "/" (index | "*")          (registration only)
 * </pre>
 * A parse returns {@code type << 16 | index} ({@code >= 0}); split it with {@link #typeOf} and
 * {@link #indexOf}. A pattern's {@code *} is the index {@link #ANY_INDEX}.
 * <p><b>Results</b>: {@code -Errno.EINVAL} for anything that is not the grammar above (null,
 * empty, other scheme, bad characters, too long, missing or extra parts, index out of range);
 * {@code -Errno.ENODEV} for a well-formed URI whose type no one registered.
 * <p><b>Allocation</b>: none.
 */
public final class DeviceUri
{
    public static final String SCHEME = "device://";
    /** Longest type name (one grammar with the kernel's grants: {@link ModuleSpec#MAX_TYPE_CHARS}). */
    public static final int MAX_TYPE_CHARS = ModuleSpec.MAX_TYPE_CHARS;
    /** Largest device index ({@link ModuleSpec#MAX_INDEX}). */
    public static final int MAX_INDEX = ModuleSpec.MAX_INDEX;
    /** The index of a pattern's {@code *}. */
    public static final int ANY_INDEX = 0xFFFF;
    /** Longest well-formed URI; longer input is rejected before it is scanned. */
    public static final int MAX_URI_CHARS = 9 + MAX_TYPE_CHARS + 1 + 5;

    private static final int INDEX_BITS = 16;
    private static final int INDEX_MASK = (1 << INDEX_BITS) - 1;
    private static final int SCHEME_CHARS = 9;

    private DeviceUri()
    {
    }

    /**
     * Parses a URI to open.
     *
     * @return {@code type << 16 | index}, {@code -Errno.EINVAL} (malformed) or
     *         {@code -Errno.ENODEV} (unknown type)
     */
    public static int parse(final String uri, final DeviceRegistry types)
    {
        return parse(uri, types, false);
    }

    /** Parses a registration pattern: like {@link #parse}, but {@code *} is allowed as the index. */
    public static int parsePattern(final String pattern, final DeviceRegistry types)
    {
        return parse(pattern, types, true);
    }

    public static int typeOf(final int parsed)
    {
        return parsed >>> INDEX_BITS;
    }

    public static int indexOf(final int parsed)
    {
        return parsed & INDEX_MASK;
    }

    private static int parse(final String uri, final DeviceRegistry types, final boolean wildcard)
    {
        if (null == uri)
        {
            return -Errno.EINVAL;
        }
        final int length = uri.length();
        if (length > MAX_URI_CHARS || length < SCHEME_CHARS + 3)
        {
            return -Errno.EINVAL;
        }
        for (int i = 0; i < SCHEME_CHARS; i++)
        {
            if (SCHEME.charAt(i) != uri.charAt(i))
            {
                return -Errno.EINVAL;
            }
        }
        // type: up to the next '/'
        int p = SCHEME_CHARS;
        while (p < length && '/' != uri.charAt(p))
        {
            if (!isTypeChar(uri.charAt(p)))
            {
                return -Errno.EINVAL;
            }
            p++;
        }
        final int typeEnd = p;
        final int typeChars = typeEnd - SCHEME_CHARS;
        if (0 == typeChars || typeChars > MAX_TYPE_CHARS || typeEnd >= length - 1)
        {
            return -Errno.EINVAL;  // empty or long type, or nothing after the '/'
        }
        final int index = parseIndex(uri, typeEnd + 1, length, wildcard);
        if (index < 0)
        {
            return index;
        }
        final int type = types.findType(uri, SCHEME_CHARS, typeEnd);
        if (type < 0)
        {
            return -Errno.ENODEV;
        }
        return (type << INDEX_BITS) | index;
    }

    /** @return the index in {@code uri[start, end)}, or {@code -Errno.EINVAL}; {@code end > start} */
    private static int parseIndex(final String uri, final int start, final int end, final boolean wildcard)
    {
        final char first = uri.charAt(start);
        if ('*' == first)
        {
            return wildcard && end == start + 1 ? ANY_INDEX : -Errno.EINVAL;
        }
        if ('0' == first && end > start + 1)
        {
            return -Errno.EINVAL;  // leading zero: one device, one spelling
        }
        if (end - start > 5)
        {
            return -Errno.EINVAL;
        }
        int value = 0;
        for (int i = start; i < end; i++)
        {
            final char c = uri.charAt(i);
            if (c < '0' || c > '9')
            {
                return -Errno.EINVAL;
            }
            value = value * 10 + (c - '0');
        }
        return value > MAX_INDEX ? -Errno.EINVAL : value;
    }

    static boolean isTypeChar(final char c)
    {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || '_' == c || '-' == c;
    }
}
