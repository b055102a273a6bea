package dev.fireball.kernel;

/**
 * What a module is, given at boot to {@link Modules#create}: name, heap, frame budget, quotas,
 * device grants, fault policy and the init coroutine that starts it (and restarts it).
 * <pre>{@code
 * int sensor = modules.create(new ModuleSpec("sensor", sensorInit)
 *     .heap(16 * 1024).frameBytes(1024).maxCoroutines(4).maxFds(4).maxChannels(2)
 *     .grant("device://i2c/0", ModuleSpec.READ | ModuleSpec.WRITE)
 *     .restart(3, 10000));                       // 3 restarts within 10,000 ticks, then stop
 * }</pre>
 * <p><b>Context</b>: boot only; a builder (allocates, like all boot code).
 */
public final class ModuleSpec
{
    /** Grant mode bit: the module may open the device for reading. */
    public static final int READ = 1;
    /** Grant mode bit: the module may open the device for writing. */
    public static final int WRITE = 2;

    /** Grants a spec may carry. */
    public static final int MAX_GRANTS = 16;
    /** Longest device type name in a grant and in a device URI (the HAL's DeviceUri takes it from here). */
    public static final int MAX_TYPE_CHARS = 16;
    /** Largest device index in a grant and in a device URI (the HAL's DeviceUri takes it from here). */
    public static final int MAX_INDEX = 0xFFFE;

    final String name;
    final Coroutine init;
    int heapBytes = ModuleHeap.DEFAULT_SIZE_BYTES;
    int frameBytes = 1024;
    int maxCoroutines = 4;
    int maxFds = 4;
    int maxChannels = 4;
    int policy = Modules.STOP;
    int maxRestarts;
    long restartWindowTicks;
    long restartDelayTicks;
    final String[] grantType = new String[MAX_GRANTS];
    final int[] grantIndex = new int[MAX_GRANTS];
    final int[] grantModes = new int[MAX_GRANTS];
    int grants;

    /**
     * @param name shown in dumps and reports
     * @param init the coroutine spawned when the module starts and at each restart; it must reset
     *             its own fields at {@code pc == 0}
     */
    public ModuleSpec(final String name, final Coroutine init)
    {
        if (null == name || name.length() == 0)
        {
            throw new IllegalArgumentException("a module needs a name");
        }
        if (null == init)
        {
            throw new IllegalArgumentException("module '" + name + "' needs an init coroutine");
        }
        this.name = name;
        this.init = init;
    }

    /** Bytes of the module's heap (GUEST_HEAP_SIZE): a multiple of 8 within ModuleHeap's limits. */
    public ModuleSpec heap(final int bytes)
    {
        heapBytes = bytes;
        return this;
    }

    /** Frame budget of each coroutine (COROUTINE_FRAME_BYTES), unless the coroutine asks otherwise; 0: none. */
    public ModuleSpec frameBytes(final int bytes)
    {
        if (bytes < 0)
        {
            throw new IllegalArgumentException("module '" + name + "': frameBytes must be >= 0: " + bytes);
        }
        frameBytes = bytes;
        return this;
    }

    public ModuleSpec maxCoroutines(final int n)
    {
        maxCoroutines = positive("maxCoroutines", n);
        return this;
    }

    public ModuleSpec maxFds(final int n)
    {
        maxFds = atLeastZero("maxFds", n);
        return this;
    }

    /** How many channels {@link Kernel#channel(int, int, int)} may charge to the module at boot (default 4). */
    public ModuleSpec maxChannels(final int n)
    {
        maxChannels = atLeastZero("maxChannels", n);
        return this;
    }

    private IllegalArgumentException badIndex(final String pattern)
    {
        return new IllegalArgumentException("module '" + name + "': grant index must be *, 0 or a number 1.." + MAX_INDEX
            + " without leading zeros: '" + pattern + "'");
    }

    private static boolean isTypeName(final String type)
    {
        for (int i = 0; i < type.length(); i++)
        {
            final char c = type.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || '_' == c || '-' == c))
            {
                return false;
            }
        }
        return true;
    }

    /** Fault policy Stop (the default): a fault stops the module for good. */
    public ModuleSpec stopOnFault()
    {
        policy = Modules.STOP;
        return this;
    }

    /** Fault policy Restart: up to {@code times} restarts within any {@code windowTicks}, then Stop. */
    public ModuleSpec restart(final int times, final long windowTicks)
    {
        if (times < 1 || windowTicks < 1)
        {
            throw new IllegalArgumentException("module '" + name + "': restart needs times >= 1 and windowTicks >= 1: times="
                + times + ", windowTicks=" + windowTicks);
        }
        policy = Modules.RESTART;
        maxRestarts = times;
        restartWindowTicks = windowTicks;
        restartDelayTicks = 0;
        return this;
    }

    /**
     * Fault policy Restart with a back-off: as {@link #restart(int, long)}, but each restart's init
     * first sleeps {@code delayTicks} (the module is RUNNING meanwhile, its init counted and
     * sleeping). A module that faults as it starts then does not spend its restarts in the tick of
     * the fault, and whatever made it fault (a device still resetting) has time to clear. Restarts
     * are counted at their faults: with {@code delayTicks >= windowTicks / times}, {@code times}
     * restarts never fit in one window, and the module restarts for ever, each after the delay.
     */
    public ModuleSpec restart(final int times, final long windowTicks, final long delayTicks)
    {
        if (delayTicks < 0)
        {
            throw new IllegalArgumentException("module '" + name + "': restart delay must be >= 0: delayTicks="
                + delayTicks);
        }
        restart(times, windowTicks);
        restartDelayTicks = delayTicks;
        return this;
    }

    /** Fault policy Panic: a fault of this module halts the whole kernel with a report. */
    public ModuleSpec panicOnFault()
    {
        policy = Modules.PANIC;
        return this;
    }

    /**
     * Lets the module open devices matching {@code pattern}: {@code device://TYPE/INDEX} or
     * {@code device://TYPE/*}.
     *
     * @param modes {@link #READ}, {@link #WRITE} or both
     */
    public ModuleSpec grant(final String pattern, final int modes)
    {
        if (grants == MAX_GRANTS)
        {
            throw new IllegalArgumentException("module '" + name + "': more than " + MAX_GRANTS + " grants");
        }
        if (modes < READ || modes > (READ | WRITE))
        {
            throw new IllegalArgumentException("module '" + name + "': grant modes must be READ, WRITE or both: " + modes);
        }
        final String prefix = "device://";
        final int slash = null == pattern ? -1 : pattern.indexOf('/', prefix.length());
        if (null == pattern || !pattern.startsWith(prefix) || slash <= prefix.length() || slash == pattern.length() - 1)
        {
            throw new IllegalArgumentException("module '" + name + "': grant pattern must be device://TYPE/INDEX or "
                + "device://TYPE/*: '" + pattern + "'");
        }
        final String type = pattern.substring(prefix.length(), slash);
        final String index = pattern.substring(slash + 1);
        // The HAL's URI grammar (hal DeviceUri), so a grant can match what open() accepts:
        // type = 1..16 of [a-z0-9_-]; index = "0" | [1-9][0-9]* up to 65534, or "*".
        if (type.length() > MAX_TYPE_CHARS || !isTypeName(type))
        {
            throw new IllegalArgumentException("module '" + name + "': grant type must be 1.." + MAX_TYPE_CHARS
                + " of a-z, 0-9, _ and -: '" + pattern + "'");
        }
        int idx = Modules.ANY_INDEX;
        if (!"*".equals(index))
        {
            idx = 0;
            for (int i = 0; i < index.length(); i++)
            {
                final char ch = index.charAt(i);
                if (ch < '0' || ch > '9' || (0 == i && '0' == ch && index.length() > 1) || idx > MAX_INDEX)
                {
                    throw badIndex(pattern);
                }
                idx = idx * 10 + (ch - '0');
            }
            if (idx > MAX_INDEX)
            {
                throw badIndex(pattern);
            }
        }
        grantType[grants] = type;
        grantIndex[grants] = idx;
        grantModes[grants] = modes;
        grants++;
        return this;
    }

    private int positive(final String what, final int n)
    {
        if (n < 1)
        {
            throw new IllegalArgumentException("module '" + name + "': " + what + " must be >= 1: " + n);
        }
        return n;
    }

    private int atLeastZero(final String what, final int n)
    {
        if (n < 0)
        {
            throw new IllegalArgumentException("module '" + name + "': " + what + " must be >= 0: " + n);
        }
        return n;
    }
}
