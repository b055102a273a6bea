/**
 * config-tool: the host side of board configuration. Reads the human-edited board files
 * ({@code config/boards/<board>.properties}) and application overrides, validates them against
 * {@link dev.fireball.config.tool.Schema}, computes the static memory {@link dev.fireball.config.tool.Budget},
 * and generates the Java constants the device boots from ({@link dev.fireball.config.tool.JavaGenerator}).
 * Nothing here reaches a device: the config module depends on this one with scope {@code provided}.
 */
package dev.fireball.config.tool;
