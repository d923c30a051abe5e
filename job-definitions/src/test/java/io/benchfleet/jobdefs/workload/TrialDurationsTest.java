package io.benchfleet.jobdefs.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrialDurationsTest {

    @TempDir
    Path dir;

    @Test
    void aWrittenWorkloadReadsBackIdenticallyInItsOrder() {
        Map<String, Duration> byKey = new LinkedHashMap<>();
        byKey.put("zeta__a01", Duration.ofMillis(1_412_500));
        byKey.put("alpha__a02", Duration.ofMillis(61_250));
        TrialDurations written = new TrialDurations(byKey);
        written.write(dir.resolve("w.csv"));

        TrialDurations read = TrialDurations.read(dir.resolve("w.csv"));

        assertThat(read.byKey()).containsExactlyEntriesOf(byKey);
        assertThat(read.longest()).isEqualTo(Duration.ofMillis(1_412_500));
        assertThat(read.total()).isEqualTo(Duration.ofMillis(1_473_750));
    }

    @Test
    void commentsAndBlankLinesAreIgnored() throws Exception {
        Path file = Files.writeString(dir.resolve("w.csv"), "# replayed from night 12\n\n" + TrialDurations.HEADER
                + "\nalpha__a01,30\n\n# tail\nbeta__a01,2.5\n");

        assertThat(TrialDurations.read(file).byKey()).containsExactly(
                Map.entry("alpha__a01", Duration.ofSeconds(30)), Map.entry("beta__a01", Duration.ofMillis(2500)));
    }

    @Test
    void aMissingHeaderIsReportedWithFileAndLine() throws Exception {
        Path file = Files.writeString(dir.resolve("w.csv"), "alpha__a01,30\n");

        assertThatThrownBy(() -> TrialDurations.read(file)).isInstanceOf(InvalidWorkloadException.class)
                .hasMessage(file + ":1: expected the header '" + TrialDurations.HEADER + "', found 'alpha__a01,30'");
    }

    @Test
    void aDurationThatIsNotANumberIsReportedWithFileAndLine() throws Exception {
        Path file = Files.writeString(dir.resolve("w.csv"), TrialDurations.HEADER + "\nalpha__a01,30\nbeta__a01,ten\n");

        assertThatThrownBy(() -> TrialDurations.read(file)).isInstanceOf(InvalidWorkloadException.class)
                .hasMessage(file + ":3: 'ten' is not a number of seconds");
    }

    @Test
    void negativeDurationsAndDuplicatesAreRefused() throws Exception {
        Path negative = Files.writeString(dir.resolve("n.csv"), TrialDurations.HEADER + "\nalpha__a01,-1\n");
        Path twice = Files.writeString(dir.resolve("t.csv"), TrialDurations.HEADER + "\nalpha__a01,1\nalpha__a01,2\n");

        assertThatThrownBy(() -> TrialDurations.read(negative)).hasMessageContaining(":2: duration of alpha__a01 must be");
        assertThatThrownBy(() -> TrialDurations.read(twice)).hasMessage(twice + ":3: partition alpha__a01 is listed twice");
    }

    @Test
    void aMissingOrEmptyFileSaysWhatToDo() throws Exception {
        Path empty = Files.writeString(dir.resolve("e.csv"), TrialDurations.HEADER + "\n");

        assertThatThrownBy(() -> TrialDurations.read(dir.resolve("nope.csv")))
                .hasMessageStartingWith(dir.resolve("nope.csv") + ": no such workload file");
        assertThatThrownBy(() -> TrialDurations.read(empty)).hasMessageContaining("the workload lists no trials");
    }

    @Test
    void scalingDownDividesEveryDuration() {
        TrialDurations w = new TrialDurations(Map.of("a__a01", Duration.ofMinutes(15)));

        assertThat(w.scaledDown(600).of("a__a01")).contains(Duration.ofMillis(1500));
        assertThat(w.of("missing__a01")).isEmpty();
        assertThatThrownBy(() -> w.scaledDown(0)).hasMessageContaining("time scale must be > 0");
    }
}
