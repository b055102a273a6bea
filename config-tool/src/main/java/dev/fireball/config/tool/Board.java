package dev.fireball.config.tool;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated board configuration: a value for every schema key, and where each came from (board
 * file line, override file line, or the schema default). Built only by {@link Validator}, so every
 * value is in range and the consistency rules hold.
 */
public final class Board
{
    /**
     * Where a value was set.
     *
     * @param source the file, or null for a schema default
     * @param line   1-based line in {@code source}, 0 for a default
     */
    public record Origin(String source, int line)
    {
        static final Origin DEFAULT = new Origin(null, 0);

        public boolean isDefault()
        {
            return null == source;
        }

        @Override
        public String toString()
        {
            return isDefault() ? "default" : source + ":" + line;
        }
    }

    private final String name;
    private final String source;
    private final Map<String, Long> values;
    private final Map<String, Origin> origins;
    private final List<String> overrideSources;

    Board(final String name, final String source, final List<String> overrideSources, final Map<String, Long> values,
        final Map<String, Origin> origins)
    {
        this.name = name;
        this.source = source;
        this.overrideSources = List.copyOf(overrideSources);
        final Map<String, Long> v = new LinkedHashMap<>();
        final Map<String, Origin> o = new LinkedHashMap<>();
        for (final Key k : Schema.keys())
        {
            final Long value = values.get(k.name());
            if (null == value)
            {
                throw new IllegalArgumentException("board " + name + " has no value for " + k.name());
            }
            v.put(k.name(), value);
            o.put(k.name(), origins.getOrDefault(k.name(), Origin.DEFAULT));
        }
        this.values = Collections.unmodifiableMap(v);
        this.origins = Collections.unmodifiableMap(o);
    }

    /** The board's name: its file name without {@code .properties} ({@code nrf52840}). */
    public String name()
    {
        return name;
    }

    /** The board file it was read from. */
    public String source()
    {
        return source;
    }

    /**
     * The files its values come from: the board file, then each override in the order applied
     * ({@code config/boards/ch32v307.properties + /app/team.properties + /app/app.properties}).
     */
    public String sources()
    {
        // In the order applied (a later file wins), each named even if a later one overrode all it set.
        final List<String> files = new ArrayList<>();
        files.add(source);
        for (final String o : overrideSources)
        {
            if (!files.contains(o))
            {
                files.add(o);
            }
        }
        return String.join(" + ", files);
    }

    /** The value of {@code key}. */
    public long get(final String key)
    {
        final Long v = values.get(key);
        if (null == v)
        {
            throw new IllegalArgumentException("no such key: " + key);
        }
        return v;
    }

    /** The value of {@code key} as an int (every schema range fits one). */
    public int getInt(final String key)
    {
        return Math.toIntExact(get(key));
    }

    /** Where {@code key} was set. */
    public Origin origin(final String key)
    {
        Schema.get(key);
        return origins.get(key);
    }

    /** Every value, in schema order. */
    public Map<String, Long> values()
    {
        return values;
    }

    /** Every value in schema order, as {@code BoardConfig.of(name, values)} takes them. */
    public int[] valuesInSchemaOrder()
    {
        final int[] out = new int[Schema.keys().size()];
        int i = 0;
        for (final Key k : Schema.keys())
        {
            out[i++] = getInt(k.name());
        }
        return out;
    }

    /** The Java object layout of this board's runtime (from its layout facts). */
    public MemoryLayout layout()
    {
        final MemoryLayout l = new MemoryLayout("custom", getInt("OBJECT_HEADER_BYTES"), getInt("ARRAY_HEADER_BYTES"),
            getInt("REF_BYTES"), getInt("OBJECT_ALIGN_BYTES"));
        for (final MemoryLayout known : new MemoryLayout[] {MemoryLayout.MCU32, MemoryLayout.HOTSPOT_COMPRESSED})
        {
            if (known.sameSizesAs(l))
            {
                return known;
            }
        }
        return l;
    }

    public long sramBytes()
    {
        return get("SRAM_KB") * 1024;
    }

    @Override
    public String toString()
    {
        return "Board[" + name + " from " + source + "]";
    }
}
