/**
 * The HAL upper half (issue 5): one stream interface for every device. {@link dev.fireball.hal.Hal}
 * holds the six calls and readiness; the URI registry, fd table and streaming slots are
 * {@link dev.fireball.hal.DeviceRegistry}, {@link dev.fireball.hal.FdTable} and
 * {@link dev.fireball.hal.StreamTable}; a lower half extends {@link dev.fireball.hal.Driver}.
 * Reference: docs/hal.md.
 */
package dev.fireball.hal;
