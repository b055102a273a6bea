package dev.fireball.host.driverwalk;

import dev.fireball.hal.Driver;
import dev.fireball.hal.Ioctl;
import dev.fireball.kernel.Errno;
import dev.fireball.kernel.Scheduler;

/**
 * The lower half of an nRF52840-style I2C master ({@link TwimModel}), a {@link #STREAM} device in the
 * manner of Linux's i2c-dev: {@code ioctl(I2C_SET_ADDR)} sets the target of this open,
 * {@code write} is one write transfer to it, {@code read} one read transfer. Written from
 * docs/hal.md and the public {@link Driver} API only.
 * <p>A transfer takes bus time, so it is split over the HAL's retry protocol: the first call starts
 * it and returns {@code -EAGAIN} (the HAL makes that WOULD_BLOCK); the STOPPED/ERROR interrupt's
 * bottom half records the outcome and signals the owner's direction ({@link #POLLIN} after a read
 * transfer, {@link #POLLOUT} after a write, so only coroutines waiting that way retry); the caller's
 * retry (same stream) collects it: a count, {@code -ENXIO} for an address NACK (Linux's i2c fault code),
 * {@code -EIO} for a data NACK, or {@code -ETIMEDOUT} once {@link #BUS_TIMEOUT_TICKS} have passed
 * (checked at the retry: a driver has no timer of its own). One open owns the bus from start to
 * collect; the others get {@code -EAGAIN} meanwhile and are signalled, in both directions (they may
 * wait to read or to write), when it is released.
 * <p>Needs from outside the Driver API (friction): the fd-table size, for its per-open target
 * table, and the scheduler, for the time. EasyDMA reads a buffer of the driver's own ("RAM"), so
 * the caller's bytes are copied in and out (a bounce buffer).
 */
final class TwimDriver extends Driver
{
    static final int MAX_TRANSFER = 8;
    static final long BUS_TIMEOUT_TICKS = 5;
    private static final int TX_OFF = 0;
    private static final int RX_OFF = MAX_TRANSFER;
    private static final int NO_OWNER = -1;
    private static final int BUSY = 1;
    private static final int DONE = 2;

    private final TwimModel regs;
    private final Scheduler time;
    private final byte[] ram = new byte[2 * MAX_TRANSFER];
    /** Per open (the HAL's stream, an fd-table slot): its 7-bit target address, -1 before I2C_SET_ADDR. */
    private final int[] target;

    private int owner = NO_OWNER;
    private boolean ownerReads;
    private int state;
    private int result;
    private long startedAt;

    int setups;
    int shutdowns;
    int nacks;
    int timeouts;
    int busyRefusals;
    int bottomHalves;
    /** The len the last byte[] ioctl reached this driver with (the Driver javadoc promises len > 0). */
    int lastStructuredIoctlLen = -1;

    /**
     * @param maxFds the HAL's fd-table size (board MAX_FDS): streams are {@code 0..maxFds-1}
     * @param time   for {@code now()}: the bus timeout
     */
    TwimDriver(final TwimModel regs, final int maxFds, final Scheduler time)
    {
        super(1, STREAM);
        this.regs = regs;
        this.time = time;
        target = new int[maxFds];
        regs.dmaRam(ram);
    }

    int busOwner()
    {
        return owner;
    }

    @Override
    public int setup(final int minor)
    {
        setups++;
        regs.write(TwimModel.ENABLE, TwimModel.ENABLE_TWIM);
        regs.write(TwimModel.FREQUENCY, TwimModel.FREQUENCY_K100);
        regs.write(TwimModel.INTEN, TwimModel.INTEN_STOPPED | TwimModel.INTEN_ERROR);
        return 0;
    }

    @Override
    public void shutdown(final int minor)
    {
        shutdowns++;
        regs.write(TwimModel.INTEN, 0);
        regs.write(TwimModel.ENABLE, 0);
    }

    @Override
    public int open(final int stream, final int minor, final int oflags)
    {
        target[stream] = -1;
        return 0;
    }

    @Override
    public int close(final int stream, final int minor)
    {
        if (owner == stream)
        {
            regs.write(TwimModel.TASKS_STOP, 1); // abandon its transfer; the bus goes to the next open
            release(minor);
        }
        target[stream] = -1;
        return 0;
    }

    @Override
    public int ioctl(final int stream, final int minor, final int cmd, final int arg)
    {
        switch (cmd)
        {
            case Ioctl.I2C_SET_ADDR:
                if (arg < 0 || arg > 0x7F)
                {
                    return -Errno.EINVAL;
                }
                target[stream] = arg;
                return 0;
            case Ioctl.I2C_SET_FREQ:
                final int f = 100_000 == arg ? TwimModel.FREQUENCY_K100
                    : 250_000 == arg ? TwimModel.FREQUENCY_K250 : 400_000 == arg ? TwimModel.FREQUENCY_K400 : 0;
                if (0 == f)
                {
                    return -Errno.EINVAL;
                }
                regs.write(TwimModel.FREQUENCY, f);
                return 0;
            default:
                return Ioctl.isDefined(cmd) ? -Errno.ENOTSUP : -Errno.ENOTTY;
        }
    }

    @Override
    public int ioctl(final int stream, final int minor, final int cmd, final byte[] buf, final int off, final int len)
    {
        lastStructuredIoctlLen = len;
        return Ioctl.isDefined(cmd) ? -Errno.ENOTSUP : -Errno.ENOTTY;
    }

    @Override
    public int write(final int stream, final int minor, final byte[] buf, final int off, final int len)
    {
        return transfer(stream, minor, false, buf, off, len);
    }

    @Override
    public int read(final int stream, final int minor, final byte[] buf, final int off, final int len)
    {
        return transfer(stream, minor, true, buf, off, len);
    }

    private int transfer(final int stream, final int minor, final boolean reads, final byte[] buf, final int off,
        final int len)
    {
        if (target[stream] < 0)
        {
            return -Errno.EINVAL; // no I2C_SET_ADDR yet (Linux: EDESTADDRREQ, which Errno lacks)
        }
        if (owner == stream)
        {
            if (BUSY == state)
            {
                if (time.now() - startedAt < BUS_TIMEOUT_TICKS)
                {
                    return -Errno.EAGAIN;
                }
                regs.write(TwimModel.TASKS_STOP, 1);
                timeouts++;
                release(minor);
                return -Errno.ETIMEDOUT;
            }
            final int r = result;
            if (r > 0 && ownerReads)
            {
                System.arraycopy(ram, RX_OFF, buf, off, r < len ? r : len);
            }
            release(minor);
            return r;
        }
        if (NO_OWNER != owner)
        {
            busyRefusals++;
            return -Errno.EAGAIN;
        }
        if (len > MAX_TRANSFER)
        {
            return -Errno.EINVAL;
        }
        owner = stream;
        ownerReads = reads;
        state = BUSY;
        startedAt = time.now();
        regs.write(TwimModel.ADDRESS, target[stream]);
        if (reads)
        {
            regs.write(TwimModel.RXD_PTR, RX_OFF);
            regs.write(TwimModel.RXD_MAXCNT, len);
            regs.write(TwimModel.TASKS_STARTRX, 1);
        }
        else
        {
            System.arraycopy(buf, off, ram, TX_OFF, len);
            regs.write(TwimModel.TXD_PTR, TX_OFF);
            regs.write(TwimModel.TXD_MAXCNT, len);
            regs.write(TwimModel.TASKS_STARTTX, 1);
        }
        return -Errno.EAGAIN;
    }

    private void release(final int minor)
    {
        owner = NO_OWNER;
        state = 0;
        signalReady(minor, POLLIN | POLLOUT); // opens waiting for the bus, to read or to write, retry now
    }

    @Override
    public int poll(final int stream, final int minor)
    {
        final boolean ready = NO_OWNER == owner || (owner == stream && BUSY != state);
        return ready ? POLLIN | POLLOUT : 0;
    }

    @Override
    public void bottomHalf(final int minor, final int pending)
    {
        bottomHalves++;
        if (0 == regs.read(TwimModel.EVENTS_STOPPED) || BUSY != state)
        {
            return;
        }
        regs.write(TwimModel.EVENTS_STOPPED, 0);
        if (0 != regs.read(TwimModel.EVENTS_ERROR))
        {
            regs.write(TwimModel.EVENTS_ERROR, 0);
            final int src = regs.read(TwimModel.ERRORSRC);
            regs.write(TwimModel.ERRORSRC, src);
            nacks++;
            result = 0 != (src & TwimModel.ERRORSRC_ANACK) ? -Errno.ENXIO : -Errno.EIO;
        }
        else
        {
            result = regs.read(ownerReads ? TwimModel.RXD_AMOUNT : TwimModel.TXD_AMOUNT);
        }
        state = DONE;
        signalReady(minor, ownerReads ? POLLIN : POLLOUT); // the owner waits in its transfer's direction
    }
}
