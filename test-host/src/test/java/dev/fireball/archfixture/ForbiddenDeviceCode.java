package dev.fireball.archfixture;

import java.util.ArrayList;
import java.util.Arrays;

/** Deliberately breaks every device-code rule; the rule tests must catch each break. */
public final class ForbiddenDeviceCode
{
    final class Inner
    {
    }

    public int bits(final int x)
    {
        return Integer.bitCount(x);
    }

    public void sort(final int[] a)
    {
        Arrays.sort(a);
    }

    public Object primitiveClass()
    {
        return int.class;
    }

    public Object qualifiedInner(final ForbiddenDeviceCode outer)
    {
        return outer.new Inner();
    }

    public Object collection()
    {
        return new ArrayList<String>();
    }

    public long wallTime()
    {
        return System.currentTimeMillis();
    }
}
