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
    /** Throwable#setStackTrace is not in EDC; the call's owner is this project's subclass. */
    public void inheritedThroughProjectClass(final Boom b)
    {
        b.setStackTrace(new StackTraceElement[0]);
    }

    /** Throwable#getMessage is in EDC: allowed through a project subclass too. */
    public String inheritedAndInEdc(final Boom b, final Action a)
    {
        return b.getMessage() + a.hashCode();
    }

    /** TypeNotPresentException is not in EDC; it appears only in the exception table. */
    public int caughtOnly(final Action a)
    {
        try
        {
            a.act();
            return 0;
        }
        catch (final TypeNotPresentException e)
        {
            return 1;
        }
    }

    /** Java 9+ string concatenation is an invokedynamic (StringConcatFactory, java.lang.invoke). */
    public String concat(final int x)
    {
        return "x=" + x;
    }

    /** A project subclass of an EDC type. */
    public static final class Boom extends RuntimeException
    {
        private static final long serialVersionUID = 1L;
    }

    /** A project interface. */
    public interface Action
    {
        void act();
    }
}
