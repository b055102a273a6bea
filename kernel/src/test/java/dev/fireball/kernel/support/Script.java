package dev.fireball.kernel.support;

import dev.fireball.kernel.Coroutine;
import dev.fireball.kernel.Scheduler;
import java.util.List;
import java.util.function.ToIntBiFunction;

/** A test coroutine whose resume is a lambda over (scheduler, pc); records its name in a trace. */
public final class Script extends Coroutine
{
    private final ToIntBiFunction<Scheduler, Script> body;
    private final List<String> trace;

    public Script(final String name, final List<String> trace, final ToIntBiFunction<Scheduler, Script> body)
    {
        this(name, MODULE_DEFAULT_FRAME, trace, body);
    }

    /** A script that asks for {@code frameBytes} of module heap instead of the module's budget. */
    public Script(final String name, final int frameBytes, final List<String> trace,
        final ToIntBiFunction<Scheduler, Script> body)
    {
        super(name, frameBytes);
        this.trace = trace;
        this.body = body;
    }

    public int pc()
    {
        return pc;
    }

    public void pc(final int next)
    {
        pc = next;
    }

    public void log(final String event)
    {
        if (null != trace)
        {
            trace.add(event);
        }
    }

    @Override
    protected int resume(final Scheduler s)
    {
        return body.applyAsInt(s, this);
    }
}
