package dev.fireball.host.example;

import dev.fireball.kernel.Channel;
import dev.fireball.kernel.Coroutine;
import dev.fireball.kernel.Scheduler;

/**
 * The README's multi-step coroutine: receives values, sends each doubled, until its input closes.
 * It loops through its {@code switch}, so an operation that completes at once goes on in the same
 * resume ({@link Scheduler#completedNow}); one that must wait returns its directive, and the next
 * resume continues at {@code pc}. Laid out compactly, as the README shows it: DocSnippetsTest holds
 * the README's snippet to these lines.
 */
final class Doubler extends Coroutine {
    private final Channel in;
    private final Channel out;

    Doubler(final Channel in, final Channel out) {
        super("doubler");
        this.in = in;
        this.out = out;
    }

    @Override
    protected int resume(final Scheduler s) {
        while (true) {
            int d;
            switch (pc) {
                case 0:                                         // receive
                    pc = 1;
                    d = in.receive(Scheduler.FOREVER);
                    if (!s.completedNow(d)) { return d; }       // wait; resume at case 1
                    // fall through: it completed at once
                case 1:                                         // received: s.status(), s.value()
                    if (0 != s.status()) { return s.done(0); }  // Channel.CLOSED: input closed and drained
                    pc = 0;
                    d = out.send(2 * s.value(), Scheduler.FOREVER);
                    if (!s.completedNow(d)) { return d; }       // wait; resume at case 0
                    break;
                default:
                    throw new IllegalStateException("pc " + pc);
            }
        }
    }
}
