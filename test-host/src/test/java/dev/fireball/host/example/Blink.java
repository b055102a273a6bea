package dev.fireball.host.example;

import dev.fireball.kernel.Coroutine;
import dev.fireball.kernel.Scheduler;

/**
 * The README's coroutine, with its LED as a field a test can read: on at tick 0, off at 500, on
 * at 1000, and so on, forever. docs/testing-apps.md tests it in virtual time ({@link BlinkTest})
 * and for allocation after seal ({@link BlinkAllocationTest}). Laid out compactly, as the README
 * shows it: DocSnippetsTest holds the README's snippet to these lines.
 */
final class Blink extends Coroutine {
    Blink() { super("blink"); }

    @Override
    protected int resume(final Scheduler s) {
        switch (pc) {
            case 0:  led(true);  pc = 1; return s.sleep(500);
            default: led(false); pc = 0; return s.sleep(500);
        }
    }

    boolean led;
    int toggles;

    /** The "hardware": a test reads the LED and counts the toggles. */
    private void led(final boolean on) {
        led = on;
        toggles++;
    }
}
