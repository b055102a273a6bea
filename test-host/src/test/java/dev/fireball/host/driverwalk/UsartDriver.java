package dev.fireball.host.driverwalk;

import dev.fireball.hal.Driver;
import dev.fireball.hal.Ioctl;
import dev.fireball.kernel.Errno;

/**
 * The lower half of a CH32V307-style USART ({@link UsartModel}), written from docs/hal.md and the
 * public {@link Driver} API only, as a BSP driver would be (Java 7 style, nothing allocated after
 * the constructor):
 * <ul>
 * <li>receive: the RXNE interrupt's bottom half drains DATAR while RXNE is set and hands the bytes
 *     to {@link #deliver}, which copies them into every reader's own ring;</li>
 * <li>transmit: {@link #write} queues into an 8-byte software queue and returns what fitted
 *     ({@code -EAGAIN} when full: the HAL turns that into WOULD_BLOCK or -EAGAIN); the TXE interrupt
 *     (enabled only while bytes are queued, since TXE is a level) moves the next byte to DATAR and
 *     calls {@code signalReady(minor, POLLOUT)} when room appears, which wakes the blocked writer
 *     and no reader;</li>
 * <li>ioctl: {@code TIOCBAUD} programs BRR.</li>
 * </ul>
 * Fault switches for the containment tests throw preallocated exceptions.
 */
final class UsartDriver extends Driver
{
    static final int TX_QUEUE = 8;

    static final IllegalStateException PARITY = new IllegalStateException("usart0: parity error in the bottom half")
    {
        @Override
        public synchronized Throwable fillInStackTrace()
        {
            return this;
        }
    };
    static final IllegalStateException WRITE_BUG = new IllegalStateException("usart0: write() bug")
    {
        @Override
        public synchronized Throwable fillInStackTrace()
        {
            return this;
        }
    };

    private final UsartModel regs;
    private final byte[] rx = new byte[UsartModel.FIFO_DEPTH];
    private final byte[] tx = new byte[TX_QUEUE];
    private int txHead;
    private int txTail;

    int setups;
    int shutdowns;
    int opens;
    int closes;
    long bottomHalves;
    long delivered;
    long hardwareOverruns;
    /** signalReady(POLLOUT) calls for TX room, and the coroutines they woke. */
    long txSignals;
    long txSignalWakeups;

    /** Fault injection: the next bottom half throws after it has taken one byte from DATAR. */
    boolean faultInNextBottomHalf;
    /** Fault injection: write() throws. */
    boolean faultInWrite;

    UsartDriver(final UsartModel regs)
    {
        super(1, STREAM_RX_RING);
        this.regs = regs;
    }

    /** Test hook: signals TX room on minor 0 now, as the TXE bottom half does. @return the coroutines woken */
    int signalTxRoom()
    {
        return signalReady(0, POLLOUT);
    }

    @Override
    public int setup(final int minor)
    {
        setups++;
        regs.write(UsartModel.BRR, UsartModel.PCLK_HZ / 115_200);
        regs.write(UsartModel.CTLR1, UsartModel.CTLR1_UE | UsartModel.CTLR1_TE | UsartModel.CTLR1_RE
            | UsartModel.CTLR1_RXNEIE);
        return 0;
    }

    @Override
    public void shutdown(final int minor)
    {
        shutdowns++;
        regs.write(UsartModel.CTLR1, 0);
        txHead = 0;
        txTail = 0;
    }

    @Override
    public int open(final int stream, final int minor, final int oflags)
    {
        opens++;
        return 0;
    }

    @Override
    public int close(final int stream, final int minor)
    {
        closes++;
        return 0;
    }

    @Override
    public int write(final int stream, final int minor, final byte[] buf, final int off, final int len)
    {
        if (faultInWrite)
        {
            throw WRITE_BUG;
        }
        final int room = TX_QUEUE - (txTail - txHead);
        if (0 == room)
        {
            return -Errno.EAGAIN;
        }
        final int n = len < room ? len : room;
        for (int i = 0; i < n; i++)
        {
            tx[txTail++ % TX_QUEUE] = buf[off + i];
        }
        if (0 != (regs.read(UsartModel.STATR) & UsartModel.STATR_TXE))
        {
            regs.write(UsartModel.DATAR, tx[txHead++ % TX_QUEUE]); // the transmitter is idle: start it
        }
        regs.write(UsartModel.CTLR1, regs.read(UsartModel.CTLR1) | UsartModel.CTLR1_TXEIE);
        return n;
    }

    @Override
    public int poll(final int stream, final int minor)
    {
        // POLLIN of a receive-ring stream is the HAL's; only room to write is the driver's to say.
        return txTail - txHead < TX_QUEUE ? POLLOUT : 0;
    }

    @Override
    public int ioctl(final int stream, final int minor, final int cmd, final int arg)
    {
        if (Ioctl.TIOCBAUD == cmd)
        {
            if (arg <= 0 || arg > UsartModel.PCLK_HZ / 16)
            {
                return -Errno.EINVAL;
            }
            regs.write(UsartModel.BRR, UsartModel.PCLK_HZ / arg);
            return 0;
        }
        return Ioctl.isDefined(cmd) ? -Errno.ENOTSUP : -Errno.ENOTTY;
    }

    @Override
    public void bottomHalf(final int minor, final int pending)
    {
        bottomHalves++;
        int sr = regs.read(UsartModel.STATR);
        if (0 != (sr & UsartModel.STATR_ORE))
        {
            hardwareOverruns++;
        }
        int n = 0;
        while (0 != (sr & UsartModel.STATR_RXNE) && n < rx.length)
        {
            rx[n++] = (byte) regs.read(UsartModel.DATAR);
            if (faultInNextBottomHalf)
            {
                faultInNextBottomHalf = false;
                throw PARITY; // the byte just taken from DATAR is gone
            }
            sr = regs.read(UsartModel.STATR);
        }
        if (n > 0)
        {
            delivered += n;
            deliver(minor, rx, 0, n); // received bytes are news to readers only
        }
        final int cr = regs.read(UsartModel.CTLR1);
        if (0 != (cr & UsartModel.CTLR1_TXEIE) && 0 != (sr & UsartModel.STATR_TXE))
        {
            if (txTail == txHead)
            {
                regs.write(UsartModel.CTLR1, cr & ~UsartModel.CTLR1_TXEIE); // drained: TXE would fire for ever
            }
            else
            {
                final boolean wasFull = TX_QUEUE == txTail - txHead;
                regs.write(UsartModel.DATAR, tx[txHead++ % TX_QUEUE]);
                if (wasFull)
                {
                    txSignals++;
                    txSignalWakeups += signalReady(minor, POLLOUT); // room is news to writers only
                }
            }
        }
    }
}
