package dev.fireball.config.tool;

/**
 * One thing wrong with a board file, located precisely enough to fix it without searching: which
 * file and line, which key, which value, and what the limit is.
 *
 * @param source  the file (as given to the parser, e.g. {@code config/boards/ch32v307.properties})
 * @param line    1-based line, or 0 when the problem is not on one line (a missing key, the budget)
 * @param key     the key involved, or null for a syntax error before a key could be read
 * @param value   the value as written, or null
 * @param message what is wrong and what would be right ("is out of range: must be 1..65,536")
 */
public record Problem(String source, int line, String key, String value, String message)
{
    /** {@code config/boards/x.properties:12: MAX_COROUTINES = 70000: is out of range: must be 1..65,536}. */
    @Override
    public String toString()
    {
        final StringBuilder b = new StringBuilder(source);
        if (line > 0)
        {
            b.append(':').append(line);
        }
        b.append(": ");
        if (null != key)
        {
            b.append(key);
            if (null != value)
            {
                b.append(" = ").append(value);
            }
            b.append(": ");
        }
        return b.append(message).toString();
    }
}
