package dev.fireball.hal;

/**
 * The device types every board knows, in the order {@link DeviceRegistry} numbers them: the type
 * id of {@code device://uart/0} is {@link #UART}, whatever drivers the board registers. More types
 * are added at boot with {@link Hal#addType}; they get the next ids.
 * <p>Each type has an ioctl family ({@link Ioctl}); commands of another family are refused with
 * {@code -Errno.ENOTTY} before any driver sees them.
 * <p><b>Allocation</b>: none.
 */
public final class DeviceType
{
    public static final int UART = 0;
    public static final int GPIO = 1;
    public static final int I2C = 2;
    public static final int SPI = 3;
    public static final int ADC = 4;
    public static final int TIMER = 5;

    /** Number of built-in types; the first id {@link Hal#addType} hands out. */
    public static final int BUILT_IN_COUNT = 6;

    static final String[] NAMES = {"uart", "gpio", "i2c", "spi", "adc", "timer"};
    static final int[] FAMILIES = {
        Ioctl.TIOC_BASE, Ioctl.GPIO_BASE, Ioctl.I2C_BASE, Ioctl.SPI_BASE, Ioctl.ANIOC_BASE, Ioctl.TCIOC_BASE};

    private DeviceType()
    {
    }
}
