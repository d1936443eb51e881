package io.kulta.playground;

/** How a scenario ended: its expected and actual outcome (phase, and reason where it matters) and how long it took. */
public record ScenarioResult(String scenario, String expected, String actual, double seconds) {
    public boolean asExpected() {
        return expected.equals(actual);
    }
}
