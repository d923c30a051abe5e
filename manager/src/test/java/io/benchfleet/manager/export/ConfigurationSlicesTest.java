package io.benchfleet.manager.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class ConfigurationSlicesTest {

    private static ExportRow row(String configuration, String key) {
        return new ExportRow(key, "fix-git", 1, null, null, "NONE", "docker", null, "h", configuration);
    }

    @Test
    void aRunOfOneAgentIsOneUnnamedSliceWithEveryPlannedPartition() {
        ConfigurationSlices slices = ConfigurationSlices.of(List.of(row(null, "fix-git__a01")),
                List.of("fix-git__a01", "fix-git__a02"));

        assertThat(slices.matrix()).isFalse();
        assertThat(slices.slices()).containsOnlyKeys((String) null);
        assertThat(slices.slices().get(null).planned()).isEqualTo(2);
    }

    @Test
    void aMatrixRunIsSplitByConfigurationAndEachPlannedPartitionGoesToTheLongestConfigurationItsKeyStartsWith() {
        List<ExportRow> rows = List.of(row("opus", "opus__fix-git__a01"), row("opus__x", "opus__x__fix-git__a01"));
        // planned: 2 of opus, 3 of opus__x (its keys also start with "opus__"), 1 of a configuration with no result
        List<String> planned = List.of("opus__fix-git__a01", "opus__fix-git__a02", "opus__x__fix-git__a01",
                "opus__x__fix-git__a02", "opus__x__fix-git__a03", "sonnet__fix-git__a01");

        ConfigurationSlices slices = ConfigurationSlices.of(rows, planned);

        assertThat(slices.matrix()).isTrue();
        assertThat(slices.slices()).containsOnlyKeys("opus", "opus__x");
        assertThat(slices.slices().get("opus").planned()).isEqualTo(2);
        assertThat(slices.slices().get("opus").rows()).hasSize(1);
        assertThat(slices.slices().get("opus__x").planned()).isEqualTo(3);
        assertThat(slices.unmatched()).isEqualTo(1);
    }
}
