package io.kulta.testing.real;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * At the end of a test run without the real API tier, says loudly how many classes and tests it skipped, so a green
 * run on a machine without the binaries is not mistaken for a full one. Registered through META-INF/services.
 */
public final class SkippedRealApiSummary implements TestExecutionListener {
    private final Set<String> skipped = new ConcurrentSkipListSet<>();

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED && result.getThrowable()
                .map(t -> t.getMessage() != null && t.getMessage().startsWith(RealKubernetes.SKIPPED)).orElse(false)) {
            skipped.add(id.getLegacyReportingName());
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        if (skipped.isEmpty()) return;
        String line = "!".repeat(100);
        System.out.println(line + "\n!! " + skipped.size() + " test classes/tests SKIPPED: the real API server tier (etcd + "
                + "kube-apiserver) is not here.\n!! Build it with scripts/k8s-test-binaries.sh (needs Go), or set "
                + RealKubernetes.REQUIRE_ENV + "=true to fail instead. Skipped: " + String.join(", ", skipped) + "\n" + line);
    }
}
