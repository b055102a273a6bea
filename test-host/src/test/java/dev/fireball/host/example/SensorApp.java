package dev.fireball.host.example;

import dev.fireball.config.BoardConfig;
import dev.fireball.config.Boards;
import dev.fireball.hal.Hal;
import dev.fireball.hal.Ioctl;
import dev.fireball.hal.LoopbackDriver;
import dev.fireball.hal.ModuleGrants;
import dev.fireball.hal.OpenFlags;
import dev.fireball.host.HostInterruptLines;
import dev.fireball.kernel.Channel;
import dev.fireball.kernel.EventGroup;
import dev.fireball.kernel.FuturePool;
import dev.fireball.kernel.InterruptBridge;
import dev.fireball.kernel.Kernel;
import dev.fireball.kernel.ModuleSpec;
import dev.fireball.kernel.VirtualClock;

/** The application's boot code: everything is created here, then the kernel is sealed. */
final class SensorApp
{
    final VirtualClock clock = new VirtualClock();
    final FixedConsole console = new FixedConsole();
    final Kernel k;
    final Hal hal;
    final LoopbackDriver loop = new LoopbackDriver(1);
    final HostInterruptLines lines;
    final InterruptBridge bridge;
    final EventGroup events;
    final FuturePool futures;
    final FakeAdc adc = new FakeAdc();
    final Button button;
    final SensorMain sensorMain;
    final IrqWatcher watcher;
    final LoggerMain loggerMain;
    final MainTask main;
    final int sensor;
    final int logger;
    final Channel samples;
    final Channel commands;
    final int loggedTwenty;
    /** The test's own reader of the loopback (kernel module, non-blocking). */
    final int tap;
    int mainHandle;

    SensorApp()
    {
        final BoardConfig board = Boards.byName("host");
        k = Kernel.boot(board, clock, console);
        final ModuleGrants grants = new ModuleGrants(k.modules);
        hal = Hal.forBoard(k.scheduler, grants, board);
        hal.addType("loop", Ioctl.NO_FAMILY);
        hal.register("device://loop/*", loop);

        lines = new HostInterruptLines(clock);
        bridge = k.bridge(lines);
        events = k.eventGroup();
        futures = k.futures();
        button = new Button(lines, events);
        bridge.register(Button.LINE, button);

        sensorMain = new SensorMain(hal, adc);
        watcher = new IrqWatcher(events, button);
        loggerMain = new LoggerMain(hal, k.select, futures, watcher);
        main = new MainTask(k.modules, futures, bridge);

        sensor = k.create(k.module("sensor", sensorMain).maxCoroutines(1).maxFds(1).maxChannels(1)
            .restart(2, 1_000));
        logger = k.create(k.module("logger", loggerMain).maxCoroutines(2).maxFds(1).maxChannels(1)
            .grant("device://loop/0", ModuleSpec.WRITE));
        samples = k.channel(sensor, 4, 0);
        commands = k.channel(logger, 4, 0);
        loggedTwenty = futures.create();

        sensorMain.samples = samples;
        loggerMain.samples = samples;
        loggerMain.commands = commands;
        loggerMain.loggedTwenty = loggedTwenty;
        watcher.commands = commands;
        main.sensor = sensor;
        main.logger = logger;
        main.future = loggedTwenty;
        main.commands = commands;

        grants.bind(hal);
        hal.seal();
        k.seal();
        tap = hal.open("device://loop/0", OpenFlags.O_RDONLY | OpenFlags.O_NONBLOCK);
    }

    /** After seal: start the modules and the kernel's own coroutine (allocation-free). */
    void start()
    {
        k.modules.start(sensor);
        k.modules.start(logger);
        mainHandle = k.scheduler.spawn(main);
    }
}
