package io.benchfleet.worker.queue;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IntakeGateTest {

    @Test
    void anOpenGateAdmitsPartitionsAndCountsThemAsRunningUntilTheyLeave() {
        IntakeGate gate = new IntakeGate();
        assertThat(gate.admit("fix-git__a01")).isTrue();
        assertThat(gate.admit("regex-log__a02")).isTrue();
        gate.leave("fix-git__a01");

        assertThat(gate.close()).containsExactly("regex-log__a02");
    }

    @Test
    void aClosedGateAdmitsNothingMore() {
        IntakeGate gate = new IntakeGate();
        gate.close();

        assertThat(gate.admit("fix-git__a01")).isFalse();
        assertThat(gate.isClosed()).isTrue();
        assertThat(gate.close()).isEmpty();
    }

    @Test
    void aDuplicateDeliveryOfOnePartitionIsCountedOncePerDelivery() {
        IntakeGate gate = new IntakeGate();
        gate.admit("fix-git__a01");
        gate.admit("fix-git__a01");
        gate.leave("fix-git__a01");

        assertThat(gate.close()).containsExactly("fix-git__a01");
    }
}
