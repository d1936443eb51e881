package io.kulta.core.analysis;

/**
 * One metric of one revision as Prometheus answered it.
 *
 * @param value    the metric's value; null when the query returned no series for the revision
 * @param requests requests seen in the window (for minSampleSize); null when unknown
 */
public record Sample(Double value, Double requests) {
}
