package dev.fireball.host.example;

import dev.fireball.kernel.Channel;
import dev.fireball.kernel.Coroutine;
import dev.fireball.kernel.FuturePool;
import dev.fireball.kernel.InterruptBridge;
import dev.fireball.kernel.Modules;
import dev.fireball.kernel.Scheduler;

/**
 * A kernel coroutine (module 0): awaits the "20 samples logged" future with a timeout, then stops
 * the sensor module, lets the logger time out twice, tells it to quit, joins it and shuts the
 * button's line down so that the run can end.
 */
final class MainTask extends Coroutine
{
    static final long FUTURE_TIMEOUT = 1000;
    static final long QUIET = 120;

    private final Modules modules;
    private final FuturePool futures;
    private final InterruptBridge bridge;
    int sensor;
    int logger;
    int future;
    Channel commands;

    int futureStatus = Integer.MIN_VALUE;
    long futureValue;
    long futureTick;
    int sensorStopped;
    int quitStatus = Integer.MIN_VALUE;
    int joinStatus = Integer.MIN_VALUE;
    long joinValue;

    MainTask(final Modules modules, final FuturePool futures, final InterruptBridge bridge)
    {
        super("main");
        this.modules = modules;
        this.futures = futures;
        this.bridge = bridge;
    }

    @Override
    protected int resume(final Scheduler s)
    {
        switch (pc)
        {
            case 0:
                pc = 1;
                return futures.await(future, FUTURE_TIMEOUT);
            case 1:
                futureStatus = s.status();
                futureValue = s.value();
                futureTick = s.now();
                sensorStopped = modules.stop(sensor);
                pc = 2;
                return s.sleep(QUIET);
            case 2:
                pc = 3;
                return commands.send(LoggerMain.CMD_QUIT, 10);
            case 3:
                quitStatus = s.status();
                pc = 4;
                return s.join(modules.initHandle(logger), 10);
            case 4:
                joinStatus = s.status();
                joinValue = s.value();
                bridge.unregister(Button.LINE); // the line no longer keeps an idle kernel alive
                return s.done(futureValue);
            default:
                return s.fail(-1);
        }
    }
}
