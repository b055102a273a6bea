package dev.fireball.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fireball.kernel.support.RecordingConsole;
import org.junit.jupiter.api.Test;

class AsciiSinkTest
{
    @Test
    void aTextThatFitsIsWrittenAsIs()
    {
        final AsciiSink sink = new AsciiSink(16);
        sink.text("fault: ").dec(-42).nl();
        final RecordingConsole console = new RecordingConsole();
        sink.writeTo(console);
        assertFalse(sink.truncated());
        assertEquals("fault: -42\n", console.text());
    }

    @Test
    void aTextExactlyAtCapacityIsNotCut()
    {
        final AsciiSink sink = new AsciiSink(4);
        sink.text("abc").nl();
        final RecordingConsole console = new RecordingConsole();
        sink.writeTo(console);
        assertFalse(sink.truncated());
        assertEquals("abc\n", console.text());
    }

    @Test
    void aCutTextShowsTheCutAndStillEndsItsLine()
    {
        // Two reports in a row: without the mark the second was glued to the first's last line.
        final AsciiSink sink = new AsciiSink(12);
        final RecordingConsole console = new RecordingConsole();
        sink.text("fault: coroutine 'a-very-long-name'").nl();
        sink.writeTo(console);
        assertTrue(sink.truncated());
        sink.clear();
        sink.text("next").nl();
        sink.writeTo(console);
        assertEquals("fault: c...\nnext\n", console.text());
    }

    @Test
    void aSinkSmallerThanTheMarkStillEndsTheLine()
    {
        final AsciiSink sink = new AsciiSink(2);
        sink.text("abcdef");
        final RecordingConsole console = new RecordingConsole();
        sink.writeTo(console);
        assertEquals("...\n", console.text());
    }
}
