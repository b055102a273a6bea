package dev.fireball.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * TimerQueue against a reference model, a list of (id, deadline, arm sequence) kept in firing order:
 * same firing order (FIFO among equal deadlines), and after every operation the heap's shape (every
 * armed id at a distinct position below size, each below its parent in the model's order, with
 * {@link TimerQueue#ARITY} children per node) and its answers (peek, deadlines, armed or not).
 */
class TimerQueueTest
{
    private static final int MAX_CAPACITY = 80;
    private static final int ARM = 0;
    private static final int DISARM = 5;
    private static final int POP = 6;
    private static final int SKIP_SEQUENCE = 7;
    private static final Comparator<long[]> FIRING_ORDER =
        Comparator.<long[]>comparingLong(e -> e[1]).thenComparingLong(e -> e[2]);

    @Provide
    Arbitrary<List<Tuple.Tuple3<Integer, Integer, Integer>>> operations()
    {
        // (op, id, value): op 0..4 = arm id for deadline value, 5 = disarm id, 6 = pop due at value,
        // 7 = skip the arm sequence to at most value % 4 + 1 arms before it renumbers. Small deadlines: many ties.
        return Arbitraries.integers().between(0, 7)
            .flatMap(op -> Arbitraries.integers().between(0, MAX_CAPACITY - 1)
                .flatMap(id -> Arbitraries.integers().between(0, 40).map(d -> Tuple.of(op, id, d))))
            .list().ofMaxSize(400);
    }

    @Property(tries = 400)
    void behavesLikeASortedListWithFifoTiebreak(
        @ForAll @IntRange(min = 1, max = MAX_CAPACITY) final int capacity,
        @ForAll("operations") final List<Tuple.Tuple3<Integer, Integer, Integer>> ops)
    {
        final TimerQueue q = new TimerQueue(capacity);
        final List<long[]> model = new ArrayList<>(); // {id, deadline, seq}, in firing order
        long seq = 0;
        for (final Tuple.Tuple3<Integer, Integer, Integer> op : ops)
        {
            final int id = op.get2() % capacity;
            final long value = op.get3();
            if (op.get1() < DISARM)
            {
                model.removeIf(e -> e[0] == id);
                model.add(new long[] {id, value, seq++});
                model.sort(FIRING_ORDER);
                q.arm(id, value);
            }
            else if (DISARM == op.get1())
            {
                final boolean present = model.removeIf(e -> e[0] == id);
                assertEquals(present, q.disarm(id));
            }
            else if (POP == op.get1())
            {
                final int expected = !model.isEmpty() && model.get(0)[1] <= value ? (int) model.remove(0)[0] : -1;
                assertEquals(expected, q.popDue(value));
            }
            else
            {
                q.skipSequence(value % 4 + 1);
            }
            checkAgainstModel(q, model, capacity);
        }
        for (final long[] e : model)
        {
            assertEquals(e[1], q.peekDeadline());
            assertEquals((int) e[0], q.popDue(Long.MAX_VALUE - 1));
        }
        assertEquals(Clock.NO_DEADLINE, q.peekDeadline());
        assertEquals(TimerQueue.NOT_ARMED, q.peek());
    }

    /** {@code model} in firing order. */
    private static void checkAgainstModel(final TimerQueue q, final List<long[]> model, final int capacity)
    {
        assertEquals(model.size(), q.size());
        final long[][] byId = new long[capacity][];
        for (final long[] e : model)
        {
            byId[(int) e[0]] = e;
        }
        final int[] idAt = new int[q.size()];
        Arrays.fill(idAt, TimerQueue.NOT_ARMED);
        for (int id = 0; id < capacity; id++)
        {
            final int p = q.positionOf(id);
            assertEquals(null != byId[id], q.isArmed(id), "armed: id " + id);
            if (null == byId[id])
            {
                assertEquals(TimerQueue.NOT_ARMED, p);
                assertEquals(Clock.NO_DEADLINE, q.deadlineOf(id));
                continue;
            }
            assertEquals(byId[id][1], q.deadlineOf(id));
            assertTrue(p >= 0 && p < q.size(), "position " + p + " of id " + id + ", size " + q.size());
            assertEquals(TimerQueue.NOT_ARMED, idAt[p], "two ids at position " + p);
            idAt[p] = id;
        }
        for (int p = 1; p < idAt.length; p++)
        {
            final long[] parent = byId[idAt[(p - 1) / TimerQueue.ARITY]];
            assertTrue(FIRING_ORDER.compare(parent, byId[idAt[p]]) < 0, "heap order broken at position " + p);
        }
        assertEquals(model.isEmpty() ? TimerQueue.NOT_ARMED : (int) model.get(0)[0], q.peek());
        assertEquals(model.isEmpty() ? Clock.NO_DEADLINE : model.get(0)[1], q.peekDeadline());
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
    void renumberingTheUsedUpSequenceKeepsTheArmOrder()
    {
        final TimerQueue q = new TimerQueue(8);
        q.arm(6, 10);
        q.arm(1, 10);
        q.arm(3, 5);
        q.skipSequence(1);
        q.arm(4, 10); // the last number of the sequence
        q.arm(0, 10); // renumbers first
        q.arm(1, 10); // re-armed: to the back
        assertEquals(3, q.popDue(10));
        assertEquals(6, q.popDue(10));
        assertEquals(4, q.popDue(10));
        assertEquals(0, q.popDue(10));
        assertEquals(1, q.popDue(10));
        assertEquals(0, q.size());
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
    void aTimerThatIsNotArmedHasNoDeadline()
    {
        final TimerQueue q = new TimerQueue(4);
        assertEquals(Clock.NO_DEADLINE, q.deadlineOf(2));
        q.arm(2, 30);
        assertEquals(30, q.deadlineOf(2));
        q.disarm(2);
        assertEquals(Clock.NO_DEADLINE, q.deadlineOf(2));
    }

    @Test
    void aQueueOfOneTimerReArmsIt()
    {
        final TimerQueue q = new TimerQueue(1);
        q.arm(0, 7);
        q.arm(0, 3);
        assertEquals(3, q.peekDeadline());
        assertEquals(0, q.popDue(3));
        assertEquals(TimerQueue.NOT_ARMED, q.peek());
    }

    @Test
    void anIdOutsideTheCapacityIsRejectedWithTheRange()
    {
        final TimerQueue q = new TimerQueue(4);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> q.arm(4, 1));
        assertEquals("timer id out of range 0..3: id=4", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> q.disarm(-1));
        assertThrows(IllegalArgumentException.class, () -> q.isArmed(4));
        assertEquals(0, q.size());
    }

    @Test
    void capacityMustBePositive()
    {
        assertThrows(IllegalArgumentException.class, () -> new TimerQueue(0));
    }
}
