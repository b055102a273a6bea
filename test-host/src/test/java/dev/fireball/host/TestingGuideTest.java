package dev.fireball.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.fireball.testkit.AllocationMeter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/testing-apps.md shows only code that runs: each Java snippet is a run of lines, in order,
 * of one source file of the example application and its tests ({@code // ...} marks lines left
 * out), and each XML snippet is made of lines of Fireball's own POMs, its surefire execution
 * passing exactly {@link AllocationMeter#JVM_FLAGS}. Lines are compared with runs of whitespace
 * collapsed, so a snippet may be indented differently from its source.
 */
class TestingGuideTest
{
    private static final Path ROOT = Paths.get("..").toAbsolutePath().normalize();
    private static final Path GUIDE = ROOT.resolve("docs/testing-apps.md");
    private static final Path EXAMPLE = ROOT.resolve("test-host/src/test/java/dev/fireball/host/example");
    private static final String ELISION = "// ...";

    private static List<String> snippets(final String language) throws IOException
    {
        final Matcher m = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(GUIDE));
        final List<String> found = new ArrayList<>();
        while (m.find())
        {
            found.add(m.group(1));
        }
        return found;
    }

    private static List<String> lines(final String text)
    {
        return text.lines().map(l -> l.trim().replaceAll("\\s+", " ")).filter(l -> !l.isEmpty())
            .collect(Collectors.toList());
    }

    /** Whether {@code wanted} (elisions dropped) occurs in {@code source} in order. */
    private static boolean inOrder(final List<String> wanted, final List<String> source)
    {
        int at = 0;
        for (final String line : wanted)
        {
            if (ELISION.equals(line))
            {
                continue;
            }
            while (at < source.size() && !source.get(at).equals(line))
            {
                at++;
            }
            if (at == source.size())
            {
                return false;
            }
            at++;
        }
        return true;
    }

    @Test
    void everyJavaSnippetIsCodeOfTheExampleInOrder() throws IOException
    {
        final List<List<String>> sources = new ArrayList<>();
        try (Stream<Path> files = Files.list(EXAMPLE))
        {
            for (final Path f : files.filter(f -> f.toString().endsWith(".java")).collect(Collectors.toList()))
            {
                sources.add(lines(Files.readString(f)));
            }
        }
        final List<String> java = snippets("java");
        assertTrue(java.size() >= 5, "Java snippets in " + GUIDE + ": " + java.size());
        for (final String snippet : java)
        {
            final List<String> wanted = lines(snippet);
            if (sources.stream().noneMatch(source -> inOrder(wanted, source)))
            {
                final List<String> missing = wanted.stream().filter(l -> !ELISION.equals(l))
                    .filter(l -> sources.stream().noneMatch(s -> s.contains(l))).collect(Collectors.toList());
                fail("docs/testing-apps.md: no file of " + EXAMPLE + " holds this snippet in order; lines found in none: "
                    + missing + "\n" + snippet);
            }
        }
    }

    @Test
    void everyXmlSnippetIsMadeOfFireballsOwnPomLines() throws IOException
    {
        final List<String> poms = new ArrayList<>();
        for (final String pom : List.of("pom.xml", "testkit/pom.xml", "test-host/pom.xml"))
        {
            poms.addAll(lines(Files.readString(ROOT.resolve(pom))));
        }
        final List<String> xml = snippets("xml");
        assertEquals(2, xml.size(), "XML snippets: the dependency and the surefire executions");
        for (final String snippet : xml)
        {
            for (final String line : lines(snippet))
            {
                assertTrue(poms.contains(line), "docs/testing-apps.md: '" + line + "' is in no POM of Fireball");
            }
        }
        assertTrue(xml.get(0).contains("<artifactId>test-host</artifactId>"), xml.get(0));
        assertTrue(xml.get(1).contains("<argLine>@{argLine} " + AllocationMeter.JVM_FLAGS + "</argLine>"), xml.get(1));
        assertTrue(xml.get(1).contains("<include>**/*AllocationTest.java</include>"), xml.get(1));
    }
}
