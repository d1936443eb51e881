/**
 * Test harness around the embedded API server of {@link io.kulta.playground}: clocks, HTTP sinks and probes,
 * Prometheus text parsing, CRD schemas, and {@link io.kulta.testing.TrafficInvariant}, which checks every observed
 * state of a Rollout's traffic. The real API server tier is {@code io.kulta.testing.real}.
 */
package io.kulta.testing;
