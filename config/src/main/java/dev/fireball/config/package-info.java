/**
 * Per-board constants, their validation and the static memory budget. Knows nothing of the other
 * modules: the kernel and HAL size their tables from what this package hands them at boot.
 */
package dev.fireball.config;
