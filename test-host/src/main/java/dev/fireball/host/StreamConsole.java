package dev.fireball.host;

import dev.fireball.kernel.Console;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Host console: kernel diagnostics to a stream, or captured in memory for tests.
 * <p>A write that fails throws {@link UncheckedIOException} out of the kernel call that reported
 * (a fault report, a dump, a deadlock report): a diagnostic that silently went nowhere would hide
 * the very fault it describes. A {@link PrintStream} never throws, it only sets its error flag,
 * so for one the flag is checked after every write.
 */
public final class StreamConsole implements Console
{
    private final OutputStream out;
    private final ByteArrayOutputStream captured;

    private StreamConsole(final OutputStream out, final ByteArrayOutputStream captured)
    {
        this.out = out;
        this.captured = captured;
    }

    /** A console that writes to {@code out} and flushes after every write. */
    public static StreamConsole to(final OutputStream out)
    {
        if (null == out)
        {
            throw new IllegalArgumentException("console stream is required");
        }
        return new StreamConsole(out, null);
    }

    /** A console that keeps everything written, for assertions. */
    public static StreamConsole capturing()
    {
        return new StreamConsole(null, new ByteArrayOutputStream());
    }

    /**
     * @throws UncheckedIOException if the stream fails (for a {@link PrintStream}: its error flag is set)
     */
    @Override
    public void write(final byte[] buf, final int off, final int len)
    {
        if (null == out)
        {
            captured.write(buf, off, len);
            return;
        }
        try
        {
            out.write(buf, off, len);
            out.flush();
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("console write of " + len + " bytes failed", e);
        }
        if (out instanceof PrintStream && ((PrintStream) out).checkError())
        {
            throw new UncheckedIOException(new IOException(
                "console write of " + len + " bytes failed: the PrintStream reports an error (checkError())"));
        }
    }

    /** Everything written so far (capturing consoles only). */
    public String text()
    {
        return null == captured ? "" : captured.toString(StandardCharsets.US_ASCII);
    }
}
