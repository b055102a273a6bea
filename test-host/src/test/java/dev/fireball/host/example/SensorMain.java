package dev.fireball.host.example;

import dev.fireball.hal.Hal;
import dev.fireball.hal.OpenFlags;
import dev.fireball.kernel.Channel;
import dev.fireball.kernel.Coroutine;
import dev.fireball.kernel.Scheduler;

/**
 * The sensor module's init coroutine: every 10 ticks, read the ADC and send the reading over the
 * sample channel. A glitch reading (negative) is fatal: it throws, the module faults and its
 * restart policy brings it back. At every start it also tries to open the logger's loopback device,
 * which it is not granted (the result is recorded for the test).
 */
final class SensorMain extends Coroutine
{
    static final long PERIOD = 10;

    /** Preallocated: a throw after seal must not allocate (no stack trace either). */
    static final IllegalStateException GLITCH = new IllegalStateException("sensor glitch") {
        @Override
        public synchronized Throwable fillInStackTrace()
        {
            return this;
        }
    };

    private final Hal hal;
    private final FakeAdc adc;
    /** Set at boot, once the module (which owns it) exists. */
    Channel samples;

    final int[] probeResults = new int[8];
    int probes;

    SensorMain(final Hal hal, final FakeAdc adc)
    {
        super("sensor");
        this.hal = hal;
        this.adc = adc;
    }

    @Override
    protected int resume(final Scheduler s)
    {
        switch (pc)
        {
            case 0:
                final int fd = hal.open("device://loop/0", OpenFlags.O_WRONLY);
                if (probes < probeResults.length)
                {
                    probeResults[probes++] = fd;
                }
                if (fd >= 0)
                {
                    hal.close(fd);
                }
                pc = 1;
                return s.sleep(PERIOD);
            case 1:
                final int v = adc.read();
                if (v < 0)
                {
                    throw GLITCH;
                }
                pc = 2;
                return samples.send(v, Scheduler.FOREVER);
            case 2:
                if (0 != s.status())
                {
                    return s.fail(s.status());
                }
                pc = 1;
                return s.sleep(PERIOD);
            default:
                return s.fail(-1);
        }
    }
}
