package io.mcpmonitor.core.health;

/**
 * The health of the whole system: as healthy as its least healthy server ({@code healthScore} is the
 * lowest server score, 100 with no server), with the mean of the server scores beside it. Immutable.
 */
public record SystemHealth(int healthScore, int averageHealthScore, HealthStatus status) {
}
