package io.benchfleet.manager.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Sizing rules of the fleet scaler, against a fleet that records what it was asked for. */
class FleetScalerTest {

    @Test
    void theLaunchSizeIsTheBacklogDividedBySlotsRoundedUpAndCappedAtMaxHosts() {
        assertThat(FleetScaler.hostsFor(750, 200, 4)).isEqualTo(188);
        assertThat(FleetScaler.hostsFor(751, 200, 4)).isEqualTo(188);
        assertThat(FleetScaler.hostsFor(753, 200, 4)).isEqualTo(189);
        assertThat(FleetScaler.hostsFor(5000, 200, 4)).isEqualTo(200);
        assertThat(FleetScaler.hostsFor(1, 200, 4)).isEqualTo(1);
        assertThat(FleetScaler.hostsFor(0, 200, 4)).isZero();
        assertThat(FleetScaler.hostsFor(10, 0, 4)).isZero();
    }

    @Test
    void zeroSlotsPerHostIsRefused() {
        assertThatThrownBy(() -> FleetScaler.hostsFor(10, 5, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("slotsPerHost");
    }

    @Test
    void theFleetShrinksAsTheBacklogDrainsAndNeverGrowsBackDuringARun() {
        RecordingFleet fleet = new RecordingFleet(1000);
        FleetScaler scaler = new FleetScaler(fleet);

        assertThat(scaler.launch(750, 200, 4)).isEqualTo(188);
        assertThat(scaler.onBacklog(750)).isEqualTo(188);
        assertThat(scaler.onBacklog(600)).isEqualTo(150);
        // INFRA retries raise the backlog again: the size stays where it was.
        assertThat(scaler.onBacklog(640)).isEqualTo(150);
        assertThat(scaler.onBacklog(599)).isEqualTo(150);
        assertThat(scaler.onBacklog(9)).isEqualTo(3);
        assertThat(scaler.onBacklog(0)).isZero();

        assertThat(fleet.requests).containsExactly(188, 150, 3, 0);
    }

    @Test
    void theFleetGoesToZeroWhenTheRunEndsAndLaterProgressChangesNothing() {
        RecordingFleet fleet = new RecordingFleet(1000);
        FleetScaler scaler = new FleetScaler(fleet);
        scaler.launch(40, 200, 4);
        scaler.finish();
        scaler.onBacklog(1);

        assertThat(fleet.requests).containsExactly(10, 0);
        assertThat(scaler.active()).isFalse();
        assertThat(scaler.target()).isZero();
    }

    @Test
    void aRestartSizesTheFleetForWhatIsLeftEvenAboveTheLastTarget() {
        RecordingFleet fleet = new RecordingFleet(1000);
        FleetScaler scaler = new FleetScaler(fleet);
        scaler.launch(750, 200, 4);
        scaler.onBacklog(20);
        scaler.finish();
        assertThat(scaler.launch(120, 200, 4)).isEqualTo(30);

        assertThat(fleet.requests).containsExactly(188, 5, 0, 30);
    }

    @Test
    void aFleetSmallerThanWantedIsLoweredOnlyOnceTheBacklogFitsBelowIt() {
        RecordingFleet fleet = new RecordingFleet(5);
        FleetScaler scaler = new FleetScaler(fleet);

        assertThat(scaler.launch(100, 200, 4)).isEqualTo(5);
        assertThat(scaler.onBacklog(50)).isEqualTo(5);
        assertThat(scaler.onBacklog(13)).isEqualTo(4);

        assertThat(fleet.requests).containsExactly(25, 4);
    }

    @Test
    void theLocalFleetReportsItsConsumersAsHostsInService() {
        LocalFleet local = new LocalFleet(3);
        FleetScaler scaler = new FleetScaler(local);

        assertThat(scaler.launch(750, 200, 4)).isEqualTo(3);
        assertThat(scaler.healthyInService()).isEqualTo(3);
        scaler.finish();
        assertThat(local.desired()).isZero();
        assertThat(local.healthyInService()).isEqualTo(3);
    }
}
