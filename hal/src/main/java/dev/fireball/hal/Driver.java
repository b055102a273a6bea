package dev.fireball.hal;

import dev.fireball.kernel.Errno;

/**
 * A device driver: the callbacks of NuttX's {@code struct file_operations} (open, close, read,
 * write, seek, ioctl) plus hardware setup/shutdown, readiness and an interrupt bottom half. Java 7
 * has no default methods, so this is an abstract class whose defaults are "not implemented":
 * {@code -Errno.ENOTSUP} for read, write, seek and both ioctls (issue 5: a missing callback means
 * ENOTSUP). Open, close, setup, shutdown and the bottom half default to "nothing to do" (success),
 * as a missing {@code open} does in NuttX and Linux: a device without per-open state needs none. A
 * seek on a streaming device never reaches the driver: the HAL answers {@code -Errno.ESPIPE}. A
 * subclass overrides what its device can do.
 * <p>The {@link Hal} is the generic upper half: it checks fds, flags, buffers, permissions and
 * ioctl families before calling a driver, owns each open's position and receive ring, and turns
 * "cannot progress now" into {@code -EAGAIN} or {@link Hal#WOULD_BLOCK}. A driver only moves bytes.
 * <p><b>Kinds</b>
 * <ul>
 * <li>{@link #SEEKABLE}: random access (RAM, flash); each open has a position the HAL keeps
 *     ({@link #position}) and advances by what read and write return; never blocks.</li>
 * <li>{@link #STREAM}: the driver's read/write move the bytes and return {@code -Errno.EAGAIN}
 *     when they cannot progress; {@link #poll} says when they can; {@link #signalReady} wakes the
 *     waiters of the direction that changed ({@link #POLLIN}: something to read, {@link #POLLOUT}:
 *     room to write).</li>
 * <li>{@link #STREAM_RX_RING}: like STREAM, but every readable open has its own receive ring that
 *     the HAL reads from: the lower half hands received bytes to {@link #deliver}, which copies them
 *     into the ring of each reader of that device, so every reader sees every byte, and wakes the
 *     coroutines waiting to read. {@link #read} is not called; room to write is signalled as for
 *     STREAM, {@code signalReady(minor, POLLOUT)}.</li>
 * </ul>
 * <p><b>Arguments</b>: {@code stream} is the open's slot in the fd table ({@code 0..MAX_FDS-1}),
 * stable from open to close; {@code minor} is the device instance ({@code index - base} of the
 * registration pattern). Buffers arrive checked: {@code buf != null}, {@code off >= 0},
 * {@code off + len <= buf.length}, and {@code len > 0} for read and write (a zero-length read or
 * write returns 0 without calling the driver); the {@code byte[]} ioctl may pass {@code len == 0}.
 * <p><b>Results</b>: {@code >= 0} success or a count; otherwise a negative errno, which the HAL
 * returns unchanged (except {@code -EAGAIN} from read/write, see above).
 * <p><b>Context</b>: every callback runs in kernel context, inside the calling coroutine's resume
 * or in boot code; none may block. {@link #bottomHalf} runs in kernel context from the interrupt
 * bridge, never in the interrupt itself.
 * <p><b>Allocation</b>: a driver is created at boot and registered with {@link Hal#register};
 * callbacks must not allocate.
 */
public abstract class Driver
{
    /** Random access with a position per open. */
    public static final int SEEKABLE = 0;
    /** Streaming; the driver's read/write move the bytes. */
    public static final int STREAM = 1;
    /** Streaming; reads come from each open's own receive ring, filled by {@link #deliver}. */
    public static final int STREAM_RX_RING = 2;

    /** {@link #poll} and {@link #signalReady} bit: a read would progress (Linux {@code POLLIN}). */
    public static final int POLLIN = 0x001;
    /** {@link #poll} and {@link #signalReady} bit: a write would progress (Linux {@code POLLOUT}). */
    public static final int POLLOUT = 0x004;

    private final int instances;
    private final int kind;
    /** Set once by {@link #attach} at registration. */
    private Hal hal;
    private int id = -1;

    /**
     * @param instances how many devices this driver serves (minors {@code 0..instances-1}), 1..65535
     * @param kind      {@link #SEEKABLE}, {@link #STREAM} or {@link #STREAM_RX_RING}
     */
    protected Driver(final int instances, final int kind)
    {
        if (instances < 1 || instances > DeviceUri.MAX_INDEX + 1)
        {
            throw new IllegalArgumentException("instances must be 1.." + (DeviceUri.MAX_INDEX + 1) + ": instances="
                + instances);
        }
        if (kind < SEEKABLE || kind > STREAM_RX_RING)
        {
            throw new IllegalArgumentException("unknown driver kind: kind=" + kind);
        }
        this.instances = instances;
        this.kind = kind;
    }

    public final int instances()
    {
        return instances;
    }

    public final int kind()
    {
        return kind;
    }

    /** The id {@link Hal#register} gave this driver, or -1 before registration. */
    public final int id()
    {
        return id;
    }

    final void attach(final Hal owner, final int driverId)
    {
        hal = owner;
        id = driverId;
    }

    // =============================================================================================
    // Callbacks (override what the device supports)
    // =============================================================================================

    /**
     * First open of device {@code minor}: power up and configure the hardware (NuttX
     * {@code uart_ops_s.setup}).
     *
     * @return 0, or a negative errno ({@code -EIO}, {@code -EBUSY}...) that fails the open
     */
    public int setup(final int minor)
    {
        return 0;
    }

    /** Last close of device {@code minor}: stop the hardware (NuttX {@code shutdown}). */
    public void shutdown(final int minor)
    {
    }

    /**
     * Every open, after {@link #setup} for the first one.
     *
     * @return 0, or a negative errno ({@code -EBUSY} for an exclusive device...) that fails the open
     */
    public int open(final int stream, final int minor, final int oflags)
    {
        return 0;
    }

    /** Every close, before {@link #shutdown} for the last one. The fd is closed whatever it returns. */
    public int close(final int stream, final int minor)
    {
        return 0;
    }

    /**
     * @return bytes read ({@code 0} = end of device for SEEKABLE), {@code -Errno.EAGAIN} when a
     *         stream has nothing now, or a negative errno
     */
    public int read(final int stream, final int minor, final byte[] buf, final int off, final int len)
    {
        return -Errno.ENOTSUP;
    }

    /** @return bytes written, {@code -Errno.EAGAIN} when a stream has no room now, or a negative errno */
    public int write(final int stream, final int minor, final byte[] buf, final int off, final int len)
    {
        return -Errno.ENOTSUP;
    }

    /**
     * Called for {@link #SEEKABLE} devices only (the HAL answers {@code -Errno.ESPIPE} for streams).
     *
     * @param position the stream's current position
     * @return the new position (the HAL stores it), {@code -Errno.EINVAL}, or {@code -Errno.ENOTSUP}
     *         by default
     */
    public int seek(final int stream, final int minor, final int position, final int offset, final int whence)
    {
        return -Errno.ENOTSUP;
    }

    /**
     * A command of the device's family (or a generic one the HAL does not answer itself). The HAL
     * has already answered {@code -Errno.ENOTTY} for a command undefined or of another family, so
     * what reaches the driver is defined for its device.
     *
     * @return {@code >= 0} on success, {@code -Errno.EINVAL} for a bad argument,
     *         {@code -Errno.ENOTSUP} for a defined command this driver does not implement (the
     *         default)
     */
    public int ioctl(final int stream, final int minor, final int cmd, final int arg)
    {
        return -Errno.ENOTSUP;
    }

    /** Structured variant of {@link #ioctl(int, int, int, int)}: the argument is {@code buf[off, off+len)}. */
    public int ioctl(final int stream, final int minor, final int cmd, final byte[] buf, final int off, final int len)
    {
        return -Errno.ENOTSUP;
    }

    /**
     * Readiness of a {@link #STREAM} open (for STREAM_RX_RING the HAL answers POLLIN from the
     * ring). The default says always ready.
     *
     * @return {@link #POLLIN} and/or {@link #POLLOUT}
     */
    public int poll(final int stream, final int minor)
    {
        return POLLIN | POLLOUT;
    }

    /**
     * Interrupt bottom half: the interrupt bridge calls it in kernel context with the pending bits
     * the interrupt set. Typically it moves received bytes ({@link #deliver}, which wakes readers)
     * and signals what else changed ({@link #signalReady} with {@link #POLLOUT} for TX room,
     * {@link #POLLIN} for data a STREAM driver holds itself).
     */
    public void bottomHalf(final int minor, final int pending)
    {
    }

    // =============================================================================================
    // Services of the upper half (kernel context)
    // =============================================================================================

    /**
     * Hands received bytes of device {@code minor} to every open reader's receive ring and wakes
     * the coroutines waiting to read them (not those waiting to write); a reader whose ring is full
     * loses the excess (counted as its overruns). A {@code minor} this driver does not serve, or a
     * bad range, delivers nothing.
     *
     * @return the number of readers that received bytes
     * @throws IllegalStateException if this driver is not {@link #STREAM_RX_RING}: its opens have no
     *         receive ring, so the bytes would be lost without a trace
     */
    protected final int deliver(final int minor, final byte[] src, final int off, final int len)
    {
        if (STREAM_RX_RING != kind)
        {
            throw notRing();
        }
        return null == hal ? 0 : hal.receive(id, minor, src, off, len);
    }

    private IllegalStateException notRing()
    {
        return new IllegalStateException("driver " + id + " (" + getClass().getName() + ") called deliver() but is not "
            + "STREAM_RX_RING: its opens have no receive rings; construct it with STREAM_RX_RING or move the bytes in "
            + "its own read()");
    }

    /**
     * Wakes the coroutines waiting on any open of device {@code minor} for what {@code events} says
     * changed; they retry their call (readiness is a hint: one that still cannot progress waits
     * again). Each open has one queue of coroutines waiting to read and one of coroutines waiting to
     * write:
     * <ul>
     * <li>{@link #POLLIN}: something to read (a STREAM driver's own receive buffer filled, a read
     *     transfer finished); wakes the read waiters only. A {@link #STREAM_RX_RING} driver need not
     *     signal it: {@link #deliver} wakes the readers it fed.</li>
     * <li>{@link #POLLOUT}: room to write (TX queue drained, a write transfer finished); wakes the
     *     write waiters only.</li>
     * <li>{@code POLLIN | POLLOUT}: both, for a change that concerns either direction (a shared
     *     bus released, the device reset).</li>
     * </ul>
     * A {@code minor} this driver does not serve wakes nobody.
     *
     * @param events {@link #POLLIN}, {@link #POLLOUT} or both; nothing else
     * @return the number of coroutines woken
     * @throws IllegalArgumentException if {@code events} is 0 or has a bit other than POLLIN and
     *         POLLOUT (a programming error in the driver: a signal for nothing would wake nobody,
     *         silently)
     */
    protected final int signalReady(final int minor, final int events)
    {
        if (0 == events || 0 != (events & ~(POLLIN | POLLOUT)))
        {
            throw new IllegalArgumentException("driver " + id + " (" + getClass().getName() + ") signalReady(minor="
                + minor + ", events=0x" + Integer.toHexString(events) + "): events must be POLLIN (0x1), POLLOUT (0x4) "
                + "or both");
        }
        return null == hal ? 0 : hal.signal(id, minor, events);
    }

    /** The position of a SEEKABLE {@code stream}. */
    protected final int position(final int stream)
    {
        return hal.positionOf(stream);
    }

    /**
     * lseek arithmetic for a device of {@code sizeBytes}: the new position must lie in
     * {@code [0, sizeBytes]}.
     *
     * @return the new position, or {@code -Errno.EINVAL} for a bad whence or a target outside the device
     */
    protected static int seekWithin(final int position, final int sizeBytes, final int offset, final int whence)
    {
        final long origin;
        switch (whence)
        {
            case Hal.SEEK_SET:
                origin = 0;
                break;
            case Hal.SEEK_CUR:
                origin = position;
                break;
            case Hal.SEEK_END:
                origin = sizeBytes;
                break;
            default:
                return -Errno.EINVAL;
        }
        final long target = origin + offset;
        return target < 0 || target > sizeBytes ? -Errno.EINVAL : (int) target;
    }
}
