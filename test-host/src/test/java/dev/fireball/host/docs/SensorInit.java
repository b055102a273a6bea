package dev.fireball.host.docs;

import dev.fireball.hal.Hal;
import dev.fireball.hal.OpenFlags;
import dev.fireball.kernel.Channel;
import dev.fireball.kernel.Coroutine;
import dev.fireball.kernel.Errno;
import dev.fireball.kernel.Scheduler;

/**
 * The init coroutine of docs/modules.md's "sensor" module. At every start it resets its fields
 * (the same object runs every incarnation, and a spawn resets only {@code pc}) and opens the device
 * it is granted; then it sends the tick of each reading, one every {@link #PERIOD} ticks, and
 * finishes after {@link #READINGS}. Its first incarnation throws at its third reading, so the
 * module's restart policy brings it back after its back-off.
 */
final class SensorInit extends Coroutine
{
    static final long PERIOD = 10;
    static final int READINGS = 3;

    private final Hal hal;
    /** The channel charged to this module: made after {@code create}, so set at boot. */
    Channel readings;
    int starts;
    int fd;
    int sent;

    SensorInit(final Hal hal)
    {
        super("sensor");
        this.hal = hal;
    }

    @Override
    protected int resume(final Scheduler s)
    {
        switch (pc)
        {
            case 0: // every start: what the fields hold is the previous incarnation's
                starts++;
                sent = 0;
                fd = hal.open("device://loop/0", OpenFlags.O_WRONLY);
                if (fd < 0)
                {
                    throw new IllegalStateException("open device://loop/0: " + Errno.name(fd));
                }
                pc = 1;
                return s.sleep(PERIOD);
            case 1:
                if (1 == starts && 2 == sent)
                {
                    throw new IllegalStateException("sensor glitch");
                }
                pc = 2;
                return readings.send(s.now(), Scheduler.FOREVER);
            case 2:
                if (0 != s.status())
                {
                    return s.fail(s.status());
                }
                if (++sent == READINGS)
                {
                    return s.done(sent);
                }
                pc = 1;
                return s.sleep(PERIOD);
            default:
                throw new IllegalStateException("pc " + pc);
        }
    }
}
