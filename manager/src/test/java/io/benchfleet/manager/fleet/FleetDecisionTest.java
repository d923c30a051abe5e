package io.benchfleet.manager.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The controller's decision, from demand, registry and group alone; expected sizes worked out by hand. */
class FleetDecisionTest {

    private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(10);

    private static FleetDemand.RunDemand run(long id, int queued, int running, int maxHosts) {
        return new FleetDemand.RunDemand(id, queued, running, maxHosts, 1);
    }

    private static RegisteredHost host(String id, int busy, String state) {
        return new RegisteredHost(id, "i-" + id, 4, busy, state, null, "docker", "dev", 1);
    }

    private static FleetDecision decide(List<FleetDemand.RunDemand> runs, int desired, List<RegisteredHost> hosts,
            Duration idleFor) {
        return FleetDecision.decide(new FleetDecision.Situation(new FleetDemand.Demand(runs), 4, 200, desired,
                hosts, hosts.stream().map(RegisteredHost::instanceId).toList(), idleFor, IDLE_TIMEOUT));
    }

    @Test
    void theSizeIsTheSlotsDemandedOverTheSlotsPerHostRoundedUpAndCappedAtMaxHosts() {
        // 750 / 4 = 187.5 -> 188; 12 / 4 = 3; 13 / 4 = 3.25 -> 4; 1000 / 4 = 250 capped at 200
        assertThat(FleetDecision.hostsFor(750, 200, 4)).isEqualTo(188);
        assertThat(FleetDecision.hostsFor(12, 200, 4)).isEqualTo(3);
        assertThat(FleetDecision.hostsFor(13, 200, 4)).isEqualTo(4);
        assertThat(FleetDecision.hostsFor(1000, 200, 4)).isEqualTo(200);
        assertThat(FleetDecision.hostsFor(0, 200, 4)).isZero();
        assertThatThrownBy(() -> FleetDecision.hostsFor(10, 5, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void twoOverlappingRunsAreSizedTogetherEachWithinItsOwnHostLimit() {
        // run 1: 10 queued + 2 running = 12 slots (limit 10 hosts = 40 slots); run 2: 30 partitions, limit 5 hosts
        // = 20 slots -> 12 + 20 = 32 slots / 4 = 8 hosts
        FleetDecision d = decide(List.of(run(1, 10, 2, 10), run(2, 30, 0, 5)), 3, List.of(), Duration.ZERO);

        assertThat(d.raiseTo()).isEqualTo(8);
        assertThat(d.terminate()).isEmpty();
    }

    @Test
    void fewerHostsWantedTerminatesOnlyIdleHostsDrainingOnesFirstNeverABusyOne() {
        // 5 partitions left / 4 = 2 hosts wanted, 4 desired: 2 to go; a busy, b idle, c draining idle, d busy
        List<RegisteredHost> hosts = List.of(host("a", 2, "ready"), host("b", 0, "ready"), host("c", 0, "draining"),
                host("d", 4, "busy"));

        FleetDecision d = decide(List.of(run(1, 0, 5, 10)), 4, hosts, Duration.ZERO);

        assertThat(d.raiseTo()).isEqualTo(-1);
        assertThat(d.terminate()).containsExactly("i-c", "i-b");
        assertThat(d.zero()).isFalse();
    }

    @Test
    void aRunThatHasNotCreatedItsPartitionsYetKeepsTheWarmHostsItIsAboutToUse() {
        // seen in the priority chaos scenario: the joining run's first look saw 0 slots and terminated both warm hosts
        FleetDemand.RunDemand starting = new FleetDemand.RunDemand(1, 0, 0, 10, 1, false);

        FleetDecision d = decide(List.of(starting), 2, List.of(host("a", 0, "ready"), host("b", 0, "ready")),
                Duration.ZERO);

        assertThat(d.acts()).isFalse();
        // once it has partitioned, and all are done (its report step), the idle hosts go
        assertThat(decide(List.of(run(1, 0, 0, 10)), 2, List.of(host("a", 0, "ready"), host("b", 0, "ready")),
                Duration.ZERO).terminate()).containsExactly("i-a", "i-b");
    }

    @Test
    void withEveryHostBusyNoneIsTerminatedEvenWhenFewerAreWanted() {
        // 1 partition running per host on 3 hosts: 3 slots -> 1 host wanted, but all 3 are busy
        List<RegisteredHost> hosts = List.of(host("a", 1, "ready"), host("b", 1, "ready"), host("c", 1, "ready"));

        FleetDecision d = decide(List.of(run(1, 0, 3, 10)), 3, hosts, Duration.ZERO);

        assertThat(d.acts()).isFalse();
    }

    @Test
    void aRunThatEndsWhileAnotherIsActiveNeverZeroesTheGroup() {
        // only run 2 is left (8 queued = 2 hosts); 2 desired: nothing changes
        FleetDecision d = decide(List.of(run(2, 8, 0, 10)), 2, List.of(host("a", 0, "ready"),
                host("b", 0, "ready")), Duration.ZERO);

        assertThat(d.zero()).isFalse();
        assertThat(d.terminate()).isEmpty();
    }

    @Test
    void anIdleGroupWaitsForTheIdleTimeoutThenGoesToZero() {
        List<RegisteredHost> hosts = List.of(host("a", 0, "ready"), host("b", 0, "ready"));

        assertThat(decide(List.of(), 2, hosts, Duration.ofMinutes(9)).acts()).isFalse();

        FleetDecision d = decide(List.of(), 2, hosts, Duration.ofMinutes(10));
        assertThat(d.terminate()).containsExactly("i-a", "i-b");
        assertThat(d.zero()).isTrue();
    }

    @Test
    void aHostStillBusyForADeadManagersRunKeepsTheGroupActive() {
        // no active run (its manager died), but host a still runs one of its trials
        FleetDecision d = decide(List.of(), 2, List.of(host("a", 1, "ready"), host("b", 0, "ready")),
                Duration.ofHours(1));

        assertThat(d.zero()).isFalse();
        assertThat(d.terminate()).as("0 slots demanded -> 0 hosts wanted; only the idle host goes")
                .containsExactly("i-b");
    }
}
