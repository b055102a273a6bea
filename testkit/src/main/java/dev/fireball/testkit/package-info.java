/**
 * Test support for code that must not allocate after boot: {@link dev.fireball.testkit.AllocationMeter}
 * measures the current thread's heap allocations on HotSpot, in a JVM whose JIT cannot hide an
 * allocation. Host code (Java 17), for tests only; it depends on no Fireball module, so the
 * kernel's own tests and applications' tests use the same meter. Guide: docs/testing-apps.md.
 */
package dev.fireball.testkit;
