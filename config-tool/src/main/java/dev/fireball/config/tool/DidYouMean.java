package dev.fireball.config.tool;

import java.util.Collection;
import java.util.Locale;

/**
 * Suggests the known name closest to a misspelt one, by Levenshtein distance on upper-cased names
 * (so {@code max_coroutines} and {@code MAX_COROUTINE} both find {@code MAX_COROUTINES}).
 */
public final class DidYouMean
{
    private DidYouMean()
    {
    }

    /**
     * @return the closest of {@code candidates} if it is close enough to be what was meant (at most
     *         2 edits, or a third of the name for long names), else null. Ties go to the first.
     */
    public static String suggest(final String unknown, final Collection<String> candidates)
    {
        final String u = unknown.toUpperCase(Locale.ROOT);
        final int limit = Math.max(2, u.length() / 3);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (final String c : candidates)
        {
            final int d = distance(u, c.toUpperCase(Locale.ROOT));
            if (d < bestDistance)
            {
                bestDistance = d;
                best = c;
            }
        }
        return bestDistance <= limit ? best : null;
    }

    /** Levenshtein distance: the fewest single-character inserts, deletes and substitutions from a to b. */
    public static int distance(final String a, final String b)
    {
        int[] previous = new int[b.length() + 1];
        int[] row = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++)
        {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++)
        {
            row[0] = i;
            for (int j = 1; j <= b.length(); j++)
            {
                final int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                row[j] = Math.min(substitute, Math.min(previous[j] + 1, row[j - 1] + 1));
            }
            final int[] t = previous;
            previous = row;
            row = t;
        }
        return previous[b.length()];
    }
}
