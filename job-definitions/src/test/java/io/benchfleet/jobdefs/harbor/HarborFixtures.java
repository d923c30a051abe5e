package io.benchfleet.jobdefs.harbor;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Locates the Harbor sample files under {@code src/test/resources/harbor/}. */
final class HarborFixtures {

    private HarborFixtures() {
    }

    static Path resource(String name) {
        URL url = HarborFixtures.class.getResource("/harbor/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no test resource harbor/" + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
