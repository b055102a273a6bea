package dev.fireball.hal.support;

import dev.fireball.hal.Driver;

/** A driver that overrides nothing: every optional callback is missing. */
public final class BareDriver extends Driver
{
    public BareDriver(final int instances, final int kind)
    {
        super(instances, kind);
    }
}
