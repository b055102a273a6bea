package dev.fireball.host.example;

/**
 * The sensor's "hardware": reading k (1-based) is {@code 200 + 3k}; reading {@link #GLITCH_AT}
 * is a glitch (-1), which the sensor treats as fatal. Lives outside the module, so it survives
 * the module's restart, as a real peripheral does.
 */
final class FakeAdc
{
    static final int GLITCH_AT = 5;

    private int reads;

    static int valueOf(final int reading)
    {
        return 200 + 3 * reading;
    }

    int read()
    {
        reads++;
        return GLITCH_AT == reads ? -1 : valueOf(reads);
    }

    int reads()
    {
        return reads;
    }
}
