/**
 * The HAL upper half: URI registry, fd table, streams, errno, ioctl codes, permissions and
 * readiness. Filled by the HAL issue.
 */
package dev.fireball.hal;
