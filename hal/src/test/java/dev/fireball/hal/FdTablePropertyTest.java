package dev.fireball.hal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fireball.kernel.Errno;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class FdTablePropertyTest
{
    /**
     * Random open/close sequences: every fd ever handed out is unique, resolves while open to
     * the slot it was given, and never again after its close, whatever reuses the slot.
     */
    @Property(tries = 300)
    void generationTaggingNeverAliases(@ForAll @IntRange(min = 1, max = 8) final int capacity,
        @ForAll @Size(min = 1, max = 400) final List<@IntRange(min = 0, max = 99) Integer> ops)
    {
        final FdTable table = new FdTable(capacity);
        final Map<Integer, Integer> open = new HashMap<>();       // fd -> slot
        final Set<Integer> closed = new HashSet<>();
        final List<Integer> order = new ArrayList<>();
        for (final int op : ops)
        {
            if (op < 55 || open.isEmpty())
            {
                final int s = table.allocate(op % 3, OpenFlags.O_RDWR, 0, 0);
                if (open.size() == capacity)
                {
                    assertEquals(FdTable.NO_SLOT, s);
                    continue;
                }
                final int fd = table.fdOf(s);
                assertTrue(fd > 0);
                assertTrue(!open.containsKey(fd) && !closed.contains(fd), "fd " + fd + " handed out twice");
                open.put(fd, s);
                order.add(fd);
            }
            else
            {
                final int fd = order.remove(op % order.size());
                table.release(open.remove(fd));
                closed.add(fd);
            }
            for (final Map.Entry<Integer, Integer> e : open.entrySet())
            {
                final int owner = table.ownerOf(e.getValue());
                assertEquals((int) e.getValue(), table.slotOf(e.getKey(), owner));
            }
            for (final int fd : closed)
            {
                for (int m = 0; m < 3; m++)
                {
                    assertEquals(-Errno.EBADF, table.slotOf(fd, m));
                }
            }
            table.checkInvariants();
        }
    }
}
