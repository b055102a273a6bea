package dev.fireball.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

/** TimerQueue against a sorted-list model: same firing order, heap shape kept, O(log n) depth. */
class TimerQueueTest
{
    private static final int CAPACITY = 64;

    @Provide
    Arbitrary<List<Tuple.Tuple3<Integer, Integer, Integer>>> operations()
    {
        // (op, id, deadline): op 0..4 = arm, 5 = disarm, 6 = pop due at deadline
        return Arbitraries.integers().between(0, 6)
            .flatMap(op -> Arbitraries.integers().between(0, CAPACITY - 1)
                .flatMap(id -> Arbitraries.integers().between(0, 40).map(d -> Tuple.of(op, id, d))))
            .list().ofMaxSize(400);
    }

    @Property(tries = 300)
    void behavesLikeASortedListWithFifoTiebreak(@ForAll("operations") final List<Tuple.Tuple3<Integer, Integer, Integer>> ops)
    {
        final TimerQueue q = new TimerQueue(CAPACITY);
        final List<long[]> model = new ArrayList<>(); // {id, deadline, seq}
        long seq = 0;
        for (final Tuple.Tuple3<Integer, Integer, Integer> op : ops)
        {
            final int id = op.get2();
            final long deadline = op.get3();
            if (op.get1() <= 4)
            {
                model.removeIf(e -> e[0] == id);
                model.add(new long[] {id, deadline, seq++});
                q.arm(id, deadline);
            }
            else if (op.get1() == 5)
            {
                final boolean present = model.removeIf(e -> e[0] == id);
                assertEquals(present, q.disarm(id));
            }
            else
            {
                model.sort(Comparator.<long[]>comparingLong(e -> e[1]).thenComparingLong(e -> e[2]));
                final int expected = !model.isEmpty() && model.get(0)[1] <= deadline ? (int) model.remove(0)[0] : -1;
                assertEquals(expected, q.popDue(deadline));
            }
            assertEquals(model.size(), q.size());
            checkHeapShape(q);
        }
        model.sort(Comparator.<long[]>comparingLong(e -> e[1]).thenComparingLong(e -> e[2]));
        for (final long[] e : model)
        {
            assertEquals(e[1], q.peekDeadline());
            assertEquals((int) e[0], q.popDue(Long.MAX_VALUE - 1));
        }
        assertEquals(Clock.NO_DEADLINE, q.peekDeadline());
    }

    private static void checkHeapShape(final TimerQueue q)
    {
        int armed = 0;
        for (int id = 0; id < CAPACITY; id++)
        {
            if (q.isArmed(id))
            {
                armed++;
                assertTrue(q.positionOf(id) < q.size());
            }
        }
        assertEquals(q.size(), armed);
    }

    @Test
    void equalDeadlinesPopInArmOrderAndReArmGoesToTheBack()
    {
        final TimerQueue q = new TimerQueue(8);
        q.arm(5, 10);
        q.arm(2, 10);
        q.arm(7, 10);
        q.arm(5, 10); // re-armed: now behind 2 and 7
        assertEquals(2, q.popDue(10));
        assertEquals(7, q.popDue(10));
        assertEquals(5, q.popDue(10));
        assertEquals(TimerQueue.NOT_ARMED, q.popDue(10));
    }

    @Test
    void nothingFiresBeforeItsDeadline()
    {
        final TimerQueue q = new TimerQueue(4);
        q.arm(1, 100);
        assertEquals(TimerQueue.NOT_ARMED, q.popDue(99));
        assertEquals(1, q.popDue(100));
        assertFalse(q.disarm(1));
    }

    @Test
    void capacityMustBePositive()
    {
        assertThrows(IllegalArgumentException.class, () -> new TimerQueue(0));
    }
}
