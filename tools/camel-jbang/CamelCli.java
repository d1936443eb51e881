/** Runs Camel JBang's command line (camel-jbang-core) with the arguments given, e.g. {@code get route}. */
public class CamelCli {
    public static void main(String[] args) {
        org.apache.camel.dsl.jbang.core.commands.CamelJBangMain.run(args);
    }
}
