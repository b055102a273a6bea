package dev.fireball.host.userwalk;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import dev.fireball.config.Boards;
import dev.fireball.hal.Hal;
import dev.fireball.hal.Ioctl;
import dev.fireball.hal.LoopbackDriver;
import dev.fireball.hal.ModuleGrants;
import dev.fireball.hal.OpenFlags;
import dev.fireball.hal.RamDriver;
import dev.fireball.kernel.Channel;
import dev.fireball.kernel.Coroutine;
import dev.fireball.kernel.Errno;
import dev.fireball.kernel.EventGroup;
import dev.fireball.kernel.FuturePool;
import dev.fireball.kernel.InterruptBridge;
import dev.fireball.kernel.Kernel;
import dev.fireball.kernel.ModuleSpec;
import dev.fireball.kernel.Scheduler;
import dev.fireball.kernel.Select;
import dev.fireball.kernel.SoftInterruptLines;
import dev.fireball.kernel.VirtualClock;

/**
 * A small "plant monitor" written from the docs only (README, modules.md, kernel-communication.md,
 * hal.md), the way a new user would:
 * <ul>
 * <li>a fake ADC raises interrupt line {@link #ADC_LINE}; its bottom half latches the sample and
 * posts {@link #DATA_READY} on an event group;</li>
 * <li>module {@code sensor}: one coroutine waits on the event group and sends each sample over a
 * buffered value channel;</li>
 * <li>module {@code logger}: selects over the readings channel and a control channel with a
 * timeout, computes a moving average in a child coroutine observed as a future, and writes one
 * text line per result to {@code device://loop/0}; a glitch sample ({@link #GLITCH}) makes it
 * throw, and its policy restarts it;</li>
 * <li>module {@code config}: reads a configuration record from {@code device://ram/0}, faults
 * on a bad magic number, is restarted twice and then stays stopped.</li>
 * </ul>
 * Everything runs in virtual time; the test reads the log back from the loopback device.
 */
final class PlantApp
{
    static final int ADC_LINE = 5;
    static final int DATA_READY = 1;
    static final long GLITCH = 0xFFFF;
    /** A sample the averager cannot handle: it throws, which faults the whole logger module. */
    static final long POISON = 666;
    static final long CMD_STOP = 1;
    static final int CONFIG_MAGIC = 0xC0FF_EE00;

    final VirtualClock clock = new VirtualClock();
    final ByteArrayOutputStream consoleBytes = new ByteArrayOutputStream();
    final Kernel k;
    final SoftInterruptLines lines;
    final InterruptBridge bridge;
    final EventGroup adcEvents;
    final FuturePool futures;
    final ModuleGrants grants;
    final Hal hal;
    final RamDriver ram = new RamDriver(1, 64);
    final Channel readings;
    final Channel control;
    final int sensor;
    final int logger;
    final int config;
    final int logReaderFd;

    final FakeAdc adc = new FakeAdc();
    final SensorMain sensorMain = new SensorMain();
    final LoggerMain loggerMain = new LoggerMain();
    final ConfigMain configMain = new ConfigMain();
    final long[] samples;
    final long sampleEvery;

    PlantApp(final long[] samples, final long sampleEvery, final int configWord)
    {
        this.samples = samples;
        this.sampleEvery = sampleEvery;
        k = Kernel.boot(Boards.byName("host"), clock, consoleBytes::write);
        lines = new SoftInterruptLines(clock);
        bridge = k.bridge(lines);
        bridge.register(ADC_LINE, adc);
        adcEvents = k.eventGroup();
        futures = k.futures();

        grants = new ModuleGrants(k.modules);
        hal = Hal.forBoard(k.scheduler, grants, k.config);
        hal.addType("loop", Ioctl.NO_FAMILY);
        hal.register("device://loop/*", new LoopbackDriver(1));
        hal.addType("ram", Ioctl.NO_FAMILY);
        hal.register("device://ram/*", ram);

        sensor = k.create(k.module("sensor", sensorMain).maxCoroutines(1).maxChannels(1).frameBytes(0));
        logger = k.create(k.module("logger", loggerMain).maxCoroutines(2).maxChannels(1).maxFds(1)
            .grant("device://loop/0", ModuleSpec.WRITE)
            .restart(3, 10_000));
        config = k.create(k.module("config", configMain).maxCoroutines(1).maxChannels(0).maxFds(1)
            .grant("device://ram/0", ModuleSpec.READ)
            .restart(2, 10_000));
        readings = k.channel(sensor, 8, 0);
        control = k.channel(logger, 0, 0);

        grants.bind(hal);
        // The kernel (module 0) reads the log back, and writes the config record the config module reads.
        logReaderFd = hal.open("device://loop/0", OpenFlags.O_RDONLY | OpenFlags.O_NONBLOCK);
        final int cfg = hal.open("device://ram/0", OpenFlags.O_WRONLY);
        final byte[] rec = new byte[4];
        putInt(rec, 0, configWord);
        check("config write", hal.write(cfg, rec, 0, 4));
        check("config close", hal.close(cfg));
        hal.seal();
        k.seal();
        k.scheduler.spawnDetached(new AdcIrqSource());
        check("start sensor", k.modules.start(sensor));
        check("start logger", k.modules.start(logger));
        check("start config", k.modules.start(config));
    }

    static int check(final String what, final int r)
    {
        if (r < 0)
        {
            throw new IllegalStateException(what + ": " + Errno.name(r));
        }
        return r;
    }

    static void putInt(final byte[] b, final int off, final int v)
    {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    static int getInt(final byte[] b, final int off)
    {
        return (b[off] & 0xFF) << 24 | (b[off + 1] & 0xFF) << 16 | (b[off + 2] & 0xFF) << 8 | (b[off + 3] & 0xFF);
    }

    /** Everything the logger has written so far, read back by the kernel's own fd. */
    String log()
    {
        final StringBuilder sb = new StringBuilder();
        final byte[] buf = new byte[256];
        for (;;)
        {
            final int n = hal.read(logReaderFd, buf, 0, buf.length);
            if (n <= 0)
            {
                return sb.toString();
            }
            sb.append(new String(buf, 0, n, StandardCharsets.US_ASCII));
        }
    }

    String console()
    {
        return consoleBytes.toString(StandardCharsets.US_ASCII);
    }

    // =============================================================================================
    // The "hardware": an ADC with a data register, and the thread of time that raises its line
    // =============================================================================================

    /** The device and its bottom half: latches the data register, then posts DATA_READY. */
    final class FakeAdc implements dev.fireball.kernel.BottomHalf
    {
        long dataRegister;
        long latched;
        int interrupts;

        @Override
        public void onInterrupt(final int line)
        {
            interrupts++;
            latched = dataRegister;
            adcEvents.post(DATA_READY);
        }
    }

    /** Kernel coroutine standing in for the ADC: a new conversion every {@link #sampleEvery} ticks. */
    final class AdcIrqSource extends Coroutine
    {
        int i;

        AdcIrqSource()
        {
            super("adc-irq");
        }

        @Override
        protected int resume(final Scheduler s)
        {
            switch (pc)
            {
                case 0:
                    i = 0;
                    pc = 1;
                    return s.sleep(sampleEvery);
                default:
                    if (i == samples.length)
                    {
                        return s.done(i);
                    }
                    adc.dataRegister = samples[i++];
                    lines.raise(1 << ADC_LINE);
                    return s.sleep(sampleEvery);
            }
        }
    }

    // =============================================================================================
    // Module "sensor"
    // =============================================================================================

    final class SensorMain extends Coroutine
    {
        int sent;
        int timeouts;
        int dropped;
        long value;

        SensorMain()
        {
            super("sensor-main");
        }

        @Override
        protected int resume(final Scheduler s)
        {
            for (;;)
            {
                switch (pc)
                {
                    case 0:
                        sent = 0;
                        timeouts = 0;
                        dropped = 0;
                        pc = 1;
                        // fall through
                    case 1:
                        pc = 2;
                        return adcEvents.await(DATA_READY, EventGroup.ANY | EventGroup.CLEAR, 100);
                    case 2:
                        if (-Errno.ETIMEDOUT == s.status())
                        {
                            timeouts++;
                            pc = 1;
                            continue;
                        }
                        value = adc.latched;
                        pc = 3;
                        return readings.send(value, 20);
                    default:
                        if (0 == s.status())
                        {
                            sent++;
                        }
                        else
                        {
                            dropped++;
                        }
                        pc = 1;
                }
            }
        }
    }

    // =============================================================================================
    // Module "logger"
    // =============================================================================================

    /** Child of the logger: the average of the history, after 2 ticks of "work"; fails on an empty one. */
    final class Averager extends Coroutine
    {
        final long[] history = new long[4];
        int count;

        Averager()
        {
            super("averager", 0);
        }

        @Override
        protected int resume(final Scheduler s)
        {
            switch (pc)
            {
                case 0:
                    pc = 1;
                    return s.sleep(2);
                default:
                    if (0 == count)
                    {
                        return s.fail(-Errno.ENODATA);
                    }
                    final int n = Math.min(count, history.length);
                    if (POISON == history[(count - 1) % history.length])
                    {
                        throw new ArithmeticException("averager: poisoned sample");
                    }
                    long sum = 0;
                    for (int j = 0; j < n; j++)
                    {
                        sum += history[j];
                    }
                    return s.done(sum / n);
            }
        }
    }

    final class LoggerMain extends Coroutine
    {
        static final int OPEN = 0;
        static final int SELECT = 1;
        static final int SELECTED = 2;
        static final int AVERAGED = 3;
        static final int WRITE = 4;
        static final int WRITTEN = 5;
        static final int STOPPING = 6;

        final Averager averager = new Averager();
        final byte[] line = new byte[48];
        int lineLen;
        int fd;
        int child;
        int future;
        int logged;
        int idles;
        long lastValue;
        int incarnations;
        boolean stopping;

        LoggerMain()
        {
            super("logger-main");
        }

        @Override
        protected int resume(final Scheduler s)
        {
            for (;;)
            {
                switch (pc)
                {
                    case OPEN:
                        incarnations++;
                        logged = 0;
                        stopping = false;
                        averager.count = 0;
                        fd = hal.open("device://loop/0", OpenFlags.O_WRONLY);
                        if (fd < 0)
                        {
                            throw new IllegalStateException("logger: open log: " + Errno.name(fd));
                        }
                        pc = SELECT;
                        // fall through
                    case SELECT:
                    {
                        final Select select = k.select;
                        select.begin();
                        select.receive(readings);
                        select.receive(control);
                        pc = SELECTED;
                        return select.await(50);
                    }
                    case SELECTED:
                    {
                        final int arm = s.status();
                        if (-Errno.ETIMEDOUT == arm)
                        {
                            idles++;
                            lineLen = format("idle t=", s.now(), null, 0, null, 0);
                            pc = WRITE;
                            continue;
                        }
                        if (Channel.CLOSED == k.select.outcome())
                        {
                            return s.done(logged);
                        }
                        if (1 == arm)
                        {
                            // CMD_STOP: log it, then finish.
                            stopping = true;
                            lineLen = format("stop t=", s.now(), null, 0, null, 0);
                            pc = WRITE;
                            continue;
                        }
                        lastValue = s.value();
                        if (GLITCH == lastValue)
                        {
                            throw new IllegalStateException("sensor glitch: 0x" + Long.toHexString(lastValue));
                        }
                        averager.history[averager.count % averager.history.length] = lastValue;
                        averager.count++;
                        // Detached: the future is the only observer, so the slot is freed as the child ends.
                        child = s.spawnDetached(averager);
                        if (child < 0)
                        {
                            throw new IllegalStateException("logger: spawn averager: " + Errno.name(child));
                        }
                        future = futures.ofCoroutine(child);
                        if (future < 0)
                        {
                            throw new IllegalStateException("logger: future: " + Errno.name(future));
                        }
                        pc = AVERAGED;
                        return futures.await(future, 10);
                    }
                    case AVERAGED:
                        if (FuturePool.RESOLVED != s.status())
                        {
                            throw new IllegalStateException("logger: averager ended with " + s.status());
                        }
                        lineLen = format("v=", lastValue, " avg=", s.value(), " t=", s.now());
                        futures.release(future);
                        pc = WRITE;
                        // fall through
                    case WRITE:
                    {
                        final int n = hal.write(fd, line, 0, lineLen);
                        if (Hal.WOULD_BLOCK == n)
                        {
                            pc = WRITTEN;
                            return hal.awaitWritable(fd, 100);
                        }
                        if (n != lineLen)
                        {
                            throw new IllegalStateException("logger: short write " + n);
                        }
                        logged++;
                        if (stopping)
                        {
                            hal.close(fd);
                            return s.done(logged);
                        }
                        pc = SELECT;
                        continue;
                    }
                    case WRITTEN:
                        pc = WRITE;
                        continue;
                    default:
                        return s.fail(-Errno.EINVAL);
                }
            }
        }

        /** {@code a + x [+ b + y [+ c + z]] + '\n'} into {@link #line}. */
        private int format(final String a, final long x, final String b, final long y, final String c, final long z)
        {
            int p = put(a, 0);
            p = putDec(x, p);
            if (null != b)
            {
                p = put(b, p);
                p = putDec(y, p);
            }
            if (null != c)
            {
                p = put(c, p);
                p = putDec(z, p);
            }
            line[p++] = '\n';
            return p;
        }

        private int put(final String t, final int p)
        {
            for (int j = 0; j < t.length(); j++)
            {
                line[p + j] = (byte) t.charAt(j);
            }
            return p + t.length();
        }

        private int putDec(final long v, final int p)
        {
            final String t = Long.toString(v); // test code: allocation is fine here
            return put(t, p);
        }
    }

    // =============================================================================================
    // Module "config"
    // =============================================================================================

    final class ConfigMain extends Coroutine
    {
        final byte[] rec = new byte[4];
        int word;
        int runs;

        ConfigMain()
        {
            super("config-main");
        }

        @Override
        protected int resume(final Scheduler s)
        {
            switch (pc)
            {
                case 0:
                {
                    runs++;
                    final int fd = hal.open("device://ram/0", OpenFlags.O_RDONLY);
                    check("config: open", fd);
                    check("config: read", hal.read(fd, rec, 0, 4));
                    word = getInt(rec, 0);
                    if (CONFIG_MAGIC != word)
                    {
                        // fd deliberately left open: the module layer must close it on the fault.
                        throw new IllegalStateException("config: bad magic 0x" + Integer.toHexString(word));
                    }
                    hal.close(fd);
                    pc = 1;
                    return s.sleep(1);
                }
                default:
                    return s.done(word);
            }
        }
    }
}
