package dev.fireball.hal;

import static dev.fireball.hal.OpenFlags.O_NONBLOCK;
import static dev.fireball.hal.OpenFlags.O_RDONLY;
import static dev.fireball.hal.OpenFlags.O_RDWR;
import static dev.fireball.hal.OpenFlags.O_WRONLY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fireball.hal.support.BareDriver;
import dev.fireball.hal.support.Rig;
import dev.fireball.kernel.Errno;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every documented error of the six calls (Zephyr's test_msgq_fail.c, anchors §7.6). */
class HalFailTest
{
    private final Rig rig = new Rig();
    private final Hal hal = rig.hal;
    private final byte[] buf = new byte[16];

    @AfterEach
    void invariantsHold()
    {
        hal.checkInvariants();
    }

    @Test
    void shouldReturnEinvalForMalformedUris()
    {
        assertEquals(-Errno.EINVAL, hal.open(null, O_RDWR));
        assertEquals(-Errno.EINVAL, hal.open("device://uart", O_RDWR));
        assertEquals(-Errno.EINVAL, hal.open("device://uart/*", O_RDWR));
        assertEquals(-Errno.EINVAL, hal.open("uart/0", O_RDWR));
    }

    @Test
    void shouldReturnEinvalForBadFlags()
    {
        assertEquals(-Errno.EINVAL, hal.open("device://uart/0", 0));
        assertEquals(-Errno.EINVAL, hal.open("device://uart/0", O_NONBLOCK));
        assertEquals(-Errno.EINVAL, hal.open("device://uart/0", O_RDWR | 0x100));
        assertEquals(-Errno.EINVAL, hal.open("device://uart/0", -1));
    }

    @Test
    void shouldReturnEnodevForUnknownDevices()
    {
        assertEquals(-Errno.ENODEV, hal.open("device://can/0", O_RDWR), "unknown type");
        assertEquals(-Errno.ENODEV, hal.open("device://uart/2", O_RDWR), "index past the driver's instances");
        assertEquals(-Errno.ENODEV, hal.open("device://i2c/0", O_RDWR), "type without a driver");
        assertEquals(-Errno.ENODEV, hal.open("device://spi/1", O_RDWR), "driver registered for spi/0 only");
    }

    @Test
    void shouldReturnEmfileWhenTheFdTableIsFull()
    {
        final Rig small = new Rig(PermissiveGrants.INSTANCE, 3, 3, true);
        for (int i = 0; i < 3; i++)
        {
            assertTrue(small.hal.open("device://ram/0", O_RDWR) > 0);
        }
        assertEquals(-Errno.EMFILE, small.hal.open("device://ram/0", O_RDWR));
    }

    @Test
    void shouldReturnEnospcWhenNoStreamingSlotIsFree()
    {
        final Rig small = new Rig(PermissiveGrants.INSTANCE, 8, 2, true);
        small.hal.open("device://loop/0", O_RDWR);
        small.hal.open("device://loop/1", O_RDWR);
        assertEquals(-Errno.ENOSPC, small.hal.open("device://loop/0", O_RDWR));
        assertEquals(2, small.hal.openCount(), "the refused open leaves no fd behind");
        assertTrue(small.hal.open("device://ram/0", O_RDWR) > 0, "seekable devices need no streaming slot");
        small.hal.checkInvariants();
    }

    @Test
    void shouldReturnEbadfForFdsThatAreNotOpen()
    {
        final int fd = hal.open("device://loop/0", O_RDWR);
        hal.close(fd);
        for (final int bad : new int[] {fd, 0, -1, -Errno.EBADF, Integer.MAX_VALUE, Integer.MIN_VALUE, 12345})
        {
            assertEquals(-Errno.EBADF, hal.close(bad));
            assertEquals(-Errno.EBADF, hal.read(bad, buf, 0, 1));
            assertEquals(-Errno.EBADF, hal.write(bad, buf, 0, 1));
            assertEquals(-Errno.EBADF, hal.seek(bad, 0, Hal.SEEK_SET));
            assertEquals(-Errno.EBADF, hal.ioctl(bad, Ioctl.FIONREAD, 0));
            assertEquals(-Errno.EBADF, hal.ioctl(bad, Ioctl.TIOCBAUD, buf, 0, 4));
        }
    }

    @Test
    void shouldReturnEbadfForAReusedFdNeverTheNewStream()
    {
        final int old = hal.open("device://ram/0", O_RDWR);
        hal.close(old);
        for (int i = 0; i < Hal.DEFAULT_MAX_FDS; i++)
        {
            hal.open("device://ram/0", O_RDWR);     // every slot, the old one included, is reused
        }
        assertEquals(-Errno.EBADF, hal.write(old, buf, 0, 1));
        assertEquals(-Errno.EBADF, hal.close(old));
    }

    @Test
    void shouldReturnEbadfForTheWrongDirection()
    {
        final int r = hal.open("device://loop/0", O_RDONLY);
        final int w = hal.open("device://loop/0", O_WRONLY);
        assertEquals(-Errno.EBADF, hal.write(r, buf, 0, 1));
        assertEquals(-Errno.EBADF, hal.read(w, buf, 0, 1));
    }

    @Test
    void shouldReturnEinvalForBadBufferRanges()
    {
        final int fd = hal.open("device://loop/0", O_RDWR);
        final int[][] ranges = {{0, -1}, {-1, 1}, {0, 17}, {16, 1}, {17, 0}, {Integer.MAX_VALUE, 1},
            {1, Integer.MAX_VALUE}, {Integer.MIN_VALUE, 0}};
        for (final int[] r : ranges)
        {
            assertEquals(-Errno.EINVAL, hal.read(fd, buf, r[0], r[1]));
            assertEquals(-Errno.EINVAL, hal.write(fd, buf, r[0], r[1]));
            assertEquals(-Errno.EINVAL, hal.ioctl(fd, Ioctl.TIOCBAUD, buf, r[0], r[1]));
        }
        assertEquals(-Errno.EINVAL, hal.read(fd, null, 0, 1));
        assertEquals(-Errno.EINVAL, hal.write(fd, null, 0, 0));
        assertEquals(-Errno.EINVAL, hal.ioctl(fd, Ioctl.TIOCBAUD, null, 0, 0));
    }

    @Test
    void shouldReturnEagainWhenNonBlockingOrOutsideACoroutine()
    {
        final int nb = hal.open("device://loop/0", O_RDWR | O_NONBLOCK);
        final int blocking = hal.open("device://loop/1", O_RDWR);
        assertEquals(-Errno.EAGAIN, hal.read(nb, buf, 0, 1));
        assertEquals(-Errno.EAGAIN, hal.read(blocking, buf, 0, 1), "kernel context never blocks");
        final int gated = hal.open("device://spi/0", O_RDWR | O_NONBLOCK);
        assertEquals(-Errno.EAGAIN, hal.write(gated, buf, 0, 1));
        assertEquals(-Errno.EAGAIN, hal.read(gated, buf, 0, 1));
    }

    @Test
    void shouldReturnWouldBlockToABlockingCoroutine()
    {
        final int result = rig.inModule(0, () -> hal.read(hal.open("device://loop/0", O_RDWR), buf, 0, 1));
        assertEquals(Hal.WOULD_BLOCK, result);
        final int nonBlocking = rig.inModule(0, () -> hal.read(hal.open("device://loop/0", O_RDWR | O_NONBLOCK), buf,
            0, 1));
        assertEquals(-Errno.EAGAIN, nonBlocking);
    }

    @Test
    void shouldReturnEspipeForSeekOnStreams()
    {
        assertEquals(-Errno.ESPIPE, hal.seek(hal.open("device://loop/0", O_RDWR), 0, Hal.SEEK_SET));
        assertEquals(-Errno.ESPIPE, hal.seek(hal.open("device://gpio/0", O_RDWR), 0, Hal.SEEK_SET));
    }

    @Test
    void shouldReturnEnotsupForMissingCallbacks()
    {
        final int fd = hal.open("device://gpio/0", O_RDWR);
        assertEquals(-Errno.ENOTSUP, hal.read(fd, buf, 0, 1));
        assertEquals(-Errno.ENOTSUP, hal.write(fd, buf, 0, 1));
        assertEquals(-Errno.ENOTSUP, hal.ioctl(fd, Ioctl.GPIO_SET_DIR, Ioctl.GPIO_DIR_OUTPUT));
        assertEquals(-Errno.ENOTSUP, hal.ioctl(fd, Ioctl.GPIO_SET_IRQ, buf, 0, 4));
        assertEquals(-Errno.ENOTSUP, hal.ioctl(fd, Ioctl.FIONREAD, 0), "no ring: the driver would answer");
        final Rig r = Rig.unsealed();
        r.hal.register("device://timer/*", new BareDriver(1, Driver.SEEKABLE));
        final int seekable = r.hal.open("device://timer/0", O_RDWR);
        assertEquals(-Errno.ENOTSUP, r.hal.seek(seekable, 0, Hal.SEEK_SET), "a seekable driver without seek");
        assertEquals(-Errno.ENOTSUP, r.hal.read(seekable, buf, 0, 1));
        assertEquals(-Errno.ENOTSUP, r.hal.write(seekable, buf, 0, 1));
        assertEquals(0, r.hal.close(seekable), "missing open and close mean nothing to do, not an error");
    }

    @Test
    void shouldReturnEnottyForUnknownOrForeignCommands()
    {
        final int uart = hal.open("device://uart/0", O_RDWR);
        final int ram = hal.open("device://ram/0", O_RDWR);
        final int gpio = hal.open("device://gpio/0", O_RDWR);
        for (final int cmd : new int[] {0, -1, 0x0100, Ioctl.TIOCBAUD + 1, Ioctl.GPIO_SET_DIR, Ioctl.I2C_SET_ADDR,
            Ioctl.FIOC_BASE | 0x55, 0x10000 | Ioctl.TIOCBAUD, Integer.MIN_VALUE, 0xFFFF, Ioctl.GPIO_BASE | 0x77})
        {
            assertEquals(-Errno.ENOTTY, hal.ioctl(uart, cmd, 0), "cmd " + cmd);
            assertEquals(-Errno.ENOTTY, hal.ioctl(uart, cmd, buf, 0, 4), "cmd " + cmd);
        }
        assertEquals(-Errno.ENOTTY, hal.ioctl(ram, Ioctl.TIOCBAUD, 9600), "ram has no family of its own");
        assertEquals(-Errno.ENOTTY, hal.ioctl(gpio, Ioctl.TIOCBAUD, 9600));
        assertEquals(-Errno.ENOTTY, hal.ioctl(gpio, Ioctl.GPIO_BASE | 0x77, 0));
    }

    @Test
    void shouldReturnTheDriversEinvalForBadArguments()
    {
        final int uart = hal.open("device://uart/0", O_RDWR);
        assertEquals(-Errno.EINVAL, hal.ioctl(uart, Ioctl.TIOCBAUD, 0));
        assertEquals(0, hal.ioctl(uart, Ioctl.TIOCBAUD, 115200));
        assertEquals(115200, rig.uart.baudOf(0));
    }

    @Test
    void awaitOutsideACoroutineIsAProgrammingError()
    {
        final int fd = hal.open("device://loop/0", O_RDWR);
        assertThrows(IllegalStateException.class, () -> hal.awaitReadable(fd, 10));
        assertThrows(IllegalArgumentException.class, () -> hal.awaitWritable(fd, -2));
    }
}
