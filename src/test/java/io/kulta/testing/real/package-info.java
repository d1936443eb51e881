/**
 * The real API server tier: {@link io.kulta.testing.real.RealKubernetes} runs etcd and kube-apiserver, built from Go
 * modules by {@code scripts/k8s-test-binaries.sh}, for tests of what only a real server checks (CRD schema and CEL
 * validation, printer columns, kubectl, RBAC, status subresources of built-in kinds).
 *
 * <p>Like the mock tier it has no controllers and no kubelet; {@link io.kulta.playground.KubeletSimulator} stands in for
 * them. Unlike the mock, a namespace once deleted stays Terminating (that needs the namespace controller).
 */
package io.kulta.testing.real;
