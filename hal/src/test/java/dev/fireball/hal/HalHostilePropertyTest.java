package dev.fireball.hal;

import static dev.fireball.hal.OpenFlags.O_NONBLOCK;
import static dev.fireball.hal.OpenFlags.O_RDONLY;
import static dev.fireball.hal.OpenFlags.O_RDWR;
import static dev.fireball.hal.OpenFlags.O_WRONLY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.fireball.hal.support.Rig;
import dev.fireball.kernel.Coroutine;
import dev.fireball.kernel.Errno;
import dev.fireball.kernel.Scheduler;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * Issue 5's bad-input bar: random sequences of the six calls with hostile arguments (negative and
 * huge lengths and offsets, offsets past the buffer, null buffers, malformed URIs, random, closed
 * and foreign fds, wrong modes, random ioctl numbers), made by three modules (the kernel outside any
 * coroutine, and modules 1 and 2 inside coroutines), with module stops ({@link Hal#closeAllOf}) and
 * lower-half events mixed in. For every call:
 * <ul>
 * <li>nothing throws, and the HAL's and the scheduler's invariants hold afterwards;</li>
 * <li>the result is a valid count (an fd {@code > 0}, {@code 0..len} bytes, a position inside the
 *     device, an ioctl value {@code >= 0}) or one of the errnos that call documents.</li>
 * </ul>
 * A witness module (3) owns a RAM stream ({@code device://ram/1}) and a loopback stream
 * ({@code device://loop/3}) opened before the sequence; its own operations, interleaved at random,
 * are checked against a model (the RAM's bytes and position; the ring's bytes and overruns), and
 * so is everything once more at the end. The hostile modules are not granted the witness's
 * devices, and the witness's fds are the first two entries of the fd history the hostile calls
 * pick from, so every sequence tries to use them (and must get {@code -EBADF}).
 * <p>A counterexample prints as a list of calls such as {@code m1 read(#0, byte[8], off=0, len=-1)}
 * ({@code #k}: the k-th fd handed out, modulo the history; {@code own#k}: the k-th latest fd a
 * hostile module was handed, used by that module; {@code fd=123}: a raw number). Before the
 * sequence, the hostile modules open six streams ({@link World#World()}), so that calls reach the
 * drivers from the first step.
 * <p>jqwik's edge cases are off: they crowd out the long sequences; the generators produce the
 * extreme ints themselves ({@link #anyInt}), and {@link #MUST_SEE} checks the mix stays useful.
 */
class HalHostilePropertyTest
{
    static final int WITNESS = 3;
    static final int MAX_FDS = 12;
    static final int MAX_STREAMS = 6;
    static final String[] VALID_URIS = {
        "device://uart/0", "device://uart/1", "device://loop/0", "device://loop/1", "device://loop/2",
        "device://loop/3", "device://ram/0", "device://ram/1", "device://gpio/0", "device://gpio/1",
        "device://spi/0", "device://i2c/0", "device://can/0", "device://uart/2"};
    static final String NULL = "<null>";
    static final String[] MALFORMED_URIS = {
        NULL, "", "device://", "device://uart", "device://uart/", "device://uart/01", "device://UART/0",
        "device://uart/-1", "device://uart/65535", "device://uart/99999999999", "device://uart/*", "dev://uart/0",
        "device:/uart/0", "device://uart/0/", "device://uart/0 ", " device://uart/0", "device:///0",
        "device://abcdefghijklmnopq/0", "device://uart//0", "device://uart/0x1", "device://ram/\u0661"};
    static final int[] COMMANDS = {
        Ioctl.FIONREAD, Ioctl.FIONBIO, Ioctl.FIOC_OVERRUNS, Ioctl.TIOCBAUD, Ioctl.GPIO_SET_DIR, Ioctl.GPIO_SET_PULL,
        Ioctl.GPIO_SET_IRQ, Ioctl.I2C_SET_FREQ, Ioctl.I2C_SET_ADDR, Ioctl.SPI_SET_SPEED, Ioctl.SPI_SET_MODE,
        Ioctl.ADC_SET_CHANNEL, Ioctl.ADC_SET_RESOLUTION, Ioctl.TIMER_SET_PERIOD, Ioctl.FIOC_BASE | 0x55,
        Ioctl.TIOC_BASE | 0x77, Ioctl.TIOCBAUD | 0x10000, 0, -1};

    // ---- documented results of each call (Hal's Javadoc) -------------------------------------------
    static final int[] OPEN_ERRORS = {Errno.EINVAL, Errno.ENODEV, Errno.EACCES, Errno.EMFILE, Errno.ENOSPC};
    static final int[] CLOSE_ERRORS = {Errno.EBADF};
    static final int[] READ_ERRORS = {Errno.EBADF, Errno.EINVAL, Errno.EAGAIN, Errno.ENOTSUP};
    static final int[] WRITE_ERRORS = {Errno.EBADF, Errno.EINVAL, Errno.EAGAIN, Errno.ENOSPC, Errno.ENOTSUP};
    static final int[] SEEK_ERRORS = {Errno.EBADF, Errno.ESPIPE, Errno.EINVAL, Errno.ENOTSUP};
    static final int[] IOCTL_ERRORS = {Errno.EBADF, Errno.ENOTTY, Errno.ENOTSUP, Errno.EINVAL};

    /**
     * Outcomes the generators must reach over a run, so that the property cannot silently decay
     * into testing only the fd check (every one of them shows up in a normal run of 300 tries, most dozens of times).
     */
    static final String[] MUST_SEE = {
        "open ok", "open EINVAL", "open ENODEV", "open EACCES", "open EMFILE", "open ENOSPC", "close ok",
        "close EBADF", "read ok", "read EINVAL", "read EBADF", "read EAGAIN", "read WOULD_BLOCK", "write ok",
        "write EINVAL", "write EBADF", "seek ok", "seek ESPIPE", "seek EINVAL", "ioctl ok", "ioctl ENOTTY",
        "ioctl ENOTSUP", "ioctl EINVAL"};
    /** "call outcome" pairs seen in this run. */
    static final Set<String> SEEN = new TreeSet<>();

    @BeforeProperty
    void forgetOutcomes()
    {
        SEEN.clear();
    }

    @AfterProperty
    void everyKindOfOutcomeWasReached()
    {
        for (final String outcome : MUST_SEE)
        {
            assertTrue(SEEN.contains(outcome), "the generators never produced '" + outcome + "'; seen: " + SEEN);
        }
    }

    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void hostileCallsNeverThrowAlwaysAnswerAsDocumentedAndLeaveOtherStreamsAlone(
        @ForAll("sequences") final List<Op> ops)
    {
        final World w = new World();
        for (final Op op : ops)
        {
            op.apply(w);
            w.rig.hal.checkInvariants();
            w.rig.scheduler.checkInvariants();
        }
        w.checkWitnessFully();
    }

    // =============================================================================================
    // The world: a rig, the grants, the fd history, the witness and its model
    // =============================================================================================

    static final class World
    {
        final GrantTable grants = new GrantTable(32, 4, 0);
        final Rig rig = new Rig(grants, MAX_FDS, MAX_STREAMS, true);
        final Hal hal = rig.hal;
        /** Every fd ever handed out, witness's first; hostile calls pick from it. */
        final List<Integer> history = new ArrayList<>();
        /** Every fd a hostile module was handed, with that module: {fd, module}. */
        final List<int[]> opened = new ArrayList<>();
        final int witnessRam;
        final int witnessLoop;
        final byte[] ramModel = new byte[Rig.RAM_BYTES];
        int ramPosition;
        final ArrayDeque<Byte> ringModel = new ArrayDeque<>();
        int overrunsModel;
        int nextByte;

        World()
        {
            final int loop = rig.loopType;
            final int ram = rig.ramType;
            grants.grant(Hal.KERNEL_MODULE, loop, 0, O_RDWR).grant(Hal.KERNEL_MODULE, ram, 0, O_RDWR)
                .grant(Hal.KERNEL_MODULE, DeviceType.SPI, 0, O_RDWR)
                .grant(Hal.KERNEL_MODULE, DeviceType.GPIO, GrantTable.ANY_INDEX, O_RDWR)
                .grant(Hal.KERNEL_MODULE, DeviceType.UART, 0, O_RDWR)
                .grant(1, DeviceType.UART, GrantTable.ANY_INDEX, O_RDWR)
                .grant(1, loop, 0, O_RDWR).grant(1, loop, 1, O_RDWR).grant(1, loop, 2, O_RDWR)
                .grant(1, ram, 0, O_RDWR).grant(1, DeviceType.GPIO, 0, O_RDWR).grant(1, DeviceType.SPI, 0, O_RDWR)
                .grant(2, loop, 1, O_RDONLY).grant(2, ram, 0, O_RDONLY).grant(2, DeviceType.UART, 1, O_RDWR)
                .grant(2, loop, 2, O_RDWR)
                .grant(WITNESS, loop, 3, O_RDWR).grant(WITNESS, ram, 1, O_RDWR)
                .setQuota(Hal.KERNEL_MODULE, 3).setQuota(1, 5).setQuota(2, 3).setQuota(WITNESS, 2);
            witnessRam = call(WITNESS, () -> hal.open("device://ram/1", O_RDWR));
            witnessLoop = call(WITNESS, () -> hal.open("device://loop/3", O_RDWR | O_NONBLOCK));
            assertTrue(witnessRam > 0 && witnessLoop > 0);
            history.add(witnessRam);
            history.add(witnessLoop);
            for (int i = 0; i < ramModel.length; i++)
            {
                ramModel[i] = (byte) (i * 31 + 7);
            }
            final byte[] image = ramModel.clone();
            assertEquals(Rig.RAM_BYTES, call(WITNESS, () -> hal.write(witnessRam, image, 0, image.length)));
            ramPosition = Rig.RAM_BYTES;
            // The hostile modules start with a few streams open, so that calls reach drivers from the first step.
            prelude(Hal.KERNEL_MODULE, "device://loop/0", O_RDWR | O_NONBLOCK);
            prelude(Hal.KERNEL_MODULE, "device://spi/0", O_RDWR);
            prelude(1, "device://ram/0", O_RDWR);
            prelude(1, "device://uart/0", O_RDWR);
            prelude(2, "device://loop/2", O_RDWR | O_NONBLOCK);
            prelude(2, "device://ram/0", O_RDONLY);
        }

        private void prelude(final int module, final String uri, final int flags)
        {
            final int fd = call(module, () -> hal.open(uri, flags));
            assertTrue(fd > 0, uri);
            history.add(fd);
            opened.add(new int[] {fd, module});
        }

        int fd(final FdRef ref)
        {
            if (FdRef.RAW == ref.kind)
            {
                return ref.value;
            }
            if (FdRef.OWNED == ref.kind && !opened.isEmpty())
            {
                return opened.get(opened.size() - 1 - Math.floorMod(ref.value, opened.size()))[0];
            }
            return history.get(Math.floorMod(ref.value, history.size()));
        }

        /** Who makes a call on {@code ref}: its opener for OWNED refs, else {@code actor}. */
        int caller(final FdRef ref, final int actor)
        {
            if (FdRef.OWNED == ref.kind && !opened.isEmpty())
            {
                return opened.get(opened.size() - 1 - Math.floorMod(ref.value, opened.size()))[1];
            }
            return actor;
        }

        /**
         * Runs {@code action} as {@code module}: the kernel module directly (kernel context), others
         * in a coroutine of that module. A throw anywhere fails the property with the call named.
         */
        int call(final int module, final Rig.IntAction action)
        {
            if (Hal.KERNEL_MODULE == module)
            {
                return action.run();
            }
            final Guarded g = new Guarded(action);
            rig.scheduler.spawnInModule(g, module, true);
            rig.scheduler.run();
            if (null != g.thrown)
            {
                throw new AssertionError("call threw in module " + module, g.thrown);
            }
            assertTrue(g.ran, "the call's coroutine did not run");
            return g.result;
        }

        void checkWitnessRam()
        {
            assertEquals(ramPosition, call(WITNESS, () -> hal.seek(witnessRam, 0, Hal.SEEK_CUR)), "witness RAM position");
            final byte[] in = new byte[Rig.RAM_BYTES];
            assertEquals(0, call(WITNESS, () -> hal.seek(witnessRam, 0, Hal.SEEK_SET)));
            assertEquals(Rig.RAM_BYTES, call(WITNESS, () -> hal.read(witnessRam, in, 0, in.length)));
            assertArrayEquals(ramModel, in, "witness RAM content");
            final int p = ramPosition;
            assertEquals(p, call(WITNESS, () -> hal.seek(witnessRam, p, Hal.SEEK_SET)));
        }

        void checkWitnessRing()
        {
            assertEquals(ringModel.size(), call(WITNESS, () -> hal.ioctl(witnessLoop, Ioctl.FIONREAD, 0)),
                "witness ring fill");
            assertEquals(overrunsModel, call(WITNESS, () -> hal.ioctl(witnessLoop, Ioctl.FIOC_OVERRUNS, 0)),
                "witness overruns");
            assertTrue(rig.loop.isRunning(3), "the witness's device is still up");
        }

        void checkWitnessFully()
        {
            checkWitnessRam();
            checkWitnessRing();
            final byte[] in = new byte[Hal.DEFAULT_RX_RING_BYTES];
            final int n = call(WITNESS, () -> hal.read(witnessLoop, in, 0, in.length));
            if (ringModel.isEmpty())
            {
                assertEquals(-Errno.EAGAIN, n);
                return;
            }
            assertEquals(ringModel.size(), n);
            for (int i = 0; i < n; i++)
            {
                assertEquals((byte) ringModel.removeFirst(), in[i], "witness ring byte " + i);
            }
        }
    }

    /** Runs one call inside a coroutine and keeps what it returned or threw. */
    static final class Guarded extends Coroutine
    {
        private final Rig.IntAction action;
        int result;
        boolean ran;
        Throwable thrown;

        Guarded(final Rig.IntAction action)
        {
            super("hostile");
            this.action = action;
        }

        @Override
        protected int resume(final Scheduler s)
        {
            ran = true;
            try
            {
                result = action.run();
            }
            catch (final Throwable t)
            {
                thrown = t;
            }
            return s.done(0);
        }
    }

    // =============================================================================================
    // Operations
    // =============================================================================================

    /** One step of a sequence; {@code toString} is how a counterexample reads. */
    interface Op
    {
        void apply(World w);
    }

    /**
     * An fd argument: the k-th fd handed out so far (modulo the history, witness's included), or
     * the k-th latest one a hostile module opened, used by the module that opened it (so that calls
     * reach drivers, not only the fd check), or a raw number.
     */
    record FdRef(int kind, int value)
    {
        static final int PICK = 0;
        static final int OWNED = 1;
        static final int RAW = 2;

        @Override
        public String toString()
        {
            return switch (kind)
            {
                case PICK -> "#" + value;
                case OWNED -> "own#" + value;
                default -> "fd=" + value;
            };
        }
    }

    /** A buffer argument: {@code null} (length -1) or a fresh array of that length. */
    record Buf(int length)
    {
        byte[] make()
        {
            return length < 0 ? null : new byte[length];
        }

        @Override
        public String toString()
        {
            return length < 0 ? "null" : "byte[" + length + "]";
        }
    }

    static void assertDocumented(final String call, final int result, final int[] errors, final boolean coroutine)
    {
        SEEN.add(call.substring(call.indexOf(' ') + 1, call.indexOf('(')) + " " + (result >= 0 ? "ok"
            : Hal.WOULD_BLOCK == result ? "WOULD_BLOCK" : Errno.name(result)));
        if (result >= 0)
        {
            return;
        }
        if (Hal.WOULD_BLOCK == result && coroutine)
        {
            return;
        }
        for (final int e : errors)
        {
            if (-e == result)
            {
                return;
            }
        }
        fail(call + " returned " + result + " (" + Errno.name(result) + "), not a documented result");
    }

    static String who(final int actor)
    {
        return "m" + actor + " ";
    }

    record Open(int actor, String uri, int flags) implements Op
    {
        @Override
        public void apply(final World w)
        {
            final String u = NULL.equals(uri) ? null : uri;
            final int fd = w.call(actor, () -> w.hal.open(u, flags));
            assertDocumented(toString(), fd, OPEN_ERRORS, false);
            if (fd >= 0)
            {
                assertTrue(fd > 0, toString() + ": fd 0 is never handed out");
                assertTrue(!w.history.contains(fd), toString() + ": fd " + fd + " handed out twice");
                w.history.add(fd);
                w.opened.add(new int[] {fd, actor});
            }
        }

        @Override
        public String toString()
        {
            return who(actor) + "open(" + (NULL.equals(uri) ? "null" : '"' + uri + '"') + ", flags=" + flags + ")";
        }
    }

    record Close(int actor, FdRef fd) implements Op
    {
        @Override
        public void apply(final World w)
        {
            final int f = w.fd(fd);
            final int m = w.caller(fd, actor);
            final int r = w.call(m, () -> w.hal.close(f));
            assertDocumented(toString(), r, CLOSE_ERRORS, false);
            assertTrue(r <= 0, toString() + " returned " + r);
        }

        @Override
        public String toString()
        {
            return who(actor) + "close(" + fd + ")";
        }
    }

    record Read(int actor, FdRef fd, Buf buf, int off, int len) implements Op
    {
        @Override
        public void apply(final World w)
        {
            final int f = w.fd(fd);
            final int m = w.caller(fd, actor);
            final byte[] b = buf.make();
            final int r = w.call(m, () -> w.hal.read(f, b, off, len));
            assertDocumented(toString(), r, READ_ERRORS, 0 != m);
            assertTrue(r < 0 || r <= len, toString() + " returned " + r + " bytes");
        }

        @Override
        public String toString()
        {
            return who(actor) + "read(" + fd + ", " + buf + ", off=" + off + ", len=" + len + ")";
        }
    }

    record Write(int actor, FdRef fd, Buf buf, int off, int len) implements Op
    {
        @Override
        public void apply(final World w)
        {
            final int f = w.fd(fd);
            final int m = w.caller(fd, actor);
            final byte[] b = buf.make();
            if (null != b)
            {
                Arrays.fill(b, (byte) 0x5A);
            }
            final int r = w.call(m, () -> w.hal.write(f, b, off, len));
            assertDocumented(toString(), r, WRITE_ERRORS, 0 != m);
            assertTrue(r < 0 || r <= len, toString() + " returned " + r + " bytes");
        }

        @Override
        public String toString()
        {
            return who(actor) + "write(" + fd + ", " + buf + ", off=" + off + ", len=" + len + ")";
        }
    }

    record Seek(int actor, FdRef fd, int offset, int whence) implements Op
    {
        @Override
        public void apply(final World w)
        {
            final int f = w.fd(fd);
            final int m = w.caller(fd, actor);
            final int r = w.call(m, () -> w.hal.seek(f, offset, whence));
            assertDocumented(toString(), r, SEEK_ERRORS, false);
            assertTrue(r <= Rig.RAM_BYTES, toString() + " moved past the device: " + r);
        }

        @Override
        public String toString()
        {
            return who(actor) + "seek(" + fd + ", " + offset + ", whence=" + whence + ")";
        }
    }

    record IoctlInt(int actor, FdRef fd, int cmd, int arg) implements Op
    {
        @Override
        public void apply(final World w)
        {
            final int f = w.fd(fd);
            final int m = w.caller(fd, actor);
            final int r = w.call(m, () -> w.hal.ioctl(f, cmd, arg));
            assertDocumented(toString(), r, IOCTL_ERRORS, false);
        }

        @Override
        public String toString()
        {
            return who(actor) + "ioctl(" + fd + ", cmd=0x" + Integer.toHexString(cmd) + ", arg=" + arg + ")";
        }
    }

    record IoctlBuf(int actor, FdRef fd, int cmd, Buf buf, int off, int len) implements Op
    {
        @Override
        public void apply(final World w)
        {
            final int f = w.fd(fd);
            final int m = w.caller(fd, actor);
            final byte[] b = buf.make();
            final int r = w.call(m, () -> w.hal.ioctl(f, cmd, b, off, len));
            assertDocumented(toString(), r, IOCTL_ERRORS, false);
        }

        @Override
        public String toString()
        {
            return who(actor) + "ioctl(" + fd + ", cmd=0x" + Integer.toHexString(cmd) + ", " + buf + ", off=" + off
                + ", len=" + len + ")";
        }
    }

    /** The module stops or restarts: the module layer closes its fds. */
    record Stop(int module) implements Op
    {
        @Override
        public void apply(final World w)
        {
            final int before = w.hal.openCountOf(module);
            assertEquals(before, w.hal.closeAllOf(module), toString());
            assertEquals(0, w.hal.openCountOf(module), toString());
        }

        @Override
        public String toString()
        {
            return "stop(m" + module + ")";
        }
    }

    /** The gated SPI's lower half: bytes arrive, TX room frees up. */
    record LowerHalf(int supply, int room) implements Op
    {
        @Override
        public void apply(final World w)
        {
            w.rig.gated.supply(0, (byte) 1, supply);
            w.rig.gated.grantRoom(0, room);
        }

        @Override
        public String toString()
        {
            return "spi0 lower half(supply=" + supply + ", room=" + room + ")";
        }
    }

    /** The witness writes {@code n} bytes to its loopback stream, which its own ring receives. */
    record WitnessWrite(int n) implements Op
    {
        @Override
        public void apply(final World w)
        {
            final byte[] out = new byte[n];
            for (int i = 0; i < n; i++)
            {
                out[i] = (byte) w.nextByte++;
            }
            assertEquals(n, w.call(WITNESS, () -> w.hal.write(w.witnessLoop, out, 0, n)), toString());
            for (final byte b : out)
            {
                if (w.ringModel.size() < Hal.DEFAULT_RX_RING_BYTES)
                {
                    w.ringModel.addLast(b);
                }
                else
                {
                    w.overrunsModel++;
                }
            }
            w.checkWitnessRing();
        }

        @Override
        public String toString()
        {
            return "witness write(loop/3, " + n + " bytes)";
        }
    }

    /** The witness reads up to {@code n} bytes of its loopback stream: exactly the model's oldest. */
    record WitnessRead(int n) implements Op
    {
        @Override
        public void apply(final World w)
        {
            final byte[] in = new byte[n];
            final int r = w.call(WITNESS, () -> w.hal.read(w.witnessLoop, in, 0, n));
            if (w.ringModel.isEmpty() && n > 0)
            {
                assertEquals(-Errno.EAGAIN, r, toString());
                return;
            }
            assertEquals(Math.min(n, w.ringModel.size()), r, toString());
            for (int i = 0; i < r; i++)
            {
                assertEquals((byte) w.ringModel.removeFirst(), in[i], toString() + ": byte " + i);
            }
        }

        @Override
        public String toString()
        {
            return "witness read(loop/3, " + n + ")";
        }
    }

    /** The witness overwrites part of its RAM device at {@code at}, then checks all of it. */
    record WitnessRamWrite(int at, int n) implements Op
    {
        @Override
        public void apply(final World w)
        {
            w.checkWitnessRam();
            assertEquals(at, w.call(WITNESS, () -> w.hal.seek(w.witnessRam, at, Hal.SEEK_SET)), toString());
            final byte[] out = new byte[n];
            Arrays.fill(out, (byte) (at + n));
            final int r = w.call(WITNESS, () -> w.hal.write(w.witnessRam, out, 0, n));
            final int fits = Math.min(n, Rig.RAM_BYTES - at);
            assertEquals(0 == n ? 0 : 0 == fits ? -Errno.ENOSPC : fits, r, toString());
            if (fits > 0)
            {
                System.arraycopy(out, 0, w.ramModel, at, fits);
            }
            w.ramPosition = at + Math.max(0, fits);
            w.checkWitnessRam();
        }

        @Override
        public String toString()
        {
            return "witness write(ram/1 at " + at + ", " + n + " bytes)";
        }
    }

    // =============================================================================================
    // Generators
    // =============================================================================================

    @Provide
    Arbitrary<List<Op>> sequences()
    {
        final Arbitrary<Op> op = Arbitraries.frequencyOf(
            Tuple.of(6, opens()),
            Tuple.of(2, closes()),
            Tuple.of(8, reads()),
            Tuple.of(8, writes()),
            Tuple.of(4, seeks()),
            Tuple.of(4, ioctls()),
            Tuple.of(4, ioctlBufs()),
            Tuple.of(1, Arbitraries.integers().between(0, 2).map(m -> (Op) new Stop(m))),
            Tuple.of(2, Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, 4))
                .as((s, r) -> (Op) new LowerHalf(s, r))),
            Tuple.of(2, Arbitraries.integers().between(0, 80).map(n -> (Op) new WitnessWrite(n))),
            Tuple.of(2, Arbitraries.integers().between(0, 80).map(n -> (Op) new WitnessRead(n))),
            Tuple.of(2, Combinators.combine(Arbitraries.integers().between(0, Rig.RAM_BYTES),
                Arbitraries.integers().between(0, 40)).as((at, n) -> (Op) new WitnessRamWrite(at, n))));
        return op.list().ofMinSize(1).ofMaxSize(80).withSizeDistribution(RandomDistribution.uniform());
    }

    /** Any int, the extremes as often as the rest (the property turns jqwik's own edge cases off). */
    private static Arbitrary<Integer> anyInt()
    {
        return Arbitraries.frequencyOf(
            Tuple.of(1, Arbitraries.of(Integer.MIN_VALUE, Integer.MIN_VALUE + 1, -1, 0, 1, Integer.MAX_VALUE - 1,
                Integer.MAX_VALUE)),
            Tuple.of(1, Arbitraries.integers()));
    }

    private static Arbitrary<Integer> actors()
    {
        return Arbitraries.integers().between(0, 2);
    }

    private static Arbitrary<FdRef> fds()
    {
        return Arbitraries.frequencyOf(
            Tuple.of(4, Arbitraries.integers().between(0, 15).map(k -> new FdRef(FdRef.OWNED, k))),
            Tuple.of(2, Arbitraries.integers().between(0, 15).map(k -> new FdRef(FdRef.PICK, k))),
            Tuple.of(1, anyInt().map(v -> new FdRef(FdRef.RAW, v))));
    }

    private static Arbitrary<Buf> bufs()
    {
        return Arbitraries.of(-1, 0, 1, 8, 64, 300).map(Buf::new);
    }

    /** Offsets and lengths: mostly inside or near the buffers, sometimes anything (MIN_VALUE, MAX_VALUE...). */
    private static Arbitrary<Integer> ranges()
    {
        return Arbitraries.frequencyOf(
            Tuple.of(4, Arbitraries.integers().between(0, 8)),
            Tuple.of(2, Arbitraries.integers().between(-2, 70)),
            Tuple.of(1, anyInt()));
    }

    private static Arbitrary<Op> opens()
    {
        final Arbitrary<String> uris = Arbitraries.frequencyOf(
            Tuple.of(12, Arbitraries.of(VALID_URIS)),
            Tuple.of(2, Arbitraries.of(MALFORMED_URIS)),
            Tuple.of(1, Arbitraries.strings().withChars("device:/uartlopm0123456789*").ofMaxLength(24)),
            Tuple.of(1, Arbitraries.strings().ofMaxLength(40)));
        final Arbitrary<Integer> flags = Arbitraries.frequencyOf(
            Tuple.of(12, Arbitraries.of(O_RDONLY, O_WRONLY, O_RDWR, O_RDWR, O_RDONLY | O_NONBLOCK,
                O_WRONLY | O_NONBLOCK, O_RDWR | O_NONBLOCK, O_RDWR | O_NONBLOCK)),
            Tuple.of(1, anyInt()));
        return Combinators.combine(actors(), uris, flags).as(Open::new);
    }

    private static Arbitrary<Op> closes()
    {
        return Combinators.combine(actors(), fds()).as(Close::new);
    }

    private static Arbitrary<Op> reads()
    {
        return Combinators.combine(actors(), fds(), bufs(), ranges(), ranges()).as(Read::new);
    }

    private static Arbitrary<Op> writes()
    {
        return Combinators.combine(actors(), fds(), bufs(), ranges(), ranges()).as(Write::new);
    }

    private static Arbitrary<Op> seeks()
    {
        final Arbitrary<Integer> offsets = Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.integers().between(-300, 300)),
            Tuple.of(1, anyInt()));
        final Arbitrary<Integer> whences = Arbitraries.frequencyOf(
            Tuple.of(4, Arbitraries.integers().between(-1, 3)),
            Tuple.of(1, anyInt()));
        return Combinators.combine(actors(), fds(), offsets, whences).as(Seek::new);
    }

    private static Arbitrary<Integer> commands()
    {
        return Arbitraries.frequencyOf(
            Tuple.of(4, Arbitraries.of(Arrays.stream(COMMANDS).boxed().toList())),
            Tuple.of(1, Arbitraries.integers().between(0, 0xFFFF)),
            Tuple.of(1, anyInt()));
    }

    private static Arbitrary<Op> ioctls()
    {
        return Combinators.combine(actors(), fds(), commands(), anyInt()).as(IoctlInt::new);
    }

    private static Arbitrary<Op> ioctlBufs()
    {
        return Combinators.combine(actors(), fds(), commands(), bufs(), ranges(), ranges()).as(IoctlBuf::new);
    }
}
