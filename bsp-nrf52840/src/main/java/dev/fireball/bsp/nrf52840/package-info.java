/**
 * Lower-half drivers for the nrf52840: register sequences for UART, GPIO, I2C, SPI, ADC and timers,
 * board pin maps and IRQ numbers. Filled by the BSP issue; register facts come from
 * {@code shared/reference/nrf52840.md}.
 */
package dev.fireball.bsp.nrf52840;
