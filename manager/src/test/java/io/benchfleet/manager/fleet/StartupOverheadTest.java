package io.benchfleet.manager.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class StartupOverheadTest {

    @Test
    void theMedianOfAnOddCountIsTheMiddleValueAndOfAnEvenCountTheMeanOfTheTwoMiddleOnes() {
        assertThat(StartupOverhead.median(List.of(300L, 40L, 55L))).isEqualTo(55);
        // (55 + 60) / 2 = 57.5, rounded half up
        assertThat(StartupOverhead.median(List.of(60L, 300L, 40L, 55L))).isEqualTo(58);
        assertThat(StartupOverhead.median(List.of(42L))).isEqualTo(42);
    }

    @Test
    void withoutMeasurementsTheConfiguredStartUpIsUsedAndSaysSo() {
        StartupOverhead startup = StartupOverhead.of(List.of(), FleetProperties.defaults(), "asg-a");

        assertThat(startup.duration()).isEqualTo(Duration.ofMinutes(3));
        assertThat(startup.measuredHosts()).isZero();
        assertThat(startup.source()).isEqualTo("configured benchfleet.fleet.startup-overhead; no host of group asg-a "
                + "has measured its boot-to-ready yet");
    }

    @Test
    void oneHostsMeasurementIsUsedAndNamedInTheSingular() {
        StartupOverhead startup = StartupOverhead.of(List.of(new StartupOverhead.Measurement(47, "instance launch")),
                FleetProperties.defaults(), "asg-a");

        assertThat(startup.duration()).isEqualTo(Duration.ofSeconds(47));
        assertThat(startup.source()).isEqualTo("median boot-to-ready measured over 1 host of group asg-a (instance "
                + "launch to taking partitions)");
    }
}
