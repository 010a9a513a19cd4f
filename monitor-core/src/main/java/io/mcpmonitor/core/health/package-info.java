/**
 * Server health for the dashboard: {@link io.mcpmonitor.core.health.HealthDashboard} scores every
 * server over the last 15 minutes against the alert rules in force
 * ({@link io.mcpmonitor.core.health.HealthScore}, the formula, documented in docs/DASHBOARD.md) and
 * gives per-minute percentiles and error rates for charts.
 *
 * <p>Null policy: no parameter or return value is null unless its javadoc says so; absent values
 * are empty collections, {@link io.mcpmonitor.core.health.Limits#NONE} or NaN.
 */
package io.mcpmonitor.core.health;
