package io.benchfleet.manager.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the Debian {@code chromium} headless on a local file: DOM dump, console log and screenshots. */
final class HeadlessChromium {

    /** What chromium printed. */
    record Result(int exitCode, String stdout, String stderr) {

        /** Console messages the page produced (chromium logs them as {@code CONSOLE(line)} to stderr). */
        List<String> consoleMessages() {
            return stderr.lines().filter(l -> l.contains(":CONSOLE(") || l.contains("Uncaught")).toList();
        }
    }

    private HeadlessChromium() {
    }

    /** The chromium binary, or null with no browser installed. */
    static Path binary() {
        for (String candidate : new String[] {System.getenv("CHROMIUM"), "/usr/bin/chromium",
                "/usr/bin/chromium-browser", "/usr/bin/google-chrome"}) {
            if (candidate != null && Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        return null;
    }

    static Result run(Path userDataDir, String url, String... extra) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(binary().toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars",
                "--enable-logging=stderr", "--v=0", "--user-data-dir=" + userDataDir));
        cmd.addAll(List.of(extra));
        cmd.add(url);
        Path out = Files.createTempFile("chromium", ".out");
        Path err = Files.createTempFile("chromium", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 120 s: " + cmd);
        }
        Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return r;
    }
}
