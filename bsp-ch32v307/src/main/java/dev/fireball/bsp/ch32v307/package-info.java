/**
 * Lower-half drivers for the ch32v307: register sequences for UART, GPIO, I2C, SPI, ADC and timers,
 * board pin maps and IRQ numbers. Filled by the BSP issue; register facts come from
 * {@code shared/reference/ch32v307.md}.
 */
package dev.fireball.bsp.ch32v307;
