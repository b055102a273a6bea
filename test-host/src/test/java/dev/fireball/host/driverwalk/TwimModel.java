package dev.fireball.host.driverwalk;

import dev.fireball.kernel.InterruptLines;

/**
 * A register-level model of an nRF52840-style TWIM (I2C master with EasyDMA) at its register
 * offsets, and the bus behind it with TMP102-like temperature sensors. The test steps it one tick
 * at a time ({@link #tick}); a transfer started by a task completes at the next tick:
 * <ul>
 * <li>success: TXD/RXD.AMOUNT set, EVENTS_STOPPED;</li>
 * <li>no device at ADDRESS: ERRORSRC.ANACK, EVENTS_ERROR and EVENTS_STOPPED;</li>
 * <li>a write to a target that does not acknowledge data ({@link Tmp102#nackData}): ERRORSRC.DNACK,
 *     EVENTS_ERROR and EVENTS_STOPPED (the model transfers nothing: AMOUNT 0);</li>
 * <li>{@link #sclStuckLow}: a target holds the clock low; nothing ever completes until
 *     TASKS_STOP aborts the transfer.</li>
 * </ul>
 * EasyDMA reads and writes "RAM": here the byte[] the driver handed to {@link #dmaRam}, with the
 * PTR registers as offsets into it. The interrupt (STOPPED and ERROR when enabled in INTEN) is
 * raised on the line given at construction. Allocation: none after the constructor.
 */
final class TwimModel
{
    static final int TASKS_STARTRX = 0x000;
    static final int TASKS_STARTTX = 0x008;
    static final int TASKS_STOP = 0x014;
    static final int EVENTS_STOPPED = 0x104;
    static final int EVENTS_ERROR = 0x124;
    static final int INTEN = 0x300;
    static final int ERRORSRC = 0x4C4;
    static final int ENABLE = 0x500;
    static final int FREQUENCY = 0x524;
    static final int RXD_PTR = 0x534;
    static final int RXD_MAXCNT = 0x538;
    static final int RXD_AMOUNT = 0x53C;
    static final int TXD_PTR = 0x544;
    static final int TXD_MAXCNT = 0x548;
    static final int TXD_AMOUNT = 0x54C;
    static final int ADDRESS = 0x588;

    static final int INTEN_STOPPED = 1 << 1;
    static final int INTEN_ERROR = 1 << 9;
    static final int ERRORSRC_ANACK = 1 << 1;
    static final int ERRORSRC_DNACK = 1 << 2;
    static final int ENABLE_TWIM = 6;
    static final int FREQUENCY_K100 = 0x01980000;
    static final int FREQUENCY_K250 = 0x04000000;
    static final int FREQUENCY_K400 = 0x06400000;

    private static final int NONE = 0;
    private static final int TX = 1;
    private static final int RX = 2;

    /** A TMP102: pointer register, temperature (0x00, read-only) and configuration (0x01). */
    static final class Tmp102
    {
        final int address;
        int pointer;
        int temperature;
        int config = 0x60A0;
        /** Acknowledges its address but not the data bytes written to it (a busy or broken target). */
        boolean nackData;

        Tmp102(final int address, final double celsius)
        {
            this.address = address;
            setCelsius(celsius);
        }

        void setCelsius(final double celsius)
        {
            temperature = ((int) Math.round(celsius * 16) & 0xFFF) << 4; // 12 bits, left-aligned
        }

        void write(final byte[] ram, final int off, final int n)
        {
            pointer = ram[off] & 0x03;
            if (3 == n && 1 == pointer)
            {
                config = (ram[off + 1] & 0xFF) << 8 | (ram[off + 2] & 0xFF);
            }
        }

        void read(final byte[] ram, final int off, final int n)
        {
            final int v = 0 == pointer ? temperature : 1 == pointer ? config : 0;
            for (int i = 0; i < n; i++)
            {
                ram[off + i] = (byte) (0 == (i & 1) ? v >> 8 : v);
            }
        }
    }

    private final InterruptLines lines;
    private final int irqMask;
    private final Tmp102[] targets;
    private byte[] ram = new byte[0];
    private final int[] reg = new int[0x600 / 4];
    private int transfer = NONE;

    /** A target holds SCL low: transfers never complete. */
    boolean sclStuckLow;
    /** Transfers started, and transfers aborted by TASKS_STOP while hung. */
    int started;
    int aborted;

    TwimModel(final InterruptLines lines, final int irqLine, final Tmp102... targets)
    {
        this.lines = lines;
        this.irqMask = 1 << irqLine;
        this.targets = targets;
    }

    /** The driver's DMA-capable RAM (on silicon: a buffer EasyDMA can reach, PTR its address). */
    void dmaRam(final byte[] r)
    {
        ram = r;
    }

    int read(final int offset)
    {
        return reg[offset / 4];
    }

    void write(final int offset, final int value)
    {
        switch (offset)
        {
            case TASKS_STARTTX:
            case TASKS_STARTRX:
                if (ENABLE_TWIM == reg[ENABLE / 4] && 0 != value)
                {
                    transfer = TASKS_STARTTX == offset ? TX : RX;
                    started++;
                }
                return;
            case TASKS_STOP:
                if (NONE != transfer && 0 != value)
                {
                    transfer = NONE; // the driver's bus recovery, modelled as an abort
                    aborted++;
                }
                return;
            case ERRORSRC:
                reg[ERRORSRC / 4] &= ~value; // write 1 to clear
                return;
            case RXD_AMOUNT:
            case TXD_AMOUNT:
                throw new IllegalArgumentException("TWIM register 0x" + Integer.toHexString(offset) + " is read-only");
            default:
                reg[offset / 4] = value;
        }
    }

    void tick(final long now)
    {
        if (NONE == transfer || sclStuckLow)
        {
            return;
        }
        final Tmp102 t = target(reg[ADDRESS / 4]);
        if (null == t)
        {
            reg[ERRORSRC / 4] |= ERRORSRC_ANACK;
            reg[EVENTS_ERROR / 4] = 1;
            reg[TXD_AMOUNT / 4] = 0;
            reg[RXD_AMOUNT / 4] = 0;
        }
        else if (TX == transfer && t.nackData)
        {
            reg[ERRORSRC / 4] |= ERRORSRC_DNACK;
            reg[EVENTS_ERROR / 4] = 1;
            reg[TXD_AMOUNT / 4] = 0;
        }
        else if (TX == transfer)
        {
            final int n = reg[TXD_MAXCNT / 4];
            t.write(ram, reg[TXD_PTR / 4], n);
            reg[TXD_AMOUNT / 4] = n;
        }
        else
        {
            final int n = reg[RXD_MAXCNT / 4];
            t.read(ram, reg[RXD_PTR / 4], n);
            reg[RXD_AMOUNT / 4] = n;
        }
        reg[EVENTS_STOPPED / 4] = 1;
        transfer = NONE;
        final int inten = reg[INTEN / 4];
        if ((0 != (inten & INTEN_STOPPED) && 0 != reg[EVENTS_STOPPED / 4])
            || (0 != (inten & INTEN_ERROR) && 0 != reg[EVENTS_ERROR / 4]))
        {
            lines.raise(irqMask);
        }
    }

    private Tmp102 target(final int address)
    {
        for (final Tmp102 t : targets)
        {
            if (t.address == address)
            {
                return t;
            }
        }
        return null;
    }
}
