package dev.fireball.host;

import dev.fireball.kernel.Console;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Host console: kernel diagnostics to a {@link PrintStream}, or captured in memory for tests. */
public final class StreamConsole implements Console
{
    private final PrintStream out;
    private final ByteArrayOutputStream captured;

    private StreamConsole(final PrintStream out, final ByteArrayOutputStream captured)
    {
        this.out = out;
        this.captured = captured;
    }

    public static StreamConsole to(final PrintStream out)
    {
        return new StreamConsole(out, null);
    }

    /** A console that keeps everything written, for assertions. */
    public static StreamConsole capturing()
    {
        return new StreamConsole(null, new ByteArrayOutputStream());
    }

    @Override
    public void write(final byte[] buf, final int off, final int len)
    {
        if (null != out)
        {
            out.write(buf, off, len);
            out.flush();
        }
        else
        {
            captured.write(buf, off, len);
        }
    }

    /** Everything written so far (capturing consoles only). */
    public String text()
    {
        return null == captured ? "" : captured.toString(StandardCharsets.US_ASCII);
    }
}
