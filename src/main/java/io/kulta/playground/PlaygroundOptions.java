package io.kulta.playground;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code playground [--scenario NAME|all] [--keep] [--real-api] [--port N]}, parsed. {@code --port} is the controller's
 * HTTP port (/healthz, /readyz, /metrics, consoles); 0, the default, takes any free loopback port.
 */
public record PlaygroundOptions(List<ScenarioName> scenarios, boolean keep, boolean realApi, int port) {

    public static final String USAGE = "java -jar kulta.jar playground [--scenario NAME|all] [--keep] [--real-api] [--port N]";

    /** A command line that cannot be run; the message is the one line the user sees. */
    public static final class Invalid extends Exception {
        public Invalid(String message) {
            super(message);
        }
    }

    public static PlaygroundOptions parse(List<String> args) throws Invalid {
        List<ScenarioName> scenarios = List.of(ScenarioName.values());
        boolean keep = false;
        boolean realApi = false;
        int port = 0;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--keep" -> keep = true;
                case "--real-api" -> realApi = true;
                case "--scenario" -> scenarios = scenarios(value(args, ++i, arg));
                case "--port" -> port = port(value(args, ++i, arg));
                default -> throw new Invalid("unknown option '" + arg + "'; usage: " + USAGE);
            }
        }
        return new PlaygroundOptions(scenarios, keep, realApi, port);
    }

    private static String value(List<String> args, int i, String option) throws Invalid {
        if (i >= args.size()) throw new Invalid(option + " needs a value; usage: " + USAGE);
        return args.get(i);
    }

    private static List<ScenarioName> scenarios(String value) throws Invalid {
        if (value.equals("all")) return List.of(ScenarioName.values());
        List<ScenarioName> out = new ArrayList<>();
        for (String name : value.split(",")) {
            out.add(ScenarioName.byName(name.trim())
                    .orElseThrow(() -> new Invalid("unknown scenario '" + name.trim() + "'; choose one of "
                            + String.join(", ", ScenarioName.names()) + " or all")));
        }
        return List.copyOf(out);
    }

    private static int port(String value) throws Invalid {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) return port;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new Invalid("--port needs a number from 0 to 65535, not '" + value + "'");
    }
}
