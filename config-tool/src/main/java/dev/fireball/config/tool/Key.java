package dev.fireball.config.tool;

/**
 * One entry of the schema: a board fact (set only in a board file) or a tunable (board file,
 * application override, or its default).
 *
 * <p><b>Invariants</b>: {@code min <= max}; both fit in an {@code int} (the device reads every value
 * as an {@code int} field); a default, when present, lies in {@code [min, max]} and satisfies
 * {@link #rule}. A key without a default is required in every board file.
 *
 * @param name     the name written in board files and generated as a constant ({@code MAX_COROUTINES})
 * @param kind     board fact or tunable
 * @param group    the subsystem it sizes, for grouping in docs and reports ("board", "kernel", "hal", ...)
 * @param unit     what one unit of the value is ("KiB", "bytes", "Hz", "slots" ...)
 * @param defaultValue the value when no file sets it, or {@code null} when the key is required
 * @param min      smallest accepted value
 * @param max      largest accepted value
 * @param rule     an extra shape constraint (power of two, multiple of 8...)
 * @param doc      one or two sentences: what it sizes and why the range is what it is
 */
public record Key(String name, Kind kind, String group, String unit, Long defaultValue, long min, long max, Rule rule,
                  String doc)
{
    /** Board facts describe the hardware and its Java runtime; tunables are the application's choice. */
    public enum Kind
    {
        BOARD_FACT,
        TUNABLE
    }

    /** A shape constraint on a value beyond its range. */
    public enum Rule
    {
        NONE(""),
        POWER_OF_TWO("a power of two"),
        POWER_OF_TWO_OR_ZERO("0 or a power of two"),
        MULTIPLE_OF_4("a multiple of 4"),
        MULTIPLE_OF_8("a multiple of 8");

        private final String text;

        Rule(final String text)
        {
            this.text = text;
        }

        /** @return true if {@code v} satisfies the rule */
        public boolean accepts(final long v)
        {
            return switch (this)
            {
                case NONE -> true;
                case POWER_OF_TWO -> v > 0 && 0 == (v & (v - 1));
                case POWER_OF_TWO_OR_ZERO -> v >= 0 && 0 == (v & (v - 1));
                case MULTIPLE_OF_4 -> 0 == v % 4;
                case MULTIPLE_OF_8 -> 0 == v % 8;
            };
        }

        /** What a value must be, for error messages ("a power of two"). */
        public String text()
        {
            return text;
        }
    }

    public Key
    {
        if (min > max || min < Integer.MIN_VALUE || max > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException("bad range for " + name + ": " + min + ".." + max);
        }
        if (null != defaultValue && (defaultValue < min || defaultValue > max || !rule.accepts(defaultValue)))
        {
            throw new IllegalArgumentException("default of " + name + " breaks its own range or rule: " + defaultValue);
        }
    }

    /** @return true if every board file must set this key */
    public boolean required()
    {
        return null == defaultValue;
    }

    /** The Java field name of this key on {@code BoardConfig}: {@code MAX_COROUTINES -> maxCoroutines}. */
    public String fieldName()
    {
        final StringBuilder b = new StringBuilder(name.length());
        boolean upper = false;
        for (int i = 0; i < name.length(); i++)
        {
            final char c = name.charAt(i);
            if ('_' == c)
            {
                upper = true;
            }
            else
            {
                b.append(upper ? c : Character.toLowerCase(c));
                upper = false;
            }
        }
        return b.toString();
    }

    /** The accepted values in words: {@code 1..65536}, plus the rule if any. */
    public String rangeText()
    {
        final String range = Numbers.group(min) + ".." + Numbers.group(max);
        return Rule.NONE == rule ? range : range + ", " + rule.text();
    }
}
