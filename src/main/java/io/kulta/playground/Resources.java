package io.kulta.playground;

import java.io.IOException;
import java.io.InputStream;

/** The examples and the CRD the build packs into the jar (pom.xml: kulta-examples/, kulta-deploy/). */
final class Resources {
    private Resources() {
    }

    static InputStream open(String name) throws IOException {
        InputStream in = Resources.class.getClassLoader().getResourceAsStream(name);
        if (in == null) throw new IOException(name + " is not on the classpath; build with ./mvnw package");
        return in;
    }
}
