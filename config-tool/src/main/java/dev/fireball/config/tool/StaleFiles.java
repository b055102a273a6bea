package dev.fireball.config.tool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Removes what an earlier run of the tool wrote and this run did not (the class or report of a board
 * file since removed or renamed), and nothing else: a file counts as the tool's only if it begins with
 * the mark the tool writes first, so a user's own files in the same directory always stay.
 */
final class StaleFiles
{
    private StaleFiles()
    {
    }

    /**
     * Deletes every file of {@code dir} (not below it) whose name ends with {@code suffix}, that is not
     * in {@code keep} and whose content begins with {@code mark}.
     *
     * @return the files deleted
     */
    static List<Path> delete(final Path dir, final String suffix, final List<Path> keep, final String mark)
        throws IOException
    {
        final List<Path> candidates = new ArrayList<>();
        try (var files = Files.list(dir))
        {
            files.filter(p -> p.getFileName().toString().endsWith(suffix) && !keep.contains(p) && Files.isRegularFile(p))
                .forEach(candidates::add);
        }
        final byte[] head = mark.getBytes(StandardCharsets.UTF_8);
        final List<Path> deleted = new ArrayList<>();
        for (final Path p : candidates)
        {
            final byte[] bytes = Files.readAllBytes(p);
            if (bytes.length >= head.length && Arrays.equals(bytes, 0, head.length, head, 0, head.length))
            {
                Files.delete(p);
                deleted.add(p);
            }
        }
        return deleted;
    }
}
