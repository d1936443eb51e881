package io.kulta.playground;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The playground's scenarios, as named on the command line. */
public enum ScenarioName {
    CANARY("canary"),
    BAD_CANARY("bad-canary"),
    BLUE_GREEN("blue-green"),
    AB_TEST("ab-test"),
    ABORT("abort");

    private final String cliName;

    ScenarioName(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public static Optional<ScenarioName> byName(String name) {
        return Arrays.stream(values()).filter(s -> s.cliName.equals(name)).findFirst();
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(ScenarioName::cliName).toList();
    }
}
