package dev.fireball.bench;

import java.nio.charset.StandardCharsets;

import dev.fireball.kernel.Console;

/**
 * The console of the schedulers under benchmark. The kernel writes only fault and deadlock reports,
 * and a benchmark that faults measures the fault path, so any write stops the run with the report
 * as the message instead of being dropped.
 */
public final class FailOnWriteConsole implements Console
{
    @Override
    public void write(final byte[] buf, final int off, final int len)
    {
        throw new IllegalStateException("the kernel reported during a benchmark: "
            + new String(buf, off, len, StandardCharsets.US_ASCII));
    }
}
