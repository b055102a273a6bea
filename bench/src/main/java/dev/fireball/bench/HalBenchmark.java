package dev.fireball.bench;

import java.util.concurrent.TimeUnit;

import dev.fireball.hal.Hal;
import dev.fireball.hal.LoopbackDriver;
import dev.fireball.hal.OpenFlags;
import dev.fireball.hal.PermissiveGrants;
import dev.fireball.kernel.Scheduler;
import dev.fireball.kernel.VirtualClock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One write then one read of {@code bytes} bytes per operation through the HAL, on a loopback
 * stream ({@code device://uart/0}, O_RDWR | O_NONBLOCK, from kernel context): the write goes through
 * fd resolution, flag and range checks and the driver, which delivers into the stream's own receive
 * ring; the read checks the same and drains the ring. The baseline does only the data movement: the
 * same two {@code System.arraycopy} calls into and out of a plain byte ring of the same size
 * ({@link Hal#DEFAULT_RX_RING_BYTES}), with the same free-running counters and mask as
 * {@code StreamTable}. The difference is the cost of the stream interface.
 * <p>Run: {@code java -jar bench/target/benchmarks.jar HalBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HalBenchmark
{
    @Param({"1", "64"})
    public int bytes;

    private Hal hal;
    private int fd;
    private final byte[] out = new byte[Hal.DEFAULT_RX_RING_BYTES];
    private final byte[] in = new byte[Hal.DEFAULT_RX_RING_BYTES];

    private final byte[] ring = new byte[Hal.DEFAULT_RX_RING_BYTES];
    private final int mask = Hal.DEFAULT_RX_RING_BYTES - 1;
    private int head;
    private int tail;

    @Setup(Level.Trial)
    public void boot()
    {
        final Scheduler scheduler = new Scheduler(4, new VirtualClock(), (buf, off, len) ->
        {
        });
        hal = new Hal(scheduler, PermissiveGrants.INSTANCE);
        hal.register("device://uart/*", new LoopbackDriver(1));
        hal.seal();
        fd = hal.open("device://uart/0", OpenFlags.O_RDWR | OpenFlags.O_NONBLOCK);
        for (int i = 0; i < out.length; i++)
        {
            out[i] = (byte) i;
        }
        if (fd <= 0 || bytes != hal.write(fd, out, 0, bytes) || bytes != hal.read(fd, in, 0, bytes))
        {
            throw new IllegalStateException("loopback does not echo: fd=" + fd);
        }
    }

    @Benchmark
    public int halWriteRead()
    {
        hal.write(fd, out, 0, bytes);
        return hal.read(fd, in, 0, bytes);
    }

    @Benchmark
    public int ringBaseline()
    {
        put(out, 0, bytes);
        return take(in, 0, bytes);
    }

    /** StreamTable.put without the overrun count: copy what fits, wrapping once. */
    private int put(final byte[] src, final int off, final int len)
    {
        final int t = tail;
        final int free = ring.length - (t - head);
        final int n = len < free ? len : free;
        final int at = t & mask;
        final int first = n < ring.length - at ? n : ring.length - at;
        System.arraycopy(src, off, ring, at, first);
        if (n > first)
        {
            System.arraycopy(src, off + first, ring, 0, n - first);
        }
        tail = t + n;
        return n;
    }

    /** StreamTable.take: copy what is there, wrapping once. */
    private int take(final byte[] dst, final int off, final int len)
    {
        final int h = head;
        final int available = tail - h;
        final int n = len < available ? len : available;
        final int at = h & mask;
        final int first = n < ring.length - at ? n : ring.length - at;
        System.arraycopy(ring, at, dst, off, first);
        if (n > first)
        {
            System.arraycopy(ring, 0, dst, off + first, n - first);
        }
        head = h + n;
        return n;
    }
}
