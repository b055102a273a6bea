package dev.fireball.config.tool;

import java.io.IOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The text of one board file or application override file, split into {@code KEY = VALUE} entries.
 * Syntax only: whether a key exists, a value is a number or in range is {@link Validator}'s job.
 *
 * <h2>Format</h2>
 * <pre>
 * # comment to the end of the line (also after a value)
 * MAX_COROUTINES = 8        # spaces around '=' are optional
 * CPU_HZ = 64_000_000       # '_' may group digits; 0x... is hexadecimal
 * </pre>
 * A key is a letter or '_' followed by letters, digits, '_' or '.'; anything else on a line is a
 * syntax problem, reported with its line. Parsing never throws for any input text: every defect
 * becomes a {@link Problem}.
 *
 * @param source   where the text came from, used in every problem ({@code config/boards/nrf52840.properties})
 * @param entries  the well-formed lines, in file order
 * @param problems the malformed ones
 */
public record BoardFile(String source, List<Entry> entries, List<Problem> problems)
{
    /** Longest key accepted; longer is certainly not a schema key and not worth a suggestion. */
    static final int MAX_KEY_LENGTH = 64;

    /**
     * One {@code KEY = VALUE} line.
     *
     * @param key   as written
     * @param value as written, trimmed, comment removed
     * @param line  1-based
     */
    public record Entry(String key, String value, int line)
    {
    }

    public BoardFile
    {
        entries = List.copyOf(entries);
        problems = List.copyOf(problems);
    }

    /** Reads and parses a file; malformed UTF-8 is a problem, not an exception. */
    public static BoardFile read(final Path path) throws IOException
    {
        return read(path, path.toString());
    }

    /**
     * Reads and parses a file, naming it {@code source} in problems (the build passes
     * {@code config/boards/x.properties} rather than an absolute path).
     */
    public static BoardFile read(final Path path, final String source) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(path);
        try
        {
            final String text = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(java.nio.ByteBuffer.wrap(bytes))
                .toString();
            return parse(source, text);
        }
        catch (final java.nio.charset.CharacterCodingException e)
        {
            return new BoardFile(source, List.of(), List.of(new Problem(source, 0, null, null,
                "is not UTF-8 text (" + e.getMessage() + ")")));
        }
    }

    /** Parses {@code text}; never throws. */
    public static BoardFile parse(final String source, final String text)
    {
        final List<Entry> entries = new ArrayList<>();
        final List<Problem> problems = new ArrayList<>();
        int lineNo = 0;
        // A UTF-8 byte order mark (some editors write one) is not part of the first key.
        int start = text.startsWith("\uFEFF") ? 1 : 0;
        final int n = text.length();
        while (start <= n)
        {
            int end = start;
            while (end < n && '\n' != text.charAt(end) && '\r' != text.charAt(end))
            {
                end++;
            }
            lineNo++;
            parseLine(source, text.substring(start, end), lineNo, entries, problems);
            if (end >= n)
            {
                break;
            }
            // \r\n counts as one line break.
            start = end + ('\r' == text.charAt(end) && end + 1 < n && '\n' == text.charAt(end + 1) ? 2 : 1);
        }
        return new BoardFile(source, entries, problems);
    }

    private static void parseLine(final String source, final String raw, final int lineNo, final List<Entry> entries,
                                  final List<Problem> problems)
    {
        final int hash = raw.indexOf('#');
        final String line = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
        if (line.isEmpty())
        {
            return;
        }
        final int eq = line.indexOf('=');
        if (eq < 0)
        {
            problems.add(new Problem(source, lineNo, null, null,
                "expected KEY = VALUE, found '" + shorten(line) + "'"));
            return;
        }
        final String key = line.substring(0, eq).strip();
        final String value = line.substring(eq + 1).strip();
        if (key.isEmpty())
        {
            problems.add(new Problem(source, lineNo, null, null, "missing key before '=' in '" + shorten(line) + "'"));
            return;
        }
        if (!isKey(key))
        {
            problems.add(new Problem(source, lineNo, null, null, "malformed key '" + shorten(key)
                + "': a key is a letter or '_' followed by letters, digits, '_' or '.' (at most "
                + MAX_KEY_LENGTH + " characters)"));
            return;
        }
        if (value.isEmpty())
        {
            problems.add(new Problem(source, lineNo, key, null, "missing value after '='"));
            return;
        }
        entries.add(new Entry(key, value, lineNo));
    }

    private static boolean isKey(final String k)
    {
        if (k.length() > MAX_KEY_LENGTH || !isAsciiLetter(k.charAt(0)) && '_' != k.charAt(0))
        {
            return false;
        }
        for (int i = 1; i < k.length(); i++)
        {
            final char c = k.charAt(i);
            if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && '_' != c && '.' != c)
            {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiLetter(final char c)
    {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    /**
     * Quotes at most 40 characters of user text, with control and invisible characters (format
     * characters such as a zero-width space, line and paragraph separators, spaces other than ' ', lone
     * surrogates) escaped, so the quote shows what is wrong with it.
     */
    static String shorten(final String s)
    {
        final StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && i < 40; i++)
        {
            final char c = s.charAt(i);
            if (invisible(s, i))
            {
                b.append(String.format("\\u%04x", (int) c));
            }
            else
            {
                b.append(c);
            }
        }
        if (s.length() > 40)
        {
            b.append("...");
        }
        return b.toString();
    }

    private static boolean invisible(final String s, final int i)
    {
        final char c = s.charAt(i);
        if (Character.isHighSurrogate(c))
        {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c))
        {
            return 0 == i || !Character.isHighSurrogate(s.charAt(i - 1));
        }
        return switch (Character.getType(c))
        {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                Character.UNASSIGNED, Character.PRIVATE_USE -> true;
            case Character.SPACE_SEPARATOR -> ' ' != c;
            default -> false;
        };
    }
}
