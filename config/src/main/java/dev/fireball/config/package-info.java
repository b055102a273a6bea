/**
 * Per-board constants. Knows nothing of the other modules: the kernel and HAL size their tables from
 * the {@link dev.fireball.config.BoardConfig} this package hands them at boot.
 *
 * <p>Every class here is generated at build time (generate-sources) by config-tool from the board
 * files in {@code config/boards/*.properties}, after it validated them and checked their memory
 * budget: {@code BoardConfig} (one final int field per key), one class of constants per board in
 * {@code dev.fireball.config.boards}, and {@link dev.fireball.config.Boards} to pick one. Nothing is
 * parsed on the device. The sources land in {@code config/target/generated-sources/fireball}.
 */
package dev.fireball.config;
