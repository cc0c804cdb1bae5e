/**
 * Offline model and rule lab: training (XGBoost4J), evaluation, backtests and shadow runs. Never on the authorization hot path. Filled by the fraud-model issue.
 *
 * <p>This package is the module's public API; {@code dev.mamori.lab.internal} is private to it.
 * Plain Java: no Spring, no HTTP (checked by the architecture test in mamori-server).
 */
package dev.mamori.lab;
