/**
 * Anomaly detection: streaming detectors on per-minute metric aggregates, and the product layer
 * that runs them over the store.
 *
 * <p><b>Streaming detectors.</b> {@link io.mcpmonitor.core.detect.DetectionMethod} creates an
 * {@link io.mcpmonitor.core.detect.AnomalyDetector} for one series at a
 * {@link io.mcpmonitor.core.detect.Sensitivity}. Cross-class rules: a detector instance serves
 * exactly one series and one thread; scores use only points already seen (no look-ahead); memory
 * per series is bounded and allocated up front; bad input (non-finite values) is dropped, never
 * thrown.
 *
 * <p><b>Product layer.</b> {@link io.mcpmonitor.core.detect.AnomalyDetection} reads each series'
 * minute buckets from a {@link io.mcpmonitor.core.store.StoreReader} (latency percentiles from the
 * merged histograms, error counts per outcome, call counts, process resources), runs one detector
 * per metric behind product gates (minimum calls, minimum effect, count-aware error rates), folds
 * consecutive anomalous minutes into one {@link io.mcpmonitor.core.detect.Anomaly} per incident and
 * explains it from the context. {@link io.mcpmonitor.core.detect.BackgroundDetection} runs it every
 * five minutes and keeps the anomalies in {@code <store>/anomalies/} (docs/STORE.md).
 *
 * <p>Null policy: no parameter or return value is null unless its javadoc says so; absent
 * values are empty collections or NaN.
 */
package io.mcpmonitor.core.detect;
