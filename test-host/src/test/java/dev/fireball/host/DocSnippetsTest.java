package dev.fireball.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.fireball.config.tool.BoardFile;
import dev.fireball.config.tool.ConfigException;
import dev.fireball.config.tool.ShippedBoards;
import dev.fireball.config.tool.Validator;
import dev.fireball.testkit.AllocationMeter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The docs show only code that compiles and runs. Each Java snippet of {@link #DOCS} is code of one
 * source file of {@link #SOURCE_DIRS} (the example application, the docs' own examples, and their
 * tests): its lines appear in that file in order, consecutive lines consecutive, and a line
 * {@code // ...} marks where lines are left out (optionally followed by what they do). Lines are compared with runs of whitespace
 * collapsed and blank lines dropped, so a snippet may be indented differently from its source.
 *
 * <p>A snippet that cannot be such code is marked with {@value #FRAGMENT} on the line right
 * before its fence; {@link #FRAGMENTS} counts them per doc, so a new exemption is a decision made
 * here, not in passing. Every fence of a checked doc names its language, so that a Java snippet
 * cannot escape the check by lacking {@code java}.
 *
 * <p>docs/testing-apps.md's XML snippets are made of lines of Fireball's own POMs, its surefire
 * execution passing exactly {@link AllocationMeter#JVM_FLAGS}.
 */
class DocSnippetsTest
{
    private static final Path ROOT = Paths.get("..").toAbsolutePath().normalize();
    static final List<String> DOCS = List.of("README.md", "docs/testing-apps.md", "docs/modules.md",
        "docs/kernel-communication.md", "docs/hal.md");
    static final List<String> SOURCE_DIRS = List.of("test-host/src/test/java/dev/fireball/host/example",
        "test-host/src/test/java/dev/fireball/host/docs", "test-host/src/test/java/dev/fireball/host/driverwalk",
        "hal/src/test/java/dev/fireball/hal");
    static final String ELISION = "// ...";
    static final String FRAGMENT = "<!-- snippet: fragment -->";
    /** Snippets exempted with {@link #FRAGMENT}, per doc (none so far). */
    static final Map<String, Integer> FRAGMENTS = Map.of();
    private static final Set<String> LANGUAGES = Set.of("java", "xml", "sh", "text", "properties");

    /** A fenced block: its doc, its number among the doc's blocks of its language, where it starts. */
    record Snippet(String doc, String language, int number, int line, List<String> lines, boolean fragment)
    {
        String name()
        {
            return doc + ", " + language + " snippet " + number + " (line " + line + ")";
        }
    }

    /** A source file, its lines normalized. */
    record Source(String name, List<String> lines)
    {
    }

    /** {@code // ...}, alone or followed by what was left out. */
    static boolean isElision(final String normalizedLine)
    {
        return ELISION.equals(normalizedLine) || normalizedLine.startsWith(ELISION + " ");
    }

    static String normalize(final String line)
    {
        return line.trim().replaceAll("\\s+", " ");
    }

    static List<String> normalized(final List<String> lines)
    {
        return lines.stream().map(DocSnippetsTest::normalize).filter(l -> !l.isEmpty()).collect(Collectors.toList());
    }

    /** Every fenced block of {@code markdown}, numbered per language from 1. */
    static List<Snippet> snippets(final String doc, final String markdown)
    {
        final List<String> md = markdown.lines().collect(Collectors.toList());
        final List<Snippet> found = new ArrayList<>();
        for (int i = 0; i < md.size(); i++)
        {
            final String open = md.get(i).trim();
            if (!open.startsWith("```"))
            {
                continue;
            }
            final String language = open.substring(3).trim();
            final int start = i;
            final List<String> body = new ArrayList<>();
            for (i++; i < md.size() && !md.get(i).trim().equals("```"); i++)
            {
                body.add(md.get(i));
            }
            if (i == md.size())
            {
                fail(doc + ": the fence at line " + (start + 1) + " is never closed");
            }
            final int number = 1 + (int) found.stream().filter(s -> s.language().equals(language)).count();
            final boolean fragment = start > 0 && md.get(start - 1).trim().equals(FRAGMENT);
            found.add(new Snippet(doc, language, number, start + 1, body, fragment));
        }
        return found;
    }

    /**
     * Index (in {@code wanted}) of the first line that {@code source} does not hold where it should,
     * or -1 when it holds them all: each run of lines between elisions appears in it consecutively,
     * the runs in order. The earliest place of each run leaves the most room for the next ones.
     */
    static int firstUnmatched(final List<String> wanted, final List<String> source)
    {
        int at = 0;
        int from = 0;
        while (from < wanted.size())
        {
            if (isElision(wanted.get(from)))
            {
                from++;
                continue;
            }
            int to = from;
            while (to < wanted.size() && !isElision(wanted.get(to)))
            {
                to++;
            }
            final List<String> run = wanted.subList(from, to);
            int best = 0;
            int found = -1;
            for (int p = at; p < source.size() && found < 0; p++)
            {
                int n = 0;
                while (n < run.size() && p + n < source.size() && source.get(p + n).equals(run.get(n)))
                {
                    n++;
                }
                if (n == run.size())
                {
                    found = p;
                }
                best = Math.max(best, n);
            }
            if (found < 0)
            {
                return from + best;
            }
            at = found + run.size();
            from = to;
        }
        return -1;
    }

    /** Empty when a source holds the snippet; otherwise what a reader of the failure needs. */
    static Optional<String> check(final Snippet snippet, final List<Source> sources)
    {
        final List<String> wanted = normalized(snippet.lines());
        if (wanted.stream().allMatch(DocSnippetsTest::isElision))
        {
            return Optional.of(snippet.name() + ": empty");
        }
        final List<String> closest = new ArrayList<>();
        int furthest = -1;
        for (final Source source : sources)
        {
            final int at = firstUnmatched(wanted, source.lines());
            if (at < 0)
            {
                return Optional.empty();
            }
            if (at > furthest)
            {
                furthest = at;
                closest.clear();
            }
            if (at == furthest)
            {
                closest.add(source.name());
            }
        }
        final String names = closest.size() <= 3 ? String.join(", ", closest)
            : String.join(", ", closest.subList(0, 3)) + " and " + (closest.size() - 3) + " more";
        return Optional.of(snippet.name() + ": first unmatched line: " + wanted.get(furthest)
            + (furthest > 0 ? "\n  (closest: " + names + ", holding the " + furthest + " snippet line(s) before it)"
                : "\n  (no source holds even its first line)")
            + "\n  Each snippet must be lines of one file of " + SOURCE_DIRS + ", in order, consecutive but at '"
            + ELISION + "'; or mark it " + FRAGMENT + " and count it in DocSnippetsTest.FRAGMENTS.");
    }

    private static String read(final Path p)
    {
        try
        {
            return Files.readString(p);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    static List<Source> sources() throws IOException
    {
        final List<Source> sources = new ArrayList<>();
        for (final String dir : SOURCE_DIRS)
        {
            try (Stream<Path> files = Files.list(ROOT.resolve(dir)))
            {
                for (final Path f : files.filter(f -> f.toString().endsWith(".java")).sorted().collect(Collectors.toList()))
                {
                    sources.add(new Source(ROOT.relativize(f).toString(), normalized(read(f).lines().collect(Collectors.toList()))));
                }
            }
        }
        return sources;
    }

    static List<Snippet> snippetsOf(final String doc)
    {
        return snippets(doc, read(ROOT.resolve(doc)));
    }

    @TestFactory
    Stream<DynamicTest> everyJavaSnippetIsCodeOfOneSourceInOrder() throws IOException
    {
        final List<Source> sources = sources();
        final List<DynamicTest> tests = new ArrayList<>();
        for (final String doc : DOCS)
        {
            final List<Snippet> java = snippetsOf(doc).stream().filter(s -> "java".equals(s.language()))
                .collect(Collectors.toList());
            assertTrue(java.size() > 0, doc + ": no Java snippet found");
            for (final Snippet s : java)
            {
                if (!s.fragment())
                {
                    tests.add(DynamicTest.dynamicTest(s.name(), () -> check(s, sources).ifPresent(m -> fail(m))));
                }
            }
        }
        return tests.stream();
    }

    @Test
    void fragmentsAreFewAndCounted()
    {
        for (final String doc : DOCS)
        {
            final List<Snippet> all = snippetsOf(doc);
            final String text = read(ROOT.resolve(doc));
            final long markers = text.lines().filter(l -> l.trim().equals(FRAGMENT)).count();
            final long fragments = all.stream().filter(Snippet::fragment).count();
            assertEquals(markers, fragments, doc + ": a " + FRAGMENT + " marker must be the line right before a fence");
            assertEquals(FRAGMENTS.getOrDefault(doc, 0).longValue(), fragments,
                doc + ": exempted snippets; an exemption is counted in DocSnippetsTest.FRAGMENTS");
        }
    }

    @Test
    void everyFenceNamesItsLanguage()
    {
        for (final String doc : DOCS)
        {
            for (final Snippet s : snippetsOf(doc))
            {
                assertTrue(LANGUAGES.contains(s.language()), s.name() + ": a fence names one of " + LANGUAGES
                    + ", or a Java snippet could escape the check");
            }
        }
    }

    /** The check itself: it fails on a broken snippet, naming the doc, the snippet and the line. */
    @Test
    void aSnippetThatStopsMatchingIsReportedWithItsFirstUnmatchedLine()
    {
        final List<Source> sources = List.of(new Source("A.java", normalized(List.of(
            "class A", "{", "    int f()", "    {", "        int x = 1;", "        x++;", "        return x;", "    }", "}"))));
        final String md = "text\n\n```java\nint f()\n{\n    // ...\n    return x;\n}\n```\n\n"
            + "```java\nint f()\n{\n    return x;\n}\n```\n\n"
            + FRAGMENT + "\n```java\nanything at all\n```\n\n"
            + "```java\nint f()\n{\n    int x = 2;\n    x++;\n}\n```\n";
        final List<Snippet> s = snippets("doc.md", md);
        assertEquals(4, s.size());
        assertEquals(Optional.empty(), check(s.get(0), sources), "an elision skips lines");
        final String gap = check(s.get(1), sources).orElseThrow();
        assertTrue(gap.startsWith("doc.md, java snippet 2 (line 11): first unmatched line: return x;"), gap);
        assertTrue(gap.contains("closest: A.java, holding the 2 snippet line(s) before it"), gap);
        assertTrue(s.get(2).fragment());
        assertTrue(!s.get(0).fragment() && !s.get(3).fragment());
        final String wrong = check(s.get(3), sources).orElseThrow();
        assertTrue(wrong.startsWith("doc.md, java snippet 4 (line 23): first unmatched line: int x = 2;"), wrong);
    }

    /** {@code # app.properties for ch32v307: ...}: the board a properties snippet overrides. */
    private static final Pattern OVERRIDE_OF = Pattern.compile("# \\S+ for ([a-z0-9_-]+)\\b.*");

    /**
     * Every properties snippet is an application override that config-tool accepts on top of the
     * board its first line names ({@code # app.properties for ch32v307}).
     */
    @Test
    void everyPropertiesSnippetIsAnOverrideConfigToolAccepts()
    {
        int checked = 0;
        for (final String doc : DOCS)
        {
            for (final Snippet s : snippetsOf(doc).stream().filter(x -> "properties".equals(x.language())).toList())
            {
                final Matcher m = OVERRIDE_OF.matcher(s.lines().isEmpty() ? "" : s.lines().get(0).trim());
                assertTrue(m.matches(), s.name() + ": the first line names the board: # app.properties for <board>");
                final BoardFile app = BoardFile.parse(s.name(),
                    String.join("\n", s.lines()));
                try
                {
                    Validator.validate(m.group(1), ShippedBoards.file(m.group(1)), List.of(app));
                }
                catch (final ConfigException e)
                {
                    fail(e.getMessage());
                }
                checked++;
            }
        }
        assertTrue(checked > 0, "the README shows an override file");
    }

    @Test
    void everyXmlSnippetOfTheTestingGuideIsMadeOfFireballsOwnPomLines() throws IOException
    {
        final List<String> poms = new ArrayList<>();
        for (final String pom : List.of("pom.xml", "testkit/pom.xml", "test-host/pom.xml"))
        {
            poms.addAll(normalized(Files.readAllLines(ROOT.resolve(pom))));
        }
        final List<Snippet> xml = snippetsOf("docs/testing-apps.md").stream().filter(s -> "xml".equals(s.language()))
            .collect(Collectors.toList());
        assertEquals(2, xml.size(), "XML snippets: the dependency and the surefire executions");
        for (final Snippet snippet : xml)
        {
            for (final String line : normalized(snippet.lines()))
            {
                assertTrue(poms.contains(line), snippet.name() + ": '" + line + "' is in no POM of Fireball");
            }
        }
        final String dependency = String.join("\n", xml.get(0).lines());
        final String surefire = String.join("\n", xml.get(1).lines());
        assertTrue(dependency.contains("<artifactId>test-host</artifactId>"), dependency);
        assertTrue(surefire.contains("<argLine>@{argLine} " + AllocationMeter.JVM_FLAGS + "</argLine>"), surefire);
        assertTrue(surefire.contains("<include>**/*AllocationTest.java</include>"), surefire);
    }
}
