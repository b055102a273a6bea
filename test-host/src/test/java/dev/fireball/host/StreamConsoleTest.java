package dev.fireball.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fireball.kernel.Coroutine;
import dev.fireball.kernel.Scheduler;
import dev.fireball.kernel.VirtualClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The host console never drops a diagnostic silently: a failed write ends the kernel call that reported. */
class StreamConsoleTest
{
    /** A stream whose device went away. */
    static final class BrokenStream extends OutputStream
    {
        @Override
        public void write(final int b) throws IOException
        {
            throw new IOException("stream closed");
        }
    }

    private static byte[] ascii(final String s)
    {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void writesAndFlushesToAStream()
    {
        final ByteArrayOutputStream sink = new ByteArrayOutputStream();
        StreamConsole.to(sink).write(ascii("xfaultx"), 1, 5);
        assertEquals("fault", sink.toString(StandardCharsets.US_ASCII));
    }

    @Test
    void aFailingStreamThrowsWithItsCause()
    {
        final UncheckedIOException e = assertThrows(UncheckedIOException.class,
            () -> StreamConsole.to(new BrokenStream()).write(ascii("fault"), 0, 5));
        assertEquals("stream closed", e.getCause().getMessage());
        assertTrue(e.getMessage().contains("5 bytes"), e.getMessage());
    }

    @Test
    void aPrintStreamThatSwallowedItsErrorIsCheckedAfterTheWrite()
    {
        // PrintStream catches the IOException and only sets its error flag.
        final StreamConsole console = StreamConsole.to(new PrintStream(new BrokenStream()));
        final UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> console.write(ascii("fault"), 0, 5));
        assertTrue(e.getMessage().contains("checkError"), e.getMessage());
    }

    @Test
    void aFaultReportThatCannotBeWrittenEndsTheRunInsteadOfVanishing()
    {
        final Scheduler s = new Scheduler(2, new VirtualClock(), StreamConsole.to(new PrintStream(new BrokenStream())));
        s.spawn(new Coroutine("faulty")
        {
            @Override
            protected int resume(final Scheduler sch)
            {
                throw new IllegalStateException("boom");
            }
        });
        assertThrows(UncheckedIOException.class, s::run);
    }

    @Test
    void aCapturingConsoleKeepsEverything()
    {
        final StreamConsole console = StreamConsole.capturing();
        console.write(ascii("ab"), 0, 2);
        console.write(ascii("cd"), 1, 1);
        assertEquals("abd", console.text());
        assertEquals("", StreamConsole.to(new ByteArrayOutputStream()).text());
    }

    @Test
    void aMissingStreamIsRefused()
    {
        assertThrows(IllegalArgumentException.class, () -> StreamConsole.to(null));
    }
}
