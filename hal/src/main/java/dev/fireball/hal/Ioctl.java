package dev.fireball.hal;

/**
 * ioctl command numbers, NuttX style ({@code include/nuttx/fs/ioctl.h}): a command is 16 bits, an
 * 8-bit type (the family, one per device class) and an 8-bit number within it.
 * <pre>
 *   15            8 7             0
 *  +---------------+---------------+
 *  |  type (base)  |    number     |      cmd = type | nr      (_IOC(type, nr))
 *  +---------------+---------------+
 * </pre>
 * The family bases are NuttX's ({@code _TIOCBASE}, {@code _FIOCBASE}, {@code _ANIOCBASE},
 * {@code _TCIOCBASE}, {@code _I2CBASE}, {@code _SPIBASE}, {@code _GPIOBASE}) and so are the numbers
 * of {@link #FIONREAD} and {@link #FIONBIO}; the device command numbers are Fireball's.
 * <p>{@link Hal#ioctl} answers a command the HAL does not define, or one of another device class's
 * family, with {@code -Errno.ENOTTY}; a defined command of the device's family that its driver does
 * not implement gives {@code -Errno.ENOTSUP}. The generic {@link #FIOC_BASE} commands apply to every
 * device.
 * <p><b>Allocation</b>: none.
 */
public final class Ioctl
{
    /** Bits of the command number. */
    public static final int NR_MASK = 0x00FF;
    /** Bits of the type (family). */
    public static final int TYPE_MASK = 0xFF00;
    /** A device type without a family of its own: only the generic commands apply. */
    public static final int NO_FAMILY = 0;

    // ---- families (NuttX bases) ------------------------------------------------------------------
    /** Terminal (serial) commands, NuttX {@code _TIOCBASE}. */
    public static final int TIOC_BASE = 0x0100;
    /** Generic file commands, NuttX {@code _FIOCBASE}; apply to every device. */
    public static final int FIOC_BASE = 0x0300;
    /** Analog (ADC/DAC) commands, NuttX {@code _ANIOCBASE}. */
    public static final int ANIOC_BASE = 0x0B00;
    /** Timer commands, NuttX {@code _TCIOCBASE}. */
    public static final int TCIOC_BASE = 0x1600;
    /** I2C commands, NuttX {@code _I2CBASE}. */
    public static final int I2C_BASE = 0x2100;
    /** SPI commands, NuttX {@code _SPIBASE}. */
    public static final int SPI_BASE = 0x2200;
    /** GPIO commands, NuttX {@code _GPIOBASE}. */
    public static final int GPIO_BASE = 0x2300;

    // ---- generic (every device) ---------------------------------------------------------------------
    /** Bytes readable now without waiting; returns the count. NuttX {@code _FIOC(0x0007)}. */
    public static final int FIONREAD = FIOC_BASE | 0x07;
    /** arg != 0 sets {@link OpenFlags#O_NONBLOCK} on this fd, 0 clears it. NuttX {@code _FIOC(0x000b)}. */
    public static final int FIONBIO = FIOC_BASE | 0x0B;
    /** Bytes this stream lost because its receive ring was full; returns the count (saturating). */
    public static final int FIOC_OVERRUNS = FIOC_BASE | 0x80;

    // ---- serial ---------------------------------------------------------------------------------------
    /** Set the baud rate; arg in bits per second, {@code > 0}. */
    public static final int TIOCBAUD = TIOC_BASE | 0x01;

    // ---- GPIO -----------------------------------------------------------------------------------------
    /** Set the pin direction; arg {@link #GPIO_DIR_INPUT} or {@link #GPIO_DIR_OUTPUT}. */
    public static final int GPIO_SET_DIR = GPIO_BASE | 0x01;
    /** Set the pull resistor; arg {@link #GPIO_PULL_NONE}, {@link #GPIO_PULL_UP} or {@link #GPIO_PULL_DOWN}. */
    public static final int GPIO_SET_PULL = GPIO_BASE | 0x02;
    /** Choose the edges that make the pin readable; arg one of the {@code GPIO_IRQ_*} values. */
    public static final int GPIO_SET_IRQ = GPIO_BASE | 0x03;

    public static final int GPIO_DIR_INPUT = 0;
    public static final int GPIO_DIR_OUTPUT = 1;
    public static final int GPIO_PULL_NONE = 0;
    public static final int GPIO_PULL_UP = 1;
    public static final int GPIO_PULL_DOWN = 2;
    public static final int GPIO_IRQ_NONE = 0;
    public static final int GPIO_IRQ_RISING = 1;
    public static final int GPIO_IRQ_FALLING = 2;
    public static final int GPIO_IRQ_BOTH = GPIO_IRQ_RISING | GPIO_IRQ_FALLING;

    // ---- I2C ------------------------------------------------------------------------------------------
    /** Set the bus clock; arg in Hz (100000, 400000...). */
    public static final int I2C_SET_FREQ = I2C_BASE | 0x01;
    /** Set the 7-bit target address of this stream's transfers; arg 0..0x7F. */
    public static final int I2C_SET_ADDR = I2C_BASE | 0x02;

    // ---- SPI ------------------------------------------------------------------------------------------
    /** Set the clock; arg in Hz. */
    public static final int SPI_SET_SPEED = SPI_BASE | 0x01;
    /** Set the clock polarity and phase; arg SPI mode 0..3. */
    public static final int SPI_SET_MODE = SPI_BASE | 0x02;

    // ---- ADC ------------------------------------------------------------------------------------------
    /** Select the input channel that reads sample. */
    public static final int ADC_SET_CHANNEL = ANIOC_BASE | 0x01;
    /** Set the resolution; arg in bits (8, 10, 12...). */
    public static final int ADC_SET_RESOLUTION = ANIOC_BASE | 0x02;

    // ---- timer ----------------------------------------------------------------------------------------
    /** Set the period after which the timer stream becomes readable; arg in microseconds. */
    public static final int TIMER_SET_PERIOD = TCIOC_BASE | 0x01;

    private Ioctl()
    {
    }

    /** {@code _IOC(type, nr)}. */
    public static int cmd(final int type, final int nr)
    {
        return (type & TYPE_MASK) | (nr & NR_MASK);
    }

    /** {@code _IOC_TYPE(cmd)}: the family base. */
    public static int type(final int cmd)
    {
        return cmd & TYPE_MASK;
    }

    /** {@code _IOC_NR(cmd)}: the number within the family. */
    public static int nr(final int cmd)
    {
        return cmd & NR_MASK;
    }

    /** @return true for a command this class defines (the ones the HAL can route) */
    public static boolean isDefined(final int cmd)
    {
        switch (cmd)
        {
            case FIONREAD:
            case FIONBIO:
            case FIOC_OVERRUNS:
            case TIOCBAUD:
            case GPIO_SET_DIR:
            case GPIO_SET_PULL:
            case GPIO_SET_IRQ:
            case I2C_SET_FREQ:
            case I2C_SET_ADDR:
            case SPI_SET_SPEED:
            case SPI_SET_MODE:
            case ADC_SET_CHANNEL:
            case ADC_SET_RESOLUTION:
            case TIMER_SET_PERIOD:
                return true;
            default:
                return false;
        }
    }

    /** @return true if {@code family} is one whose commands this class defines */
    public static boolean isBuiltInFamily(final int family)
    {
        switch (family)
        {
            case TIOC_BASE:
            case FIOC_BASE:
            case ANIOC_BASE:
            case TCIOC_BASE:
            case I2C_BASE:
            case SPI_BASE:
            case GPIO_BASE:
                return true;
            default:
                return false;
        }
    }
}
