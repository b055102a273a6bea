package dev.fireball.kernel;

/**
 * The port's diagnostic byte sink: fault reports, dumps and deadlock
 * reports go here, never to {@code System.out}. On silicon it is a UART or RTT; on the host a stream.
 * <p><b>Context</b>: kernel only. Must not allocate.
 */
public interface Console
{
    /** Writes {@code len} bytes of {@code buf} starting at {@code off}. */
    void write(byte[] buf, int off, int len);
}
