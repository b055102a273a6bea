package dev.fireball.config.tool;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The board files shipped in {@code config/boards/}, as packaged into this module's jar under
 * {@value #RESOURCE_DIR}: lets host code and tests build any board's configuration in-process,
 * without knowing where the repository is.
 */
public final class ShippedBoards
{
    /** Where the build copies {@code config/boards/*.properties} on the class path. */
    public static final String RESOURCE_DIR = "fireball/boards/";

    /** The name the repository gives the board files' directory (for messages and lookups from the root). */
    public static final String SOURCE_DIR = "config/boards/";

    private ShippedBoards()
    {
    }

    /** Names of every shipped board, sorted ({@code ch32v307, host, nrf52840}). */
    public static List<String> names()
    {
        final URL dir = ShippedBoards.class.getClassLoader().getResource(RESOURCE_DIR);
        if (null == dir)
        {
            return List.of();
        }
        try
        {
            if ("jar".equals(dir.getProtocol()))
            {
                try (FileSystem fs = FileSystems.newFileSystem(dir.toURI(), Map.of()))
                {
                    return list(fs.getPath(RESOURCE_DIR));
                }
            }
            return list(Path.of(dir.toURI()));
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
        catch (final URISyntaxException e)
        {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> list(final Path dir) throws IOException
    {
        final List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir))
        {
            files.map(p -> p.getFileName().toString()).filter(ConfigTool::isBoardFileName).sorted()
                .forEach(n -> out.add(n.substring(0, n.length() - ".properties".length())));
        }
        return out;
    }

    /**
     * The parsed text of a shipped board file, named as in the repository.
     *
     * @throws IllegalArgumentException if no such board is shipped (with a did-you-mean)
     */
    public static BoardFile file(final String board)
    {
        try (InputStream in = ShippedBoards.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + board + ".properties"))
        {
            if (null == in || !Validator.isBoardName(board))
            {
                final String guess = DidYouMean.suggest(board, names());
                throw new IllegalArgumentException("no shipped board '" + board + "'" + (null == guess ? "" : "; did you "
                    + "mean " + guess + "?") + " (shipped: " + String.join(", ", names()) + ")");
            }
            return BoardFile.parse(SOURCE_DIR + board + ".properties", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    /** The validated configuration of a shipped board. */
    public static Board load(final String board)
    {
        return Validator.validate(board, file(board), List.of());
    }
}
