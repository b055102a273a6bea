package dev.fireball.hal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fireball.kernel.Errno;
import org.junit.jupiter.api.Test;

class FdTableTest
{
    private final FdTable table = new FdTable(64);

    @Test
    void fdsArePositiveAndResolveToTheirSlotForTheirModule()
    {
        final int s = table.allocate(3, OpenFlags.O_RDWR, 2, 1);
        final int fd = table.fdOf(s);
        assertTrue(fd > 0);
        assertEquals(s, table.slotOf(fd, 3));
        assertEquals(2, FdTable.driverOfDevice(table.deviceOf(s)));
        assertEquals(1, FdTable.minorOfDevice(table.deviceOf(s)));
        table.checkInvariants();
    }

    @Test
    void anotherModulesFdIsEbadf()
    {
        final int fd = table.fdOf(table.allocate(3, OpenFlags.O_RDONLY, 0, 0));
        assertEquals(-Errno.EBADF, table.slotOf(fd, 4));
    }

    @Test
    void staleFdIsRejectedAfterSlotReuse()
    {
        final FdTable one = new FdTable(1);
        final int s = one.allocate(0, OpenFlags.O_RDONLY, 0, 0);
        final int stale = one.fdOf(s);
        one.release(s);
        assertEquals(-Errno.EBADF, one.slotOf(stale, 0));
        final int again = one.allocate(0, OpenFlags.O_RDONLY, 0, 0);
        assertEquals(s, again);
        assertNotEquals(stale, one.fdOf(again));
        assertEquals(-Errno.EBADF, one.slotOf(stale, 0));
        one.checkInvariants();
    }

    @Test
    void slotsAreReusedRoundRobinSoGenerationsAgeEvenly()
    {
        final int a = table.allocate(0, OpenFlags.O_RDONLY, 0, 0);
        table.release(a);
        final int b = table.allocate(0, OpenFlags.O_RDONLY, 0, 0);
        assertEquals(a + 1, b);
    }

    @Test
    void fullTableReturnsNoSlot()
    {
        final FdTable two = new FdTable(2);
        two.allocate(0, OpenFlags.O_RDONLY, 0, 0);
        two.allocate(0, OpenFlags.O_RDONLY, 0, 0);
        assertEquals(FdTable.NO_SLOT, two.allocate(0, OpenFlags.O_RDONLY, 0, 0));
    }

    @Test
    void garbageFdsAreEbadf()
    {
        table.allocate(0, OpenFlags.O_RDONLY, 0, 0);
        for (final int fd : new int[] {0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 1, 63, 64, 1 << 6 | 63})
        {
            if (fd != table.fdOf(0))
            {
                assertEquals(-Errno.EBADF, table.slotOf(fd, 0), "fd " + fd);
            }
        }
    }

    @Test
    void countsByOwnerAndDevice()
    {
        table.allocate(1, OpenFlags.O_RDONLY, 0, 0);
        table.allocate(1, OpenFlags.O_RDONLY, 0, 1);
        table.allocate(2, OpenFlags.O_RDONLY, 0, 1);
        assertEquals(2, table.countOwnedBy(1));
        assertEquals(2, table.countOpenOn(FdTable.deviceId(0, 1)));
        assertEquals(3, table.openCount());
    }

    @Test
    void sizesOutOfRangeAreRejectedAtBoot()
    {
        assertThrows(IllegalArgumentException.class, () -> new FdTable(0));
        assertThrows(IllegalArgumentException.class, () -> new FdTable(65537));
    }
}
