package dev.fireball.hal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fireball.kernel.Errno;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeviceUriTest
{
    private final DeviceRegistry types = new DeviceRegistry(16, 4);

    @Test
    void builtInTypesParseToTheirIdsAndIndex()
    {
        assertEquals(DeviceType.UART << 16, DeviceUri.parse("device://uart/0", types));
        assertEquals(DeviceType.GPIO << 16 | 31, DeviceUri.parse("device://gpio/31", types));
        assertEquals(DeviceType.I2C << 16 | 1, DeviceUri.parse("device://i2c/1", types));
        assertEquals(DeviceType.SPI << 16 | 2, DeviceUri.parse("device://spi/2", types));
        assertEquals(DeviceType.ADC << 16 | 7, DeviceUri.parse("device://adc/7", types));
        assertEquals(DeviceType.TIMER << 16 | DeviceUri.MAX_INDEX, DeviceUri.parse("device://timer/65534", types));
    }

    @Test
    void typeAndIndexSplitTheParse()
    {
        final int parsed = DeviceUri.parse("device://spi/12", types);
        assertEquals(DeviceType.SPI, DeviceUri.typeOf(parsed));
        assertEquals(12, DeviceUri.indexOf(parsed));
    }

    @Test
    void addedTypesGetTheNextIds()
    {
        final int loop = types.addType("loop-back_2", Ioctl.NO_FAMILY);
        assertEquals(DeviceType.BUILT_IN_COUNT, loop);
        assertEquals(loop << 16 | 3, DeviceUri.parse("device://loop-back_2/3", types));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "device://", "device:///0", "device://uart", "device://uart/", "device://uart0", "Device://uart/0",
        "device:/uart/0", "device//uart/0", "file://uart/0", "device://UART/0", "device://uart/00", "device://uart/01",
        "device://uart/-1", "device://uart/+1", "device://uart/1a", "device://uart/0/", "device://uart/0 ",
        " device://uart/0", "device://uart//0", "device://ua rt/0", "device://uart/65535", "device://uart/99999",
        "device://uart/100000", "device://uart/*", "device://uart/**", "device://abcdefghijklmnopq/0",
        "device://uart/0\u0000", "device://\u00fcart/0", "device://uart/\u0660"})
    void malformedUrisAreEinval(final String uri)
    {
        assertEquals(-Errno.EINVAL, DeviceUri.parse(uri, types));
    }

    @Test
    void nullIsEinval()
    {
        assertEquals(-Errno.EINVAL, DeviceUri.parse(null, types));
    }

    @ParameterizedTest
    @ValueSource(strings = {"device://can/0", "device://uar/0", "device://uarts/0", "device://abcdefghijklmnop/0"})
    void wellFormedUnknownTypesAreEnodev(final String uri)
    {
        assertEquals(-Errno.ENODEV, DeviceUri.parse(uri, types));
    }

    @Test
    void patternsAcceptTheWildcardIndex()
    {
        assertEquals(DeviceType.UART << 16 | DeviceUri.ANY_INDEX, DeviceUri.parsePattern("device://uart/*", types));
        assertEquals(DeviceType.UART << 16 | 4, DeviceUri.parsePattern("device://uart/4", types));
        assertEquals(-Errno.EINVAL, DeviceUri.parsePattern("device://uart/*1", types));
    }
}
