package dev.fireball.host.docs;

import dev.fireball.config.Boards;
import dev.fireball.hal.Hal;
import dev.fireball.hal.Ioctl;
import dev.fireball.hal.LoopbackDriver;
import dev.fireball.hal.ModuleGrants;
import dev.fireball.kernel.Clock;
import dev.fireball.kernel.Console;
import dev.fireball.kernel.Kernel;
import dev.fireball.kernel.ModuleSpec;

/**
 * docs/modules.md's boot sequence, line for line (DocSnippetsTest holds the doc to it): the kernel,
 * the HAL and its module grants, one guest module with its channel, the seals, the start and the
 * run. {@link ModulesBootTest} runs it to the end.
 */
final class ModulesBoot
{
    /** What a test reads after the run. */
    record Booted(Kernel kernel, Hal hal, int sensor, SensorInit init)
    {
    }

    static Booted bootAndRun(final Clock clock, final Console console)
    {
        Kernel k = Kernel.boot(Boards.selected(), clock, console);   // MAX_COROUTINES, MAX_SELECT_ARMS, MAX_MODULES, TRACE_BUFFER_BYTES
        ModuleGrants grants = new ModuleGrants(k.modules);            // the HAL's view of the modules (docs/hal.md)
        Hal hal = Hal.forBoard(k.scheduler, grants, k.config);       // MAX_FDS, MAX_STREAMS, RX_RING_BYTES, ...
        hal.addType("loop", Ioctl.NO_FAMILY);                         // device types and drivers
        hal.register("device://loop/*", new LoopbackDriver(1));
        SensorInit init = new SensorInit(hal);
        int sensor = k.create(k.module("sensor", init)                 // GUEST_HEAP_SIZE_KB heap, COROUTINE_FRAME_BYTES frames
            .maxCoroutines(4).maxFds(4).maxChannels(2)
            .grant("device://loop/0", ModuleSpec.READ | ModuleSpec.WRITE)
            .restart(3, 10_000, 100));                                  // 3 restarts per 10,000 ticks, 100 ticks apart; or .stopOnFault() / .panicOnFault()
        init.readings = k.channel(sensor, 8, 0);                       // charged to sensor's maxChannels; the init reaches it through a field
        grants.bind(hal);                                               // after every module and device type, before k.seal()
        hal.seal();
        k.seal();                                                       // no module or heap can be created after this
        k.modules.start(sensor);
        k.scheduler.run();
        return new Booted(k, hal, sensor, init);
    }
}
