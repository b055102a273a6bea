package dev.fireball.host.driverwalk;

import dev.fireball.kernel.InterruptLines;

/**
 * A register-level model of a CH32V307-style USART (STATR, DATAR, BRR, CTLR1 at their offsets),
 * with a 4-byte receive FIFO (an nRF52840 UART has 6) and the wire on the other side. The test
 * steps it one tick at a time ({@link #tick}), from outside the kernel, as real hardware runs:
 * <ul>
 * <li>transmitter: a byte written to DATAR leaves on the wire at the next tick; then TXE (and TC)
 *     are set again;</li>
 * <li>receiver: the peer's scripted bytes arrive one per tick into the FIFO; a byte that finds it
 *     full is lost and sets ORE;</li>
 * <li>interrupt: level-triggered, as the USART's is: while (RXNEIE and RXNE) or (TXEIE and TXE) the
 *     line is raised, at every tick and at every CTLR1 write that enables a source whose flag is set.</li>
 * </ul>
 * Allocation: none after the constructor.
 */
final class UsartModel
{
    static final int STATR = 0x00;
    static final int DATAR = 0x04;
    static final int BRR = 0x08;
    static final int CTLR1 = 0x0C;

    static final int STATR_ORE = 1 << 3;
    static final int STATR_RXNE = 1 << 5;
    static final int STATR_TC = 1 << 6;
    static final int STATR_TXE = 1 << 7;

    static final int CTLR1_RE = 1 << 2;
    static final int CTLR1_TE = 1 << 3;
    static final int CTLR1_RXNEIE = 1 << 5;
    static final int CTLR1_TXEIE = 1 << 7;
    static final int CTLR1_UE = 1 << 13;

    static final int FIFO_DEPTH = 4;
    static final int PCLK_HZ = 144_000_000;

    private final InterruptLines lines;
    private final int irqMask;
    private int ctlr1;
    private int brr;
    private boolean overrun;
    private final byte[] fifo = new byte[FIFO_DEPTH];
    private int fifoHead;
    private int fifoCount;
    private int tdr;
    private boolean tdrFull;

    private byte[] peer = new byte[0];
    private long peerStart;
    private long peerRepeat;

    /** Bytes the transmitter put on the wire, with their ticks. */
    final ByteLog wire = new ByteLog();
    /** Received bytes lost because the FIFO was full (hardware overrun). */
    long lostInFifo;
    /** Interrupt raises. */
    long raises;

    UsartModel(final InterruptLines lines, final int irqLine)
    {
        this.lines = lines;
        this.irqMask = 1 << irqLine;
    }

    /** The peer sends {@code data}, one byte per tick from {@code start}; again every {@code repeat} ticks if > 0. */
    void peerSends(final byte[] data, final long start, final long repeat)
    {
        peer = data;
        peerStart = start;
        peerRepeat = repeat;
    }

    /** A burst: all of {@code data} arrives within one tick (more than the FIFO holds overruns it). */
    void burst(final byte[] data)
    {
        for (final byte b : data)
        {
            receive(b);
        }
        irq();
    }

    // ---- the bus side: what a driver sees ------------------------------------------------------

    int read(final int offset)
    {
        switch (offset)
        {
            case STATR:
                return (fifoCount > 0 ? STATR_RXNE : 0) | (tdrFull ? 0 : STATR_TXE | STATR_TC) | (overrun ? STATR_ORE : 0);
            case DATAR:
                overrun = false; // the STATR-then-DATAR read clears ORE
                if (0 == fifoCount)
                {
                    return 0;
                }
                final int b = fifo[fifoHead] & 0xFF;
                fifoHead = (fifoHead + 1) % FIFO_DEPTH;
                fifoCount--;
                return b;
            case BRR:
                return brr;
            case CTLR1:
                return ctlr1;
            default:
                throw new IllegalArgumentException("no USART register at 0x" + Integer.toHexString(offset));
        }
    }

    void write(final int offset, final int value)
    {
        switch (offset)
        {
            case DATAR:
                tdr = value & 0xFF; // a write while full overwrites, as the hardware does
                tdrFull = true;
                return;
            case BRR:
                brr = value;
                return;
            case CTLR1:
                ctlr1 = value;
                if (0 == (value & CTLR1_UE))
                {
                    fifoCount = 0;
                    tdrFull = false;
                }
                irq();
                return;
            default:
                throw new IllegalArgumentException("USART register 0x" + Integer.toHexString(offset) + " is read-only");
        }
    }

    // ---- the hardware's own time -------------------------------------------------------------

    void tick(final long now)
    {
        if (on(CTLR1_UE | CTLR1_TE) && tdrFull)
        {
            wire.add((byte) tdr, now);
            tdrFull = false;
        }
        if (on(CTLR1_UE | CTLR1_RE) && now >= peerStart && peer.length > 0)
        {
            long rel = now - peerStart;
            if (peerRepeat > 0)
            {
                rel %= peerRepeat;
            }
            if (rel < peer.length)
            {
                receive(peer[(int) rel]);
            }
        }
        irq();
    }

    private void receive(final byte b)
    {
        if (!on(CTLR1_UE | CTLR1_RE))
        {
            return;
        }
        if (FIFO_DEPTH == fifoCount)
        {
            overrun = true;
            lostInFifo++;
            return;
        }
        fifo[(fifoHead + fifoCount) % FIFO_DEPTH] = b;
        fifoCount++;
    }

    private boolean on(final int bits)
    {
        return bits == (ctlr1 & bits);
    }

    private void irq()
    {
        final boolean rx = 0 != (ctlr1 & CTLR1_RXNEIE) && (fifoCount > 0 || overrun);
        final boolean tx = 0 != (ctlr1 & CTLR1_TXEIE) && !tdrFull;
        if (on(CTLR1_UE) && (rx || tx))
        {
            raises++;
            lines.raise(irqMask);
        }
    }
}
