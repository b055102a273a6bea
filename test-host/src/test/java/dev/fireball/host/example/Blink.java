package dev.fireball.host.example;

import dev.fireball.kernel.Coroutine;
import dev.fireball.kernel.Scheduler;

/**
 * The README's coroutine, with its LED as a field a test can read: on at tick 0, off at 500, on
 * at 1000, and so on, forever. docs/testing-apps.md tests it in virtual time ({@link BlinkTest})
 * and for allocation after seal ({@link BlinkAllocationTest}).
 */
final class Blink extends Coroutine
{
    static final long HALF_PERIOD = 500;

    boolean led;
    int toggles;

    Blink()
    {
        super("blink");
    }

    @Override
    protected int resume(final Scheduler s)
    {
        toggles++;
        switch (pc)
        {
            case 0:
                led = true;
                pc = 1;
                return s.sleep(HALF_PERIOD);
            default:
                led = false;
                pc = 0;
                return s.sleep(HALF_PERIOD);
        }
    }
}
