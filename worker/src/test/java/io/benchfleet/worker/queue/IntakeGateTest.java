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

    @Test
    void aDrainWaitsForTheRunningPartitionsToLeave() throws Exception {
        IntakeGate gate = new IntakeGate();
        Thread trial = new Thread(() -> {
            gate.admit("fix-git__a01");
            sleep(200);
            gate.leave("fix-git__a01");
        });
        trial.start();
        while (gate.keys().isEmpty()) {
            Thread.onSpinWait();
        }
        gate.close();

        assertThat(gate.awaitIdle(java.time.Duration.ofSeconds(5))).isTrue();
        assertThat(gate.keys()).isEmpty();
    }

    @Test
    void aDrainWhoseGraceIsOverInterruptsTheTrialsStillRunning() throws Exception {
        IntakeGate gate = new IntakeGate();
        java.util.concurrent.atomic.AtomicBoolean interrupted = new java.util.concurrent.atomic.AtomicBoolean();
        Thread trial = new Thread(() -> {
            gate.admit("fix-git__a01");
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
            gate.leave("fix-git__a01");
        });
        trial.start();
        while (gate.keys().isEmpty()) {
            Thread.onSpinWait();
        }
        gate.close();

        assertThat(gate.awaitIdle(java.time.Duration.ofMillis(100))).as("still running after the grace").isFalse();
        assertThat(gate.interruptRunning()).containsExactly("fix-git__a01");
        trial.join(5_000);
        assertThat(interrupted).isTrue();
        assertThat(gate.keys()).isEmpty();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
