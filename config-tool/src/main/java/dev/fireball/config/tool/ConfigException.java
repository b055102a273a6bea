package dev.fireball.config.tool;

import java.util.List;

/**
 * A board file (with its overrides) that cannot be used: every problem found, not just the first,
 * so one build run shows everything to fix. The message lists them one per line.
 */
public final class ConfigException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    public ConfigException(final List<Problem> problems)
    {
        super(render(problems));
        if (problems.isEmpty())
        {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** Every problem, in file order. */
    public List<Problem> problems()
    {
        return problems;
    }

    private static String render(final List<Problem> problems)
    {
        final StringBuilder b = new StringBuilder();
        b.append(problems.size()).append(1 == problems.size() ? " problem" : " problems").append(" in board configuration:");
        for (final Problem p : problems)
        {
            b.append(System.lineSeparator()).append("  ").append(p);
        }
        return b.toString();
    }
}
