package io.benchfleet.manager.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import io.benchfleet.manager.BadInputException;
import io.benchfleet.manager.run.RunParameters;
import io.benchfleet.manager.schedule.ScheduleProperties.Schedule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Schedules with a mocked clock: Spring's TaskScheduler and CronTrigger run on the test's clock, so "00:29:59.6 in
 * Berlin" is 0.4 s away, and the launcher is a fake that keeps runs "running" until told otherwise.
 */
class ScheduledRunsTest {

    static final String SPEC = "../job-definitions/examples/smoke-oracle.yaml";
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    ScheduledRuns scheduled;

    @AfterEach
    void stop() {
        if (scheduled != null) {
            scheduled.stop();
        }
    }

    /** A clock that stands still at a chosen instant (the scheduler still waits in real time for the difference). */
    static final class MockClock extends Clock {
        private volatile Instant now;

        MockClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return Clock.fixed(now, zone);
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Records launches; every launched run keeps running until {@link #finish}. */
    static class FakeLauncher implements RunLauncher {
        final List<RunParameters> launched = new CopyOnWriteArrayList<>();
        final Set<Long> running = ConcurrentHashMap.newKeySet();
        final AtomicLong ids = new AtomicLong(100);

        @Override
        public long launch(RunParameters run) {
            launched.add(run);
            long id = ids.incrementAndGet();
            running.add(id);
            return id;
        }

        @Override
        public boolean isRunning(long jobExecutionId) {
            return running.contains(jobExecutionId);
        }

        void finish(long id) {
            running.remove(id);
        }
    }

    @Test
    void aScheduleThatFiresSeveralTimesADayGivesEachTriggerItsOwnRunIdentifiedByTheMinute() {
        Schedule everyMinute = new Schedule("demo", "0 * * * * *", SPEC, Map.of(), ZoneId.of("UTC"));
        Schedule nightly = new Schedule("nightly", "0 0 2 * * *", SPEC, Map.of(), ZoneId.of("UTC"));
        assertThat(ScheduledRuns.runDate(everyMinute, Instant.parse("2026-11-23T18:05:00Z")))
                .isEqualTo("2026-11-23T18:05");
        assertThat(ScheduledRuns.runDate(everyMinute, Instant.parse("2026-11-23T18:06:00.003Z")))
                .isEqualTo("2026-11-23T18:06");
        assertThat(ScheduledRuns.runDate(nightly, Instant.parse("2026-11-23T02:00:00Z"))).isEqualTo("2026-11-23");
    }

    @Test
    void aNightlyTriggerLaunchesARunDatedByTheTriggersDayInTheSchedulesZone() {
        // 23:29:59.6 UTC on Feb 28 is 00:29:59.6 on Mar 1 in Berlin: the 00:30 trigger is 0.4 s away.
        MockClock clock = new MockClock(Instant.parse("2026-02-28T23:29:59.600Z"));
        FakeLauncher launcher = new FakeLauncher();
        scheduled = new ScheduledRuns(List.of(new Schedule("nightly-smoke", "0 30 0 * * *", SPEC,
                Map.of("attempts", "1"), BERLIN)), launcher, clock);

        scheduled.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> launcher.launched.size() == 1);
        RunParameters run = launcher.launched.get(0);
        assertThat(run.runDate()).isEqualTo("2026-03-01");
        assertThat(run.runId()).isNull();
        assertThat(run.specName()).isEqualTo("smoke-oracle");
        assertThat(run.overrides()).containsEntry("attempts", "1");
        assertThat(run.toJobParameters().getParameter("runDate").identifying()).isTrue();
        assertThat(scheduled.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.result()).isEqualTo(ScheduledRuns.Outcome.LAUNCHED);
            assertThat(o.triggeredAt()).isEqualTo(Instant.parse("2026-02-28T23:30:00Z"));
            assertThat(o.jobExecutionId()).isEqualTo(101L);
        });
        assertThat(scheduled.next(scheduled.schedules().get(0)).toString()).startsWith("2026-03-01T00:30+01:00");
    }

    @Test
    void aTriggerWhileThePreviousRunOfTheScheduleIsStillRunningIsSkippedWithTheReason() {
        MockClock clock = new MockClock(Instant.parse("2026-03-01T00:59:59.700Z"));
        FakeLauncher launcher = new FakeLauncher();
        // Every second: the first trigger launches, the next ones find that run still running.
        scheduled = new ScheduledRuns(List.of(new Schedule("busy", "* * * * * *", SPEC, Map.of(), null)), launcher,
                clock);

        scheduled.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> scheduled.outcomes().size() >= 2);
        assertThat(launcher.launched).hasSize(1);
        ScheduledRuns.Outcome skipped = scheduled.outcomes().get(1);
        assertThat(skipped.result()).isEqualTo(ScheduledRuns.Outcome.SKIPPED);
        assertThat(skipped.reason()).isEqualTo("the previous run of this schedule (job execution 101) is still running");
        assertThat(skipped.runDate()).as("several triggers a day: identified by the minute").isEqualTo("2026-03-01T01:00");

        launcher.finish(101);
        await().atMost(Duration.ofSeconds(10)).until(() -> launcher.launched.size() == 2);
        assertThat(scheduled.lastOutcomes().get("busy").jobExecutionId()).isEqualTo(102L);
    }

    @Test
    void aRunThatSpringBatchRefusesIsASkippedTriggerNotAnError() {
        FakeLauncher refusing = new FakeLauncher() {
            @Override
            public long launch(RunParameters run) {
                throw new Refused("the run of smoke-oracle " + run.runDate() + " already completed");
            }
        };
        scheduled = new ScheduledRuns(List.of(new Schedule("again", "0 0 2 * * *", SPEC, Map.of(), null)), refusing,
                Clock.systemUTC());

        ScheduledRuns.Outcome outcome = scheduled.fire(scheduled.schedules().get(0),
                Instant.parse("2026-03-02T02:00:00Z"));

        assertThat(outcome.result()).isEqualTo(ScheduledRuns.Outcome.SKIPPED);
        assertThat(outcome.reason()).isEqualTo("the run of smoke-oracle 2026-03-02 already completed");
    }

    @Test
    void badSchedulesAreRefusedAtStartWithEveryProblemNamed() {
        assertThatThrownBy(() -> new ScheduledRuns(List.of(
                new Schedule("x", "every night", SPEC, Map.of(), null),
                new Schedule("x", "0 0 2 * * *", "no-such.yaml", Map.of(), null),
                new Schedule("y", "0 0 2 * * *", SPEC, Map.of("runDate", "2026-01-01"), null),
                new Schedule("z", "0 0 2 * * *", SPEC, Map.of("apiKey", "s3cret"), null)),
                new FakeLauncher(), Clock.systemUTC()))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("benchfleet.schedules[0] (x): cron 'every night' is not a Spring cron")
                .hasMessageContaining("benchfleet.schedules[1] (x): name is used twice")
                .hasMessageContaining("no-such.yaml")
                .hasMessageContaining("benchfleet.schedules[2] (y): parameter 'runDate'")
                .hasMessageContaining("benchfleet.schedules[3] (z): parameter 'apiKey': secrets are never");
    }
}
