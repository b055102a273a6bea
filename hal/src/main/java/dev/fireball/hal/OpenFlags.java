package dev.fireball.hal;

import dev.fireball.kernel.Errno;

/**
 * Flags of {@link Hal#open}, with NuttX's values ({@code include/fcntl.h}): the access mode is two
 * bits, read-ok and write-ok, so {@code O_RDWR == O_RDONLY | O_WRONLY} and a permission check is
 * a mask test. Linux gives {@code O_RDONLY} the value 0, which cannot be tested as a bit; the
 * errno values, not these, are the ones Fireball shares with Linux.
 * <pre>
 *   bit  6        1        0
 *      O_NONBLOCK O_WRONLY O_RDONLY      every other bit must be 0
 * </pre>
 * <p><b>Allocation</b>: none.
 */
public final class OpenFlags
{
    /** Open for reading. */
    public static final int O_RDONLY = 1;
    /** Open for writing. */
    public static final int O_WRONLY = 1 << 1;
    /** Open for reading and writing. */
    public static final int O_RDWR = O_RDONLY | O_WRONLY;
    /** The access-mode bits. */
    public static final int O_ACCMODE = O_RDWR;
    /**
     * Never wait: read and write that cannot progress return {@code -Errno.EAGAIN} instead of
     * {@link Hal#WOULD_BLOCK}.
     */
    public static final int O_NONBLOCK = 1 << 6;

    /** Every bit {@link Hal#open} accepts. */
    public static final int VALID_BITS = O_ACCMODE | O_NONBLOCK;

    private OpenFlags()
    {
    }

    /** @return 0 if {@code oflags} has an access mode and no unknown bit, else {@code -Errno.EINVAL} */
    public static int check(final int oflags)
    {
        if (0 != (oflags & ~VALID_BITS) || 0 == (oflags & O_ACCMODE))
        {
            return -Errno.EINVAL;
        }
        return 0;
    }

    public static boolean canRead(final int oflags)
    {
        return 0 != (oflags & O_RDONLY);
    }

    public static boolean canWrite(final int oflags)
    {
        return 0 != (oflags & O_WRONLY);
    }

    public static boolean isNonBlocking(final int oflags)
    {
        return 0 != (oflags & O_NONBLOCK);
    }
}
