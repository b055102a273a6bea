package dev.fireball.host.example;

import dev.fireball.kernel.Console;
import java.nio.charset.StandardCharsets;

/**
 * A console into a preallocated buffer (StreamConsole.capturing() grows a ByteArrayOutputStream), so
 * that a fault report after seal allocates nothing. Shared by the host tests' example applications.
 */
public final class FixedConsole implements Console
{
    private final byte[] buf = new byte[16 * 1024];
    private int len;

    @Override
    public void write(final byte[] b, final int off, final int n)
    {
        final int k = Math.min(n, buf.length - len);
        System.arraycopy(b, off, buf, len, k);
        len += k;
    }

    public String text()
    {
        return new String(buf, 0, len, StandardCharsets.US_ASCII);
    }
}
