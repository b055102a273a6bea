package dev.fireball.hal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fireball.kernel.Errno;
import org.junit.jupiter.api.Test;

/** The errors issue 5 requires exist with the numbers of Linux's errno.h, and WOULD_BLOCK is none of them. */
class HalErrnoTest
{
    @Test
    void requiredErrnosHaveLinuxValues()
    {
        // Linux include/uapi/asm-generic/errno-base.h and errno.h (ENOTSUP == EOPNOTSUPP == 95).
        assertEquals(5, Errno.EIO);
        assertEquals(9, Errno.EBADF);
        assertEquals(11, Errno.EAGAIN);
        assertEquals(13, Errno.EACCES);
        assertEquals(16, Errno.EBUSY);
        assertEquals(19, Errno.ENODEV);
        assertEquals(22, Errno.EINVAL);
        assertEquals(24, Errno.EMFILE);
        assertEquals(25, Errno.ENOTTY);
        assertEquals(28, Errno.ENOSPC);
        assertEquals(29, Errno.ESPIPE);
        assertEquals(95, Errno.ENOTSUP);
        assertEquals(110, Errno.ETIMEDOUT);
    }

    @Test
    void wouldBlockIsOutsideTheErrnoRange()
    {
        assertTrue(Hal.WOULD_BLOCK < -4095, "Linux errnos are 1..4095");
        assertEquals("E?", Errno.name(Hal.WOULD_BLOCK));
    }
}
