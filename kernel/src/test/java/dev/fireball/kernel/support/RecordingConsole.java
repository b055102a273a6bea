package dev.fireball.kernel.support;

import dev.fireball.kernel.Console;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** A console that keeps what the kernel writes, for assertions. */
public final class RecordingConsole implements Console
{
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @Override
    public void write(final byte[] buf, final int off, final int len)
    {
        out.write(buf, off, len);
    }

    public String text()
    {
        return out.toString(StandardCharsets.US_ASCII);
    }

    /** Forgets what was written so far. */
    public void clear()
    {
        out.reset();
    }
}
