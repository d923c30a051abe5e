package io.benchfleet.manager.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class LocalModeTest {

    private static int poolSize(int workers, int slots) {
        return new LocalMode(workers, slots, "simulated", Path.of("/tmp/state")).databasePoolSize();
    }

    @Test
    void theDefaultLocalRunGetsAConnectionPerSlotPlusTheManagers() {
        // --workers 3 --slots 4: 12 slots + 4 for the manager = 16
        assertThat(poolSize(3, 4)).isEqualTo(16);
    }

    @Test
    void oneWorkerWithOneSlotStillLeavesTheManagerItsConnections() {
        // 1 slot + 4 = 5
        assertThat(poolSize(1, 1)).isEqualTo(5);
    }

    @Test
    void manySlotsAreCappedSoPostgresDefaultHundredConnectionsKeepsRoomForOthers() {
        // 3 x 20 = 60 slots + 4 = 64, above the cap of 40
        assertThat(poolSize(3, 20)).isEqualTo(40);
        // 9 x 4 = 36 + 4 = 40: exactly the cap
        assertThat(poolSize(9, 4)).isEqualTo(40);
    }
}
