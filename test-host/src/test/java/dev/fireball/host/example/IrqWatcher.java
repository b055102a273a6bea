package dev.fireball.host.example;

import dev.fireball.kernel.Channel;
import dev.fireball.kernel.Coroutine;
import dev.fireball.kernel.EventGroup;
import dev.fireball.kernel.Scheduler;

/**
 * Second coroutine of the logger module: a select takes only channel arms, so this one waits on the
 * button's event group and forwards each wake-up as a command to the logger's command channel.
 */
final class IrqWatcher extends Coroutine
{
    private final EventGroup events;
    private final Button button;
    Channel commands;

    IrqWatcher(final EventGroup events, final Button button)
    {
        super("irq-watch", 0); // no scratch memory needed
        this.events = events;
        this.button = button;
    }

    @Override
    protected int resume(final Scheduler s)
    {
        switch (pc)
        {
            case 0:
                pc = 1;
                return events.await(Button.PRESSED, EventGroup.ANY | EventGroup.CLEAR, Scheduler.FOREVER);
            case 1:
                pc = 2;
                return commands.send(LoggerMain.CMD_IRQ | (long) button.takePresses() << 8, Scheduler.FOREVER);
            default:
                pc = 1;
                return events.await(Button.PRESSED, EventGroup.ANY | EventGroup.CLEAR, Scheduler.FOREVER);
        }
    }
}
