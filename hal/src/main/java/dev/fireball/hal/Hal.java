package dev.fireball.hal;

import dev.fireball.config.BoardConfig;
import dev.fireball.kernel.Errno;
import dev.fireball.kernel.Scheduler;

/**
 * One stream interface for every device (issue 5): {@code open(uri, flags)} gives an fd, and
 * {@code read}, {@code write}, {@code seek}, {@code ioctl} and {@code close} work on it whatever the
 * device. This is the generic upper half (NuttX {@code fs/vfs} plus {@code drivers/serial/serial.c}):
 * it checks fds, flags, buffers, permissions and ioctl families, keeps each open's position and
 * receive ring, counts opens per device, and manages readiness; a {@link Driver} only moves bytes.
 *
 * <h2>Results</h2>
 * Every call returns {@code >= 0} on success (an fd, a byte count, a position, an ioctl value) or a
 * negative Linux errno, and never throws on bad input:
 * <ul>
 * <li>{@code -EINVAL}: malformed URI, bad flags, bad buffer range ({@code null}, negative or past the
 *     end), bad whence or seek target, bad ioctl argument.</li>
 * <li>{@code -ENODEV}: well-formed URI naming no registered device.</li>
 * <li>{@code -EACCES}: the calling module's grants do not allow the device in that mode.</li>
 * <li>{@code -EMFILE}: the module's fd quota or the fd table is exhausted.</li>
 * <li>{@code -ENOSPC}: no streaming slot (receive ring) is free; or a fixed-size device is full.</li>
 * <li>{@code -EBADF}: not an open fd of the calling module (closed, reused, another module's), or
 *     read on a write-only fd / write on a read-only fd.</li>
 * <li>{@code -EAGAIN}: the call cannot progress now and must not wait (O_NONBLOCK, or called
 *     outside a coroutine, where nothing may block).</li>
 * <li>{@link #WOULD_BLOCK}: the call cannot progress now, the fd is blocking and the caller is a
 *     coroutine: it should return {@link #awaitReadable}/{@link #awaitWritable} and retry.</li>
 * <li>{@code -ESPIPE}: seek on a streaming device.</li>
 * <li>{@code -ENOTTY}: ioctl command unknown, or of another device class's family.</li>
 * <li>{@code -ENOTSUP}: the driver does not implement that operation.</li>
 * <li>{@code -EIO}, {@code -EBUSY}, {@code -ETIMEDOUT}...: from the driver, unchanged.</li>
 * </ul>
 *
 * <h2>Blocking in a stackless coroutine</h2>
 * A coroutine cannot block inside a call: it has no stack to park. So a blocking-mode read or write
 * that cannot progress returns {@link #WOULD_BLOCK}; the coroutine returns the directive of
 * {@link #awaitReadable} (or {@link #awaitWritable}) and retries the call when it resumes. Only that
 * coroutine waits; the kernel goes on running the others.
 * <pre>{@code
 * final class UartEcho extends Coroutine
 * {
 *     private final Hal hal;
 *     private final byte[] buf = new byte[64];      // the frame: fields, created at boot
 *     private int fd;
 *
 *     protected int resume(final Scheduler s)
 *     {
 *         switch (pc)
 *         {
 *             case 0:
 *                 fd = hal.open("device://uart/0", OpenFlags.O_RDWR);
 *                 if (fd < 0)
 *                 {
 *                     return s.fail(fd);                       // -ENODEV, -EACCES, -EMFILE...
 *                 }
 *                 pc = 1;
 *                 return s.yield();
 *             case 2:                                          // resumed after awaitReadable
 *                 if (-Errno.ETIMEDOUT == s.status())
 *                 {
 *                     hal.close(fd);
 *                     return s.fail(-Errno.ETIMEDOUT);         // nothing for 1000 ticks
 *                 }
 *                 // fall through: retry the read
 *             default:
 *                 final int n = hal.read(fd, buf, 0, buf.length);
 *                 if (Hal.WOULD_BLOCK == n)
 *                 {
 *                     pc = 2;
 *                     return hal.awaitReadable(fd, 1000);      // suspends this coroutine only
 *                 }
 *                 if (n < 0)
 *                 {
 *                     return s.fail(n);
 *                 }
 *                 hal.write(fd, buf, 0, n);                    // loopback/UART: never blocks here
 *                 pc = 1;
 *                 return s.yield();
 *         }
 *     }
 * }
 * }</pre>
 * After a suspension {@code s.status()} is 0 (the lower half signalled readiness: retry),
 * {@code -Errno.ETIMEDOUT}, or {@code -Errno.EBADF} (the fd was closed while waiting, e.g. by
 * {@link #closeAllOf}). Readiness is a hint, so a retry may still find nothing (another reader
 * sharing the fd took it): wait again. An await on an fd that is already ready, or not a valid
 * fd, does not suspend: it returns a yield, {@code s.status()} keeps its previous value, and the
 * retry gives the answer; so always retry the call first and await only after
 * {@link #WOULD_BLOCK}, as above.
 *
 * <h2>Streams</h2>
 * Each open is an independent stream with its own flags and, for SEEKABLE devices, position. An open
 * of a streaming device borrows a {@link StreamTable} slot (a receive ring, a queue of coroutines
 * waiting to read and one of coroutines waiting to write) until close: two readers of one UART each
 * get every byte, one that falls behind loses bytes counted as overruns on its own stream
 * ({@link Ioctl#FIOC_OVERRUNS}), and a lower half's signal wakes only the direction it concerns
 * ({@link Driver#signalReady}). The first open of a device calls the driver's {@link Driver#setup},
 * the last close its {@link Driver#shutdown}.
 *
 * <h2>Permissions</h2>
 * The calling module is the running coroutine's ({@link Scheduler#moduleOf}), or
 * {@link #KERNEL_MODULE} outside coroutines. {@link DeviceGrants} decides what it may open and how
 * many fds it may hold; an fd works only for the module that opened it; {@link #closeAllOf} closes a
 * stopped or restarting module's fds.
 *
 * <p><b>Invariants</b>: those of {@link FdTable} and {@link StreamTable}, and: a slot of the fd table
 * has a streaming slot iff its device is not SEEKABLE, and that streaming slot points back to it;
 * drivers are registered only before {@link #seal()}. {@link #checkInvariants()} verifies them.
 * <p><b>Context</b>: kernel only (coroutines and boot code; one thread). Lower halves call
 * {@link Driver#deliver} and {@link Driver#signalReady} in kernel context, from a bottom half.
 * <p><b>Allocation</b>: the constructor, {@link #addType} and {@link #register} (boot). After that,
 * no call allocates, on any path.
 */
public final class Hal
{
    public static final int DEFAULT_MAX_FDS = 64;
    public static final int DEFAULT_MAX_STREAMS = 16;
    public static final int DEFAULT_RX_RING_BYTES = 64;
    public static final int DEFAULT_MAX_TYPES = 16;
    public static final int DEFAULT_MAX_DRIVERS = 16;

    /** The module of boot code and of calls made outside any coroutine. */
    public static final int KERNEL_MODULE = 0;

    /**
     * Result of a blocking read or write from a coroutine that cannot progress now: return
     * {@link #awaitReadable}/{@link #awaitWritable} and retry. Not an errno (Linux errnos are
     * 1..4095), so it cannot be mistaken for one.
     */
    public static final int WOULD_BLOCK = -4096;

    /** {@link #seek}: from the start of the device. */
    public static final int SEEK_SET = 0;
    /** {@link #seek}: from the current position. */
    public static final int SEEK_CUR = 1;
    /** {@link #seek}: from the end of the device. */
    public static final int SEEK_END = 2;

    private final Scheduler scheduler;
    private final DeviceGrants grants;
    private final DeviceRegistry registry;
    private final FdTable fds;
    private final StreamTable streams;
    private long stopCloseFaults;

    /** Boot: a HAL with the default sizes. */
    public Hal(final Scheduler scheduler, final DeviceGrants grants)
    {
        this(scheduler, grants, DEFAULT_MAX_FDS, DEFAULT_MAX_STREAMS, DEFAULT_RX_RING_BYTES, DEFAULT_MAX_TYPES,
            DEFAULT_MAX_DRIVERS);
    }

    /**
     * Boot: a HAL whose tables are the board's MAX_FDS, MAX_STREAMS, RX_RING_BYTES, MAX_DEVICE_TYPES
     * and MAX_DRIVERS, the sizes its memory budget charges (the two-argument constructor uses fixed
     * defaults instead).
     * <pre>{@code
     * Hal hal = Hal.forBoard(kernel.scheduler, grants, kernel.config);
     * }</pre>
     */
    public static Hal forBoard(final Scheduler scheduler, final DeviceGrants grants, final BoardConfig board)
    {
        if (null == board)
        {
            throw new IllegalArgumentException("a board config is required");
        }
        return new Hal(scheduler, grants, board.maxFds, board.maxStreams, board.rxRingBytes, board.maxDeviceTypes,
            board.maxDrivers);
    }

    /**
     * Boot: creates every table.
     *
     * @param maxFds      fd table slots (MAX_FDS), 1..65536
     * @param maxStreams  streaming slots (concurrently open streaming fds), 0..127 and at most {@code maxFds}
     * @param rxRingBytes receive ring per streaming slot, a power of two
     * @param maxTypes    device types, built-ins included
     * @param maxDrivers  registered drivers, 1..127
     */
    public Hal(final Scheduler scheduler, final DeviceGrants grants, final int maxFds, final int maxStreams,
        final int rxRingBytes, final int maxTypes, final int maxDrivers)
    {
        if (null == scheduler || null == grants)
        {
            throw new IllegalArgumentException("scheduler and grants are required");
        }
        if (maxStreams > maxFds)
        {
            // Every streaming slot belongs to an open fd: slots beyond MAX_FDS could never be used.
            throw new IllegalArgumentException("maxStreams must be <= maxFds: maxStreams=" + maxStreams + ", maxFds="
                + maxFds);
        }
        this.scheduler = scheduler;
        this.grants = grants;
        registry = new DeviceRegistry(maxTypes, maxDrivers);
        fds = new FdTable(maxFds);
        streams = new StreamTable(scheduler, maxStreams, rxRingBytes);
    }

    // =============================================================================================
    // Boot: types, drivers, seal
    // =============================================================================================

    /**
     * Boot only: adds a device type ({@code "loop"}, {@code "ram"}...) to the built-ins.
     *
     * @param ioctlFamily its ioctl family ({@link Ioctl}), or {@link Ioctl#NO_FAMILY}
     * @return the type id, or {@code -Errno.EPERM} after {@link #seal()}
     * @throws IllegalArgumentException for a bad or duplicate name or a full table
     */
    public int addType(final String name, final int ioctlFamily)
    {
        return registry.addType(name, ioctlFamily);
    }

    /**
     * Boot only: registers {@code driver} for a URI pattern, {@code device://uart/*} or
     * {@code device://uart/1} (see {@link DeviceRegistry}).
     *
     * @return the driver id, or {@code -Errno.EPERM} after {@link #seal()} (nothing changes)
     * @throws IllegalArgumentException for a malformed pattern, an unknown type, overlapping
     *                                  indexes, a full table or a driver already registered
     */
    public int register(final String pattern, final Driver driver)
    {
        if (registry.isSealed())
        {
            return -Errno.EPERM;
        }
        if (null != driver && -1 != driver.id())
        {
            throw new IllegalArgumentException("driver already registered as id " + driver.id() + ": pattern=" + pattern);
        }
        final int id = registry.register(pattern, driver);
        driver.attach(this, id);
        return id;
    }

    /**
     * Ends boot: later {@link #addType} and {@link #register} calls are refused. First the grants
     * must be complete ({@link DeviceGrants#checkComplete}: for {@link ModuleGrants}, bound to this
     * HAL after the last module with grants was created).
     *
     * @throws IllegalStateException naming the missing boot step (nothing is sealed then)
     */
    public void seal()
    {
        grants.checkComplete(this);
        registry.seal();
    }

    public boolean isSealed()
    {
        return registry.isSealed();
    }

    // =============================================================================================
    // The six calls
    // =============================================================================================

    /**
     * Opens {@code device://TYPE/INDEX}.
     *
     * @param oflags {@link OpenFlags#O_RDONLY}, {@code O_WRONLY} or {@code O_RDWR}, optionally
     *               {@code | O_NONBLOCK}
     * @return an fd {@code > 0}; {@code -EINVAL}, {@code -ENODEV}, {@code -EACCES}, {@code -EMFILE},
     *         {@code -ENOSPC}, or the driver's setup/open error
     */
    public int open(final String uri, final int oflags)
    {
        final int flagsOk = OpenFlags.check(oflags);
        if (flagsOk < 0)
        {
            return flagsOk;
        }
        final int parsed = DeviceUri.parse(uri, registry);
        if (parsed < 0)
        {
            return parsed;
        }
        final int type = DeviceUri.typeOf(parsed);
        final int index = DeviceUri.indexOf(parsed);
        final int d = registry.driverFor(type, index);
        if (d < 0)
        {
            return d;
        }
        final int module = callerModule();
        if (!grants.allows(module, type, index, oflags & OpenFlags.O_ACCMODE))
        {
            return -Errno.EACCES;
        }
        if (fds.countOwnedBy(module) >= grants.fdQuota(module))
        {
            return -Errno.EMFILE;
        }
        final Driver driver = registry.driver(d);
        final int minor = index - registry.baseOf(d);
        final int slot = fds.allocate(module, oflags, d, minor);
        if (FdTable.NO_SLOT == slot)
        {
            return -Errno.EMFILE;
        }
        if (Driver.SEEKABLE != driver.kind())
        {
            final int st = streams.acquire(slot);
            if (StreamTable.NO_STREAM == st)
            {
                fds.release(slot);
                return -Errno.ENOSPC;
            }
            fds.setStream(slot, st);
            streams.label(st, fds.fdOf(slot)); // a dump's "fd-read #n" is the fd open returns
        }
        // First open of the device powers it up (NuttX uart_open: open_count 0 -> 1 runs setup).
        final int r = openOnDriver(driver, slot, minor, oflags, 1 == fds.countOpenOn(FdTable.deviceId(d, minor)));
        return r < 0 ? r : fds.fdOf(slot);
    }

    /**
     * The driver's setup (on the device's first open) and open of {@code slot}. Whatever they
     * return or throw, an open that did not succeed leaves nothing behind: the fd and its stream are
     * discarded, and a device that was set up for it is shut down again. A throw then propagates
     * (it faults the caller), but the next open finds the device closed and sets it up again.
     */
    private int openOnDriver(final Driver driver, final int slot, final int minor, final int oflags, final boolean first)
    {
        boolean setUp = false;
        boolean opened = false;
        try
        {
            if (first)
            {
                final int r = driver.setup(minor);
                if (r < 0)
                {
                    return r;
                }
                setUp = true;
            }
            final int r = driver.open(slot, minor, oflags);
            opened = r >= 0;
            return r;
        }
        finally
        {
            if (!opened)
            {
                discard(slot);
                if (setUp)
                {
                    driver.shutdown(minor);
                }
            }
        }
    }

    /**
     * Closes {@code fd}: its waiters wake with {@code -EBADF}, its ring is returned, and the last
     * close of a device shuts it down. The fd is closed even if the driver reports an error.
     *
     * @return 0, {@code -EBADF}, or the driver's close error
     */
    public int close(final int fd)
    {
        final int slot = fds.slotOf(fd, callerModule());
        if (slot < 0)
        {
            return slot;
        }
        return closeSlot(slot);
    }

    /**
     * Reads up to {@code len} bytes into {@code buf[off, off+len)}: from the stream's receive ring,
     * or from the driver at the stream's position (which then advances).
     *
     * @return bytes read ({@code 0} only for {@code len == 0} or the end of a SEEKABLE device);
     *         {@code -EBADF}, {@code -EINVAL}, {@code -EAGAIN}, {@link #WOULD_BLOCK}, {@code -ENOTSUP},
     *         or the driver's error
     */
    public int read(final int fd, final byte[] buf, final int off, final int len)
    {
        final int slot = fds.slotOf(fd, callerModule());
        if (slot < 0)
        {
            return slot;
        }
        final int flags = fds.oflagsOf(slot);
        if (!OpenFlags.canRead(flags))
        {
            return -Errno.EBADF;
        }
        if (!isRange(buf, off, len))
        {
            return -Errno.EINVAL;
        }
        if (0 == len)
        {
            return 0;
        }
        final int device = fds.deviceOf(slot);
        final Driver driver = registry.driver(FdTable.driverOfDevice(device));
        final int kind = driver.kind();
        if (Driver.STREAM_RX_RING == kind)
        {
            final int n = streams.take(fds.streamOf(slot), buf, off, len);
            return 0 == n ? cannotProgress(flags) : n;
        }
        final int n = driver.read(slot, FdTable.minorOfDevice(device), buf, off, len);
        if (-Errno.EAGAIN == n)
        {
            return cannotProgress(flags);
        }
        if (n > 0 && Driver.SEEKABLE == kind)
        {
            fds.setPosition(slot, fds.positionOf(slot) + n);
        }
        return n;
    }

    /**
     * Writes up to {@code len} bytes from {@code buf[off, off+len)}, at the stream's position for a
     * SEEKABLE device (which then advances).
     *
     * @return bytes written; {@code -EBADF}, {@code -EINVAL}, {@code -EAGAIN}, {@link #WOULD_BLOCK},
     *         {@code -ENOSPC}, {@code -ENOTSUP}, or the driver's error
     */
    public int write(final int fd, final byte[] buf, final int off, final int len)
    {
        final int slot = fds.slotOf(fd, callerModule());
        if (slot < 0)
        {
            return slot;
        }
        final int flags = fds.oflagsOf(slot);
        if (!OpenFlags.canWrite(flags))
        {
            return -Errno.EBADF;
        }
        if (!isRange(buf, off, len))
        {
            return -Errno.EINVAL;
        }
        if (0 == len)
        {
            return 0;
        }
        final int device = fds.deviceOf(slot);
        final Driver driver = registry.driver(FdTable.driverOfDevice(device));
        final int n = driver.write(slot, FdTable.minorOfDevice(device), buf, off, len);
        if (-Errno.EAGAIN == n)
        {
            return cannotProgress(flags);
        }
        if (n > 0 && Driver.SEEKABLE == driver.kind())
        {
            fds.setPosition(slot, fds.positionOf(slot) + n);
        }
        return n;
    }

    /**
     * Moves the stream's position ({@link #SEEK_SET}, {@link #SEEK_CUR}, {@link #SEEK_END}).
     *
     * @return the new position; {@code -EBADF}, {@code -ESPIPE} (streaming device), {@code -EINVAL}
     *         (bad whence or target outside the device), {@code -ENOTSUP} (a SEEKABLE driver without
     *         seek), or the driver's error
     */
    public int seek(final int fd, final int offset, final int whence)
    {
        final int slot = fds.slotOf(fd, callerModule());
        if (slot < 0)
        {
            return slot;
        }
        final int device = fds.deviceOf(slot);
        final Driver driver = registry.driver(FdTable.driverOfDevice(device));
        if (Driver.SEEKABLE != driver.kind())
        {
            return -Errno.ESPIPE;
        }
        final int p = driver.seek(slot, FdTable.minorOfDevice(device), fds.positionOf(slot), offset, whence);
        if (p >= 0)
        {
            fds.setPosition(slot, p);
        }
        return p;
    }

    /**
     * A device command with an int argument. The HAL answers {@link Ioctl#FIONBIO} for every fd and
     * {@link Ioctl#FIONREAD} and {@link Ioctl#FIOC_OVERRUNS} for receive-ring streams; other
     * commands of the device's family go to the driver.
     *
     * @return {@code >= 0} (command-specific); {@code -EBADF}, {@code -ENOTTY}, {@code -ENOTSUP},
     *         {@code -EINVAL}, or the driver's error
     */
    public int ioctl(final int fd, final int cmd, final int arg)
    {
        final int slot = fds.slotOf(fd, callerModule());
        if (slot < 0)
        {
            return slot;
        }
        final int device = fds.deviceOf(slot);
        final int d = FdTable.driverOfDevice(device);
        final Driver driver = registry.driver(d);
        if (Ioctl.FIOC_BASE == Ioctl.type(cmd))
        {
            final int st = fds.streamOf(slot);
            final boolean ring = Driver.STREAM_RX_RING == driver.kind();
            switch (cmd)
            {
                case Ioctl.FIONBIO:
                    final int flags = fds.oflagsOf(slot);
                    fds.setOflags(slot, 0 != arg ? flags | OpenFlags.O_NONBLOCK : flags & ~OpenFlags.O_NONBLOCK);
                    return 0;
                case Ioctl.FIONREAD:
                    if (ring)
                    {
                        return streams.available(st);
                    }
                    break;
                case Ioctl.FIOC_OVERRUNS:
                    if (ring)
                    {
                        return streams.overruns(st);
                    }
                    break;
                default:
                    return -Errno.ENOTTY;
            }
            return driver.ioctl(slot, FdTable.minorOfDevice(device), cmd, arg);
        }
        final int routed = route(d, cmd);
        if (routed < 0)
        {
            return routed;
        }
        return driver.ioctl(slot, FdTable.minorOfDevice(device), cmd, arg);
    }

    /**
     * A device command whose argument is structured data in {@code buf[off, off+len)} (in or out,
     * as the command defines). Generic commands are not answered by the HAL in this form.
     *
     * @return {@code >= 0} (command-specific); {@code -EBADF}, {@code -EINVAL} (bad buffer range),
     *         {@code -ENOTTY}, {@code -ENOTSUP}, or the driver's error
     */
    public int ioctl(final int fd, final int cmd, final byte[] buf, final int off, final int len)
    {
        final int slot = fds.slotOf(fd, callerModule());
        if (slot < 0)
        {
            return slot;
        }
        if (!isRange(buf, off, len))
        {
            return -Errno.EINVAL;
        }
        final int device = fds.deviceOf(slot);
        final int d = FdTable.driverOfDevice(device);
        final int routed = Ioctl.FIOC_BASE == Ioctl.type(cmd)
            ? (Ioctl.isDefined(cmd) ? 0 : -Errno.ENOTTY)
            : route(d, cmd);
        if (routed < 0)
        {
            return routed;
        }
        return registry.driver(d).ioctl(slot, FdTable.minorOfDevice(device), cmd, buf, off, len);
    }

    // =============================================================================================
    // Readiness (coroutine side)
    // =============================================================================================

    /**
     * The directive that suspends the running coroutine until {@code fd} may be readable, or
     * {@code timeoutTicks} pass ({@link Scheduler#FOREVER}, or {@code >= 0}). See the class comment
     * for the retry loop and what {@code s.status()} says after it.
     *
     * @return the directive to return from {@code resume}: a wait on the stream, or a yield when
     *         {@code fd} is already readable, not waitable (SEEKABLE, not open for reading) or not a
     *         valid fd of the caller
     * @throws IllegalStateException outside a running coroutine (programming error)
     */
    public int awaitReadable(final int fd, final long timeoutTicks)
    {
        return await(fd, timeoutTicks, Driver.POLLIN);
    }

    /** Like {@link #awaitReadable}, for room to write. */
    public int awaitWritable(final int fd, final long timeoutTicks)
    {
        return await(fd, timeoutTicks, Driver.POLLOUT);
    }

    private int await(final int fd, final long timeoutTicks, final int event)
    {
        if (timeoutTicks < Scheduler.FOREVER)
        {
            throw new IllegalArgumentException("timeout must be >= 0 or FOREVER: timeoutTicks=" + timeoutTicks);
        }
        final int slot = fds.slotOf(fd, callerModule());
        if (slot >= 0)
        {
            final int st = fds.streamOf(slot);
            if (StreamTable.NO_STREAM != st && !isReady(slot, st, event))
            {
                // One queue per direction: a signal for the other one must not wake this coroutine.
                return scheduler.pend(Driver.POLLIN == event ? streams.readers(st) : streams.writers(st), timeoutTicks);
            }
        }
        return scheduler.yield();
    }

    private boolean isReady(final int slot, final int st, final int event)
    {
        final int flags = fds.oflagsOf(slot);
        final boolean wanted = Driver.POLLIN == event ? OpenFlags.canRead(flags) : OpenFlags.canWrite(flags);
        if (!wanted)
        {
            return true;  // the retry reports -EBADF at once; never wait for what cannot come
        }
        final int device = fds.deviceOf(slot);
        final Driver driver = registry.driver(FdTable.driverOfDevice(device));
        if (Driver.POLLIN == event && Driver.STREAM_RX_RING == driver.kind())
        {
            return streams.available(st) > 0;
        }
        return 0 != (driver.poll(slot, FdTable.minorOfDevice(device)) & event);
    }

    // =============================================================================================
    // Lower half services (kernel context; reached through Driver.deliver / signalReady)
    // =============================================================================================

    /** See {@link Driver#deliver}. */
    int receive(final int driverId, final int minor, final byte[] src, final int off, final int len)
    {
        if (!isRange(src, off, len) || 0 == len || !serves(driverId, minor))
        {
            return 0;
        }
        final int device = FdTable.deviceId(driverId, minor);
        int fed = 0;
        for (int i = 0; i < streams.capacity(); i++)
        {
            final int slot = streams.fdSlotOf(i);
            if (slot >= 0 && fds.deviceOf(slot) == device && OpenFlags.canRead(fds.oflagsOf(slot)))
            {
                streams.put(i, src, off, len);
                wake(i, Driver.POLLIN, 0); // data is news to readers only
                fed++;
            }
        }
        return fed;
    }

    /**
     * See {@link Driver#signalReady}: wakes the read waiters ({@link Driver#POLLIN}) and/or the write
     * waiters ({@link Driver#POLLOUT}) of every open of the device. {@code events} was checked by the
     * driver side.
     */
    int signal(final int driverId, final int minor, final int events)
    {
        if (!serves(driverId, minor))
        {
            return 0;
        }
        final int device = FdTable.deviceId(driverId, minor);
        int woken = 0;
        for (int i = 0; i < streams.capacity(); i++)
        {
            final int slot = streams.fdSlotOf(i);
            if (slot >= 0 && fds.deviceOf(slot) == device)
            {
                woken += wake(i, events, 0);
            }
        }
        return woken;
    }

    /**
     * Wakes streaming slot {@code st}'s read waiters if {@code events} has {@link Driver#POLLIN}, its
     * write waiters if it has {@link Driver#POLLOUT}, with {@code status}: the one place that maps a
     * direction to its queue for a wake-up.
     *
     * @return the coroutines woken
     */
    private int wake(final int st, final int events, final int status)
    {
        int woken = 0;
        if (0 != (events & Driver.POLLIN))
        {
            woken += scheduler.wakeAll(streams.readers(st), status, 0);
        }
        if (0 != (events & Driver.POLLOUT))
        {
            woken += scheduler.wakeAll(streams.writers(st), status, 0);
        }
        return woken;
    }

    /** See {@link Driver#position}. */
    int positionOf(final int slot)
    {
        return fds.positionOf(slot);
    }

    /**
     * Boot only: routes interrupt {@code line} of {@code bridge} to the bottom half of driver
     * {@code driverId} (as returned by {@link #register}) for its device {@code minor}; the bridge
     * then calls it in kernel context after the line is raised (see {@link InterruptRoute}).
     *
     * @throws IllegalArgumentException for an unknown driver or minor, or a line the bridge refuses
     * @throws IllegalStateException    after {@link #seal()}, or if the line already has a bottom half
     */
    public void routeInterrupt(final dev.fireball.kernel.InterruptBridge bridge, final int line, final int driverId,
        final int minor)
    {
        if (registry.isSealed())
        {
            throw new IllegalStateException("HAL is sealed: route interrupts at boot");
        }
        if (null == bridge || driverId < 0 || driverId >= registry.driverCount() || minor < 0
            || minor >= registry.driver(driverId).instances())
        {
            throw new IllegalArgumentException("routeInterrupt: unknown driver or minor: driverId=" + driverId
                + ", minor=" + minor);
        }
        bridge.register(line, new InterruptRoute(this, driverId, minor));
    }

    /**
     * Runs driver {@code driverId}'s bottom half for device {@code minor} with the pending bits its
     * interrupt set. Called by the interrupt bridge in kernel context; an unknown driver id or a
     * minor the driver does not serve is ignored.
     */
    public void bottomHalf(final int driverId, final int minor, final int pending)
    {
        if (driverId >= 0 && driverId < registry.driverCount() && serves(driverId, minor))
        {
            registry.driver(driverId).bottomHalf(minor, pending);
        }
    }

    // =============================================================================================
    // Module layer
    // =============================================================================================

    /**
     * Closes every fd of {@code moduleId} (the module stopped or restarts): waiters wake with
     * {@code -EBADF}, devices whose last open this was shut down.
     *
     * @return the number of fds closed
     */
    public int closeAllOf(final int moduleId)
    {
        int closed = 0;
        for (int s = 0; s < fds.capacity(); s++)
        {
            if (fds.isOpen(s) && fds.ownerOf(s) == moduleId)
            {
                final int driverId = FdTable.driverOfDevice(fds.deviceOf(s));
                try
                {
                    closeSlot(s);
                }
                catch (final Throwable t)
                {
                    // A module stop must finish (heap reset, state STOPPED) whatever a driver
                    // does, and there is no caller to fault: the fd is closed already (closeSlot),
                    // the fault is reported and counted, and the other fds are closed too.
                    stopCloseFaults++;
                    scheduler.reportContainedFault("closing a stopped module's fd: driver ", driverId, t);
                }
                closed++;
            }
        }
        return closed;
    }

    /** Driver faults (a throwing close or shutdown) contained by {@link #closeAllOf}, each reported on the console. */
    public long stopCloseFaultCount()
    {
        return stopCloseFaults;
    }

    /** Open fds of {@code moduleId}. */
    public int openCountOf(final int moduleId)
    {
        return fds.countOwnedBy(moduleId);
    }

    // =============================================================================================
    // Introspection
    // =============================================================================================

    public DeviceRegistry registry()
    {
        return registry;
    }

    /** Open fds, all modules. */
    public int openCount()
    {
        return fds.openCount();
    }

    /** Streaming slots in use. */
    public int streamsInUse()
    {
        return streams.inUse();
    }

    FdTable fdTable()
    {
        return fds;
    }

    StreamTable streamTable()
    {
        return streams;
    }

    /**
     * Verifies every invariant of the class comment; for tests.
     *
     * @throws IllegalStateException naming the first broken one
     */
    public void checkInvariants()
    {
        fds.checkInvariants();
        streams.checkInvariants();
        for (int s = 0; s < fds.capacity(); s++)
        {
            if (!fds.isOpen(s))
            {
                continue;
            }
            final Driver driver = registry.driver(FdTable.driverOfDevice(fds.deviceOf(s)));
            final int st = fds.streamOf(s);
            if ((Driver.SEEKABLE == driver.kind()) != (FdTable.NO_STREAM == st))
            {
                throw new IllegalStateException("fd slot " + s + " has stream " + st + " for driver kind " + driver.kind());
            }
            if (FdTable.NO_STREAM != st && streams.fdSlotOf(st) != s)
            {
                throw new IllegalStateException("fd slot " + s + " uses stream " + st + " lent to " + streams.fdSlotOf(st));
            }
        }
        for (int i = 0; i < streams.capacity(); i++)
        {
            final int s = streams.fdSlotOf(i);
            if (s >= 0 && (!fds.isOpen(s) || fds.streamOf(s) != i))
            {
                throw new IllegalStateException("stream " + i + " is lent to fd slot " + s + " which does not use it");
            }
        }
    }

    // =============================================================================================
    // Internals
    // =============================================================================================

    private int callerModule()
    {
        return scheduler.currentSlot() < 0 ? KERNEL_MODULE : scheduler.moduleOf(scheduler.current());
    }

    /**
     * Whether driver {@code driverId} (registered) serves device {@code minor}. Lower-half entry points
     * check it because a device id is {@code driverId << 16 | minor}: a minor past the driver's range
     * would alias another driver's device (minor 0x10000 of driver 0 is minor 0 of driver 1).
     */
    private boolean serves(final int driverId, final int minor)
    {
        return minor >= 0 && minor < registry.driver(driverId).instances();
    }

    /** Nothing to read or no room to write: never wait in kernel context or with O_NONBLOCK. */
    private int cannotProgress(final int flags)
    {
        return OpenFlags.isNonBlocking(flags) || scheduler.currentSlot() < 0 ? -Errno.EAGAIN : WOULD_BLOCK;
    }

    /** @return 0 if a non-generic {@code cmd} may reach driver {@code d}, else {@code -Errno.ENOTTY} */
    private int route(final int d, final int cmd)
    {
        final int family = Ioctl.type(cmd);
        final int own = registry.familyOf(registry.typeOfDriver(d));
        if (0 != (cmd & ~(Ioctl.TYPE_MASK | Ioctl.NR_MASK)) || Ioctl.NO_FAMILY == own || family != own)
        {
            return -Errno.ENOTTY;
        }
        if (Ioctl.isBuiltInFamily(family) && !Ioctl.isDefined(cmd))
        {
            return -Errno.ENOTTY;
        }
        return 0;
    }

    private int closeSlot(final int slot)
    {
        final int device = fds.deviceOf(slot);
        final int minor = FdTable.minorOfDevice(device);
        final Driver driver = registry.driver(FdTable.driverOfDevice(device));
        final int r;
        try
        {
            r = driver.close(slot, minor);
        }
        finally
        {
            // Even when the driver's close throws: the fd is closed, and the last one shuts down.
            discard(slot);
            if (0 == fds.countOpenOn(device))
            {
                driver.shutdown(minor);  // last close (NuttX uart_close: open_count 1 -> 0)
            }
        }
        return r < 0 ? r : 0;
    }

    /** Frees {@code slot} and its streaming slot; whoever waits on it, in either direction, wakes with -EBADF. */
    private void discard(final int slot)
    {
        final int st = fds.streamOf(slot);
        if (StreamTable.NO_STREAM != st)
        {
            wake(st, Driver.POLLIN | Driver.POLLOUT, -Errno.EBADF);
            streams.release(st);
        }
        fds.release(slot);
    }

    private static boolean isRange(final byte[] buf, final int off, final int len)
    {
        return null != buf && off >= 0 && len >= 0 && off <= buf.length - len;
    }
}
