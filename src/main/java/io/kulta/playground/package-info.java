/**
 * The embedded cluster the playground runs the controller against, shared with the tests:
 * {@link io.kulta.playground.MockKubernetes}, a fabric8 CRUD mock API server corrected to behave like a real one where
 * KULTA depends on it (see {@link io.kulta.playground.ApiServerLikeDispatcher}), {@link
 * io.kulta.playground.KubeletSimulator}, which makes managed ReplicaSets report ready pods, and {@link
 * io.kulta.playground.GatewayRequestMatcher}, which routes a request by an HTTPRoute as a Gateway would, and {@link
 * io.kulta.playground.TrafficSimulator}, which sends requests through the HTTPRoutes to per-revision fake pods and
 * exposes their metrics ({@link io.kulta.playground.AppMetrics}), and {@link io.kulta.playground.MetricsBackend}, a real
 * Prometheus scraping them where one is installed, else a simulated query API answering the controller's built-in
 * analysis queries from the same counters (checked against a real Prometheus by SimulatedPrometheusTest).
 *
 * <p>Differences from a real API server that remain: no controllers, no garbage collection (ownerReferences are not
 * followed), no defaulting or schema validation, strategic merge patch and server-side apply answer 415,
 * {@code in}/{@code notin} label selectors are ignored, and a watch replays every object as ADDED whatever
 * resourceVersion it asks for. Tests of those go to the real API server tier, {@code io.kulta.testing.real}.
 */
package io.kulta.playground;
