/**
 * Test harness: {@link io.kulta.testing.MockKubernetes}, a fabric8 CRUD mock API server corrected to behave like a
 * real one where KULTA's tests depend on it (see {@link io.kulta.testing.ApiServerLikeDispatcher}), and
 * {@link io.kulta.testing.KubeletSimulator}, which makes managed ReplicaSets report ready pods.
 *
 * <p>Differences from a real API server that remain: no controllers, no garbage collection (ownerReferences are not
 * followed), no defaulting or schema validation, strategic merge patch and server-side apply answer 415,
 * {@code in}/{@code notin} label selectors are ignored, and a watch replays every object as ADDED whatever
 * resourceVersion it asks for. Tests of those go to the real API server tier, {@code io.kulta.testing.real}.
 */
package io.kulta.testing;
