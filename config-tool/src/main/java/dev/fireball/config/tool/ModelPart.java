package dev.fireball.config.tool;

import java.util.List;

/**
 * One line of a memory model ({@link SchedulerModel}, {@link HalModel}, {@link KernelModel}): what
 * it is, the Java type JOL names for it, how many instances, and their bytes in one layout.
 */
public interface ModelPart
{
    String label();

    String type();

    long instances();

    long bytes();

    /** Total bytes of {@code parts}. */
    static long sum(final List<? extends ModelPart> parts)
    {
        long sum = 0;
        for (final ModelPart part : parts)
        {
            sum += part.bytes();
        }
        return sum;
    }
}
