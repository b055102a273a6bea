package dev.fireball.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class ReadyQueueTest
{
    @Test
    void capacityRoundsUpToAPowerOfTwo()
    {
        assertEquals(8, new ReadyQueue(5).capacity());
        assertEquals(1, new ReadyQueue(1).capacity());
        assertThrows(IllegalArgumentException.class, () -> new ReadyQueue(0));
    }

    @Test
    void overflowIsAKernelBugAndFailsLoudly()
    {
        final ReadyQueue q = new ReadyQueue(2);
        q.push(0);
        q.push(1);
        assertThrows(IllegalStateException.class, () -> q.push(2));
    }

    @Property(tries = 200)
    void isAFifoAcrossWrapAroundAndRemoveKeepsOrder(
        @ForAll @Size(max = 300) final List<@IntRange(min = -1, max = 15) Integer> ops)
    {
        // op >= 0 pushes that slot (if not queued), -1 polls; every 7th op removes the op's slot.
        final ReadyQueue q = new ReadyQueue(16);
        final ArrayDeque<Integer> model = new ArrayDeque<>();
        int i = 0;
        for (final int op : ops)
        {
            if (op < 0)
            {
                assertEquals(model.isEmpty() ? ReadyQueue.EMPTY : model.poll(), q.poll());
            }
            else if (++i % 7 == 0)
            {
                assertEquals(model.remove(op), q.remove(op));
            }
            else if (!model.contains(op))
            {
                model.add(op);
                q.push(op);
            }
            assertEquals(model.size(), q.size());
            int k = 0;
            for (final int slot : model)
            {
                assertEquals(slot, q.get(k++));
            }
        }
        assertEquals(model.isEmpty(), q.isEmpty());
        assertFalse(q.size() > 16);
        assertTrue(q.size() >= 0);
    }
}
