package dev.fireball.host.example;

import dev.fireball.hal.Hal;
import dev.fireball.hal.OpenFlags;
import dev.fireball.kernel.AsciiSink;
import dev.fireball.kernel.Channel;
import dev.fireball.kernel.Coroutine;
import dev.fireball.kernel.Errno;
import dev.fireball.kernel.FuturePool;
import dev.fireball.kernel.Scheduler;
import dev.fireball.kernel.Select;

/**
 * The logger module's init coroutine: selects over the sample channel and the command channel with
 * a 50-tick timeout and writes one line per event into device://loop/0:
 * {@code S<n> <value>} per sample, {@code I<presses>} per button command, {@code T} per timeout,
 * {@code Q} on quit. When the 20th sample is logged it resolves {@link #loggedTwenty} with that
 * sample's value. On quit it cancels its watcher, closes the device and finishes with the count.
 */
final class LoggerMain extends Coroutine
{
    static final long TIMEOUT = 50;
    static final int SAMPLES_WANTED = 20;
    static final long CMD_IRQ = 1;
    static final long CMD_QUIT = 2;

    private static final int SELECT = 1;
    private static final int SELECTED = 2;

    private final Hal hal;
    private final Select select;
    private final FuturePool futures;
    private final IrqWatcher watcher;
    private final AsciiSink line = new AsciiSink(32);
    Channel samples;
    Channel commands;
    int loggedTwenty;

    private int fd;
    private int watcherHandle;
    int logged;
    int timeouts;
    int writeErrors;

    LoggerMain(final Hal hal, final Select select, final FuturePool futures, final IrqWatcher watcher)
    {
        super("logger");
        this.hal = hal;
        this.select = select;
        this.futures = futures;
        this.watcher = watcher;
    }

    @Override
    protected int resume(final Scheduler s)
    {
        switch (pc)
        {
            case 0:
                logged = 0;
                timeouts = 0;
                fd = hal.open("device://loop/0", OpenFlags.O_WRONLY);
                if (fd < 0)
                {
                    return s.fail(fd);
                }
                watcherHandle = s.spawnDetached(watcher);
                if (watcherHandle < 0)
                {
                    return s.fail(watcherHandle);
                }
                pc = SELECT;
                return armAndAwait();
            case SELECTED:
                final int st = s.status();
                if (0 == st)
                {
                    logged++;
                    emit(line.put('S').dec(logged).put(' ').dec(s.value()));
                    if (SAMPLES_WANTED == logged)
                    {
                        futures.resolve(loggedTwenty, s.value());
                    }
                }
                else if (1 == st)
                {
                    final long cmd = s.value();
                    if (CMD_QUIT == cmd)
                    {
                        emit(line.put('Q'));
                        s.cancel(watcherHandle);
                        hal.close(fd);
                        return s.done(logged);
                    }
                    emit(line.put('I').dec(cmd >> 8));
                }
                else if (-Errno.ETIMEDOUT == st)
                {
                    timeouts++;
                    emit(line.put('T'));
                }
                else
                {
                    return s.fail(st);
                }
                pc = SELECT;
                return armAndAwait();
            default:
                return s.fail(-1);
        }
    }

    private int armAndAwait()
    {
        select.begin();
        select.receive(samples);   // arm 0
        select.receive(commands);  // arm 1
        pc = SELECTED;
        return select.await(TIMEOUT);
    }

    private void emit(final AsciiSink l)
    {
        l.nl();
        if (hal.write(fd, l.buffer(), 0, l.length()) != l.length())
        {
            writeErrors++;
        }
        l.clear();
    }
}
