package dev.fireball.kernel;

/**
 * The fault a {@link ModuleHeap} accessor throws on an invalid access (issue 3: an out-of-bounds
 * heap access faults the coroutine). One instance per heap is created at boot and rethrown: its
 * fields are overwritten before each throw and {@link #fillInStackTrace} records nothing, so
 * raising it allocates nothing. Whoever catches it (the scheduler's fault path) reads the fields
 * or calls {@link #writeTo}; the fields describe the latest fault of this heap only.
 * <p><b>Context</b>: kernel only. <b>Allocation</b>: none after the constructor, except
 * {@link #getMessage()} (tools and host tests; device code uses {@link #writeTo}).
 */
public final class HeapFault extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /** The handle is not a live allocation of this heap: never allocated, misaligned, foreign. */
    public static final int BAD_HANDLE = 1;
    /** The handle was allocated and has been freed (use after free). */
    public static final int USE_AFTER_FREE = 2;
    /** {@code [offset, offset + length)} is not inside the allocation's usable bytes. */
    public static final int OUT_OF_BOUNDS = 3;
    /** The Java array range of a bulk copy is outside the array. */
    public static final int ARRAY_RANGE = 4;

    private static final String[] KIND_NAMES = {
        "none", "bad handle", "use after free", "out-of-bounds access", "bad array range"};

    private final int heapId;
    private int kind;
    private int handle;
    private int offset;
    private int length;
    private int limit;

    HeapFault(final int heapId)
    {
        super("module heap fault");
        this.heapId = heapId;
    }

    /** No stack trace: the instance is reused, and capturing one would allocate. */
    @Override
    public Throwable fillInStackTrace()
    {
        return this;
    }

    HeapFault set(final int kind, final int handle, final int offset, final int length, final int limit)
    {
        this.kind = kind;
        this.handle = handle;
        this.offset = offset;
        this.length = length;
        this.limit = limit;
        return this;
    }

    public int heapId()
    {
        return heapId;
    }

    /** One of {@link #BAD_HANDLE}, {@link #USE_AFTER_FREE}, {@link #OUT_OF_BOUNDS}, {@link #ARRAY_RANGE}. */
    public int kind()
    {
        return kind;
    }

    public int handle()
    {
        return handle;
    }

    /** Offset of the access: in the allocation, or in the Java array for {@link #ARRAY_RANGE}. */
    public int offset()
    {
        return offset;
    }

    public int length()
    {
        return length;
    }

    /** Usable bytes of the allocation (or the Java array length for {@link #ARRAY_RANGE}); -1 for a bad handle. */
    public int limit()
    {
        return limit;
    }

    public static String kindName(final int kind)
    {
        return kind >= 0 && kind < KIND_NAMES.length ? KIND_NAMES[kind] : "?";
    }

    /** {@code heap 3: out-of-bounds access handle=0x00300010 offset=60 length=4 limit=60}, without allocating. */
    public void writeTo(final AsciiSink sink)
    {
        sink.text("heap ").dec(heapId).text(": ").text(kindName(kind))
            .text(" handle=").hex32(handle)
            .text(" offset=").dec(offset)
            .text(" length=").dec(length)
            .text(" limit=").dec(limit);
    }

    /** Allocates: for tools and host tests only. */
    @Override
    public String getMessage()
    {
        final AsciiSink sink = new AsciiSink(128);
        writeTo(sink);
        return sink.toString();
    }
}
