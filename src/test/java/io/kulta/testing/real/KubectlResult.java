package io.kulta.testing.real;

/** What one kubectl run returned: its exit code, stdout and stderr. */
public record KubectlResult(int exitCode, String out, String err) {

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** stdout then stderr, for assertions on messages. */
    public String output() {
        return out + err;
    }

    @Override
    public String toString() {
        return "kubectl exited with " + exitCode + (out.isEmpty() ? "" : "\n--- stdout\n" + out)
                + (err.isEmpty() ? "" : "\n--- stderr\n" + err);
    }
}
