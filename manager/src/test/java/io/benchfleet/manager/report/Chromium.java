package io.benchfleet.manager.report;

import java.nio.file.Path;
import java.util.List;

/** Public access to {@link HeadlessChromium} for browser tests outside this package (serve's pages). */
public final class Chromium {

    private Chromium() {
    }

    /** What chromium printed and the page's console messages. */
    public record Result(int exitCode, String stdout, String stderr, List<String> consoleMessages) {
    }

    public static boolean available() {
        return HeadlessChromium.binary() != null;
    }

    public static Result run(Path userDataDir, String url, String... extra) throws Exception {
        HeadlessChromium.Result r = HeadlessChromium.run(userDataDir, url, extra);
        return new Result(r.exitCode(), r.stdout(), r.stderr(), r.consoleMessages());
    }
}
