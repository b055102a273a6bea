package dev.fireball.config.tool;

import dev.fireball.config.tool.Key.Kind;
import dev.fireball.config.tool.Key.Rule;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every key a board file may set: the one place where a tunable is declared, with its default,
 * range, unit and meaning. The generator turns this list into the fields of the device's
 * {@code BoardConfig}, so adding a key here is all a kernel or HAL issue has to do to get a new
 * constant (and then charge its memory in {@link Budget}).
 *
 * <p>Ranges are the limits of the code that consumes the value (the scheduler's handle packing
 * allows 65,536 slots; the interrupt pending word has 32 bits), not taste: taste goes in the board
 * files. Defaults follow the Fireball design's fireball_config.hxx where it has one
 * (MAX_COROUTINES 8, GUEST_HEAP_SIZE_KB 16), and pass their own validation: the design's
 * COROUTINE_STACK_SIZE_KB 8 would make COROUTINE_FRAME_BYTES 8192, but a frame is a heap block with
 * a header, so only one such frame fits a 16 KiB heap and 4 modules could not hold 8 coroutines'
 * frames. A stackless coroutine's frame is scratch memory, not a stack: the default is 4096, three
 * to a 16 KiB heap with room left for the module's data.
 */
public final class Schema
{
    private static final long INT_MAX = Integer.MAX_VALUE;

    private static final List<Key> KEYS = List.of(
        // ---- board facts: the chip and its Java runtime; only a board file sets them ---------------------
        fact("SRAM_KB", "board", "KiB", null, 1, 16_384, Rule.NONE,
            "Static RAM available to the firmware. The budget fails the build when the static RAM of the chosen "
            + "constants exceeds it."),
        fact("FLASH_KB", "board", "KiB", null, 1, 65_536, Rule.NONE,
            "Code flash available to the firmware (reported; the flash budget is the linker's job)."),
        fact("CPU_HZ", "board", "Hz", null, 1, INT_MAX, Rule.NONE,
            "Core clock the firmware runs at; bounds TICK_HZ."),
        fact("RUNTIME_RESERVE_KB", "board", "KiB", null, 0, 16_384, Rule.NONE,
            "RAM the Java runtime needs beyond the objects the budget models: VM/runtime tables, class and "
            + "vtable data, the native stack, interrupt stubs."),
        fact("OBJECT_HEADER_BYTES", "layout", "bytes", 8L, 4, 16, Rule.MULTIPLE_OF_4,
            "Header of every Java object in this board's runtime (8 on the 32-bit MCU runtimes, 12 on a 64-bit "
            + "HotSpot with compressed class pointers)."),
        fact("ARRAY_HEADER_BYTES", "layout", "bytes", 12L, 8, 24, Rule.MULTIPLE_OF_4,
            "Header of every Java array, length field included (12 on the MCU runtimes, 16 on HotSpot)."),
        fact("REF_BYTES", "layout", "bytes", 4L, 4, 8, Rule.POWER_OF_TWO,
            "Size of a reference field or array element (4 on 32-bit MCUs and with compressed oops)."),
        fact("OBJECT_ALIGN_BYTES", "layout", "bytes", 8L, 4, 16, Rule.POWER_OF_TWO,
            "Every object and array size is rounded up to this."),

        // ---- kernel ---------------------------------------------------------------------------------------
        tunable("MAX_COROUTINES", "kernel", "slots", 8, 1, 65_536, Rule.NONE,
            "Slots in the coroutine table. Each slot costs its share of the scheduler tables and, once spawned, "
            + "one frame (COROUTINE_FRAME_BYTES) of its module's heap. The scheduler packs a slot and a "
            + "generation into a positive int handle, hence at most 65,536."),
        tunable("COROUTINE_FRAME_BYTES", "kernel", "bytes", 4_096, 64, 1_048_576, Rule.MULTIPLE_OF_8,
            "Frame budget of one coroutine (the design's COROUTINE_STACK_SIZE_KB): charged to its module's heap "
            + "at spawn and used as its scratch memory (I/O buffers live there). Not extra RAM: it comes out of "
            + "GUEST_HEAP_SIZE_KB."),
        tunable("MAX_MODULES", "kernel", "modules", 4, 1, 256, Rule.NONE,
            "Guest modules (the design's guests): each owns one heap of GUEST_HEAP_SIZE_KB and at least one "
            + "coroutine. The kernel's own module 0 comes on top and has no heap."),
        tunable("GUEST_HEAP_SIZE_KB", "kernel", "KiB", 16, 1, 1_024, Rule.NONE,
            "Heap of one module (co_mem): one byte[] created at boot, holding its coroutines' frames and its "
            + "allocations. A heap handle carries the payload offset in 20 bits, hence at most 1,024 KiB."),
        tunable("MAX_TIMERS", "kernel", "timers", 8, 0, 65_536, Rule.NONE,
            "Software timers (one-shot and periodic) beyond the timeout timer every coroutine slot already has."),
        tunable("MAX_CHANNELS", "kernel", "channels", 8, 0, 4_096, Rule.NONE,
            "Channels (fixed-size message FIFOs between coroutines)."),
        tunable("CHANNEL_CAPACITY", "kernel", "messages", 8, 1, 65_536, Rule.POWER_OF_TWO,
            "Messages one channel holds; a power of two so the ring indexes with a mask."),
        tunable("CHANNEL_MSG_BYTES", "kernel", "bytes", 16, 1, 4_096, Rule.NONE,
            "Size of one channel message."),
        tunable("MAX_SELECT_ARMS", "kernel", "arms", 4, 1, 32, Rule.NONE,
            "Most channel operations one select waits on at once. The kernel's selector keeps one waiter node per "
            + "arm for every coroutine slot (MAX_COROUTINES x this, rounded up to a power of two); a plain send or "
            + "receive uses one. At most 32."),
        tunable("MAX_EVENTS", "kernel", "event groups", 8, 0, 4_096, Rule.NONE,
            "Event groups (32 flag bits a coroutine can wait on)."),
        tunable("MAX_FUTURES", "kernel", "futures", 8, 0, 4_096, Rule.NONE,
            "Futures (one-shot results a coroutine can wait on)."),
        tunable("TICK_HZ", "kernel", "Hz", 1_000, 1, 1_000_000, Rule.NONE,
            "Kernel tick rate: the unit of sleep and timeout arguments. At most CPU_HZ / 1000, so a tick is "
            + "never shorter than 1000 cycles."),
        tunable("MAX_INTERRUPT_LINES", "kernel", "lines", 16, 1, 32, Rule.NONE,
            "Interrupt lines the kernel bridges to bottom halves; one bit each in the 32-bit pending word."),
        tunable("TRACE_BUFFER_BYTES", "kernel", "bytes", 1_024, 0, 1_048_576, Rule.POWER_OF_TWO_OR_ZERO,
            "Ring of binary 16-byte trace events (switch, spawn, fault, alloc...); 0 disables tracing, else at "
            + "least 32 (two events). A power of two so the ring indexes with a mask."),

        // ---- HAL ------------------------------------------------------------------------------------------
        tunable("MAX_FDS", "hal", "fds", 16, 1, 4_096, Rule.NONE,
            "Entries of the fd table: devices open at once, over all modules (each open is its own stream with "
            + "its own flags and position)."),
        tunable("MAX_STREAMS", "hal", "streams", 8, 0, 127, Rule.NONE,
            "Streaming slots: opens of streaming devices (UART, GPIO, timer...) at once, over all modules. Each "
            + "holds one receive ring and one wait queue; seekable devices (RAM, flash) need none. At most "
            + "MAX_FDS; the fd table stores a slot in a byte, hence at most 127."),
        tunable("RX_RING_BYTES", "hal", "bytes", 256, 16, 65_536, Rule.POWER_OF_TWO,
            "Receive ring of one streaming slot (each open stream buffers independently, so two readers of one "
            + "UART each see every byte). A power of two so the ring indexes with a mask."),
        tunable("MAX_DEVICE_TYPES", "hal", "types", 16, 6, 127, Rule.NONE,
            "Device types the URI registry knows: the 6 built-ins (uart, gpio, i2c, spi, adc, timer) and those a "
            + "board adds at boot."),
        tunable("MAX_DRIVERS", "hal", "drivers", 16, 1, 127, Rule.NONE,
            "Entries of the driver registry (URI pattern -> driver), filled at boot.")
    );

    private static final Map<String, Key> BY_NAME;

    static
    {
        final Map<String, Key> m = new LinkedHashMap<>();
        for (final Key k : KEYS)
        {
            if (null != m.put(k.name(), k))
            {
                throw new IllegalStateException("duplicate key in schema: " + k.name());
            }
        }
        BY_NAME = Collections.unmodifiableMap(m);
    }

    private Schema()
    {
    }

    /** Every key, in the order of the generated {@code BoardConfig} fields. */
    public static List<Key> keys()
    {
        return KEYS;
    }

    /** @return the key named {@code name} (exact spelling), or null */
    public static Key find(final String name)
    {
        return BY_NAME.get(name);
    }

    /** @return the key named {@code name} */
    public static Key get(final String name)
    {
        final Key k = BY_NAME.get(name);
        if (null == k)
        {
            throw new IllegalArgumentException("no such key: " + name);
        }
        return k;
    }

    /** The names of every key, for did-you-mean suggestions. */
    public static List<String> names()
    {
        return new ArrayList<>(BY_NAME.keySet());
    }

    /** The position of {@code name} in {@link #keys()} (the index into {@code BoardConfig.of(values)}). */
    public static int indexOf(final String name)
    {
        return KEYS.indexOf(get(name));
    }

    private static Key fact(final String name, final String group, final String unit, final Long def, final long min,
                            final long max, final Rule rule, final String doc)
    {
        return new Key(name, Kind.BOARD_FACT, group, unit, def, min, max, rule, doc);
    }

    private static Key tunable(final String name, final String group, final String unit, final long def,
                               final long min, final long max, final Rule rule, final String doc)
    {
        return new Key(name, Kind.TUNABLE, group, unit, def, min, max, rule, doc);
    }
}
