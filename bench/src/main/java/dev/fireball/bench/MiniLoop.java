package dev.fireball.bench;

/**
 * The minimal baseline for the channel benchmarks: the least machinery that cooperative coroutines
 * passing values through a blocking channel need, hand-written for exactly two tasks. A ready ring of
 * task ids, tasks as {@code switch (pc)} state machines, and {@link Channel}: a plain {@code long[]}
 * ring plus one waiting receiver and one waiting sender. No handles, generations, timers, wait
 * queues, selects, closes, interrupt checks, statistics or misuse checks: what the kernel does in
 * addition is exactly what the benchmark ratio prices.
 * <p>Semantics match the kernel's where the benchmarks use them: a receive takes from the ring,
 * then moves a blocked sender's value in; a send hands its value to a waiting receiver; an operation
 * that completes at once continues the task without a switch (the kernel's {@code proceed}).
 */
final class MiniLoop
{
    private final Task[] tasks;
    private final int[] ready = new int[8];
    private int head;
    private int tail;

    MiniLoop(final Task... tasks)
    {
        this.tasks = tasks;
        for (int i = 0; i < tasks.length; i++)
        {
            tasks[i].id = i;
            push(i);
        }
    }

    void push(final int task)
    {
        ready[tail++ & 7] = task;
    }

    /** Resume the next ready task; false if none is ready. */
    boolean step()
    {
        if (head == tail)
        {
            return false;
        }
        tasks[ready[head++ & 7]].resume(this);
        return true;
    }

    /** Steps that resumed a task so far (modulo 2^32): lets tests count the baseline's switches. */
    int stepCount()
    {
        return head;
    }

    Task task(final int id)
    {
        return tasks[id];
    }

    /** A state machine; {@link #resume} returns when it blocks (a channel then holds its id). */
    abstract static class Task
    {
        int id;
        int pc;
        long received;

        abstract void resume(MiniLoop loop);
    }

    /** Capacity 0 (rendezvous) or a power of two. */
    static final class Channel
    {
        private final long[] ring;
        private final int mask;
        private final int capacity;
        private int head;
        private int tail;
        private int receiver = -1;
        private int sender = -1;
        private long senderValue;

        Channel(final int capacity)
        {
            this.capacity = capacity;
            ring = new long[Math.max(1, capacity)];
            mask = ring.length - 1;
        }

        /** @return true if sent at once; false: {@code task} now waits to send {@code v} */
        boolean send(final MiniLoop loop, final Task task, final long v)
        {
            if (receiver >= 0)
            {
                loop.task(receiver).received = v;
                loop.push(receiver);
                receiver = -1;
                return true;
            }
            if (tail - head < capacity)
            {
                ring[tail++ & mask] = v;
                return true;
            }
            sender = task.id;
            senderValue = v;
            return false;
        }

        /** @return true if {@code task.received} holds a value; false: {@code task} now waits */
        boolean receive(final MiniLoop loop, final Task task)
        {
            if (tail != head)
            {
                task.received = ring[head++ & mask];
                if (sender >= 0)
                {
                    ring[tail++ & mask] = senderValue;
                    loop.push(sender);
                    sender = -1;
                }
                return true;
            }
            if (sender >= 0)
            {
                task.received = senderValue;
                loop.push(sender);
                sender = -1;
                return true;
            }
            receiver = task.id;
            return false;
        }
    }
}
