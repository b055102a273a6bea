package dev.fireball.kernel;

/**
 * POSIX error numbers with the numeric values of Linux's {@code asm-generic/errno-base.h} and
 * {@code errno.h}. Kernel and HAL calls return them negated ({@code return -Errno.EAGAIN;}); a
 * value {@code >= 0} is success.
 * <p><b>Allocation</b>: none; {@link #name(int)} returns interned literals.
 */
public final class Errno
{
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int ENXIO = 6;
    public static final int E2BIG = 7;
    public static final int EBADF = 9;
    public static final int ECHILD = 10;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EFAULT = 14;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int EMFILE = 24;
    public static final int ENOTTY = 25;
    public static final int EFBIG = 27;
    public static final int ENOSPC = 28;
    public static final int ESPIPE = 29;
    public static final int EPIPE = 32;
    public static final int ERANGE = 34;
    public static final int EDEADLK = 35;
    public static final int ENOSYS = 38;
    public static final int ENOMSG = 42;
    public static final int ENODATA = 61;
    public static final int EOVERFLOW = 75;
    public static final int EBADFD = 77;
    public static final int ENOTSUP = 95;
    public static final int ETIMEDOUT = 110;
    public static final int EALREADY = 114;
    /** A module's quota (coroutines, fds, channels) is used up. */
    public static final int EDQUOT = 122;
    public static final int ECANCELED = 125;
    public static final int EOWNERDEAD = 130;

    private Errno()
    {
    }

    /**
     * The symbolic name of an error number, negated or not ({@code name(-11)} is {@code "EAGAIN"}).
     *
     * @return the name, or {@code "E?"} for a number this class does not define
     */
    public static String name(final int errno)
    {
        switch (errno < 0 ? -errno : errno)
        {
            case EPERM: return "EPERM";
            case ENOENT: return "ENOENT";
            case ESRCH: return "ESRCH";
            case EINTR: return "EINTR";
            case EIO: return "EIO";
            case ENXIO: return "ENXIO";
            case E2BIG: return "E2BIG";
            case EBADF: return "EBADF";
            case ECHILD: return "ECHILD";
            case EAGAIN: return "EAGAIN";
            case ENOMEM: return "ENOMEM";
            case EACCES: return "EACCES";
            case EFAULT: return "EFAULT";
            case EBUSY: return "EBUSY";
            case EEXIST: return "EEXIST";
            case ENODEV: return "ENODEV";
            case EINVAL: return "EINVAL";
            case EMFILE: return "EMFILE";
            case ENOTTY: return "ENOTTY";
            case EFBIG: return "EFBIG";
            case ENOSPC: return "ENOSPC";
            case ESPIPE: return "ESPIPE";
            case EPIPE: return "EPIPE";
            case ERANGE: return "ERANGE";
            case EDEADLK: return "EDEADLK";
            case ENOSYS: return "ENOSYS";
            case ENOMSG: return "ENOMSG";
            case ENODATA: return "ENODATA";
            case EOVERFLOW: return "EOVERFLOW";
            case EBADFD: return "EBADFD";
            case ENOTSUP: return "ENOTSUP";
            case ETIMEDOUT: return "ETIMEDOUT";
            case EALREADY: return "EALREADY";
            case EDQUOT: return "EDQUOT";
            case ECANCELED: return "ECANCELED";
            case EOWNERDEAD: return "EOWNERDEAD";
            default: return "E?";
        }
    }
}
