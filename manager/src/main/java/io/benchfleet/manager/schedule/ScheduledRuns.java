package io.benchfleet.manager.schedule;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import io.benchfleet.jobdefs.spec.InvalidSpecException;
import io.benchfleet.manager.BadInputException;
import io.benchfleet.manager.run.PreparedRun;
import io.benchfleet.manager.run.RunParameters;
import io.benchfleet.manager.schedule.ScheduleProperties.Schedule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.Trigger;
import org.springframework.scheduling.TriggerContext;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.scheduling.support.CronTrigger;

/**
 * The schedules of {@code benchfleet serve}: each cron trigger launches a run of its spec with
 * {@code runDate} = the trigger's date in the schedule's zone (identifying: one job instance per schedule day). A
 * trigger while the previous run of the same schedule is still running is skipped with the reason logged; a run of
 * that date that already completed is refused by Spring Batch and logged as skipped too.
 *
 * <p>Triggers come from Spring's {@link ThreadPoolTaskScheduler} with a {@link CronTrigger} per schedule; the
 * {@link Clock} is injectable so tests trigger with a mocked time.
 */
public class ScheduledRuns implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ScheduledRuns.class);
    private static final int HISTORY = 50;

    private final List<Schedule> schedules;
    private final RunLauncher launcher;
    private final Clock clock;
    private final Map<String, Long> lastRun = new ConcurrentHashMap<>();
    private final List<Outcome> outcomes = new CopyOnWriteArrayList<>();
    private volatile ThreadPoolTaskScheduler scheduler;

    public ScheduledRuns(List<Schedule> schedules, RunLauncher launcher, Clock clock) {
        this.schedules = List.copyOf(schedules);
        this.launcher = launcher;
        this.clock = clock;
        validate();
    }

    public List<Schedule> schedules() {
        return schedules;
    }

    /** What a trigger did. {@code jobExecutionId} is set when it launched a run. */
    public record Outcome(String schedule, Instant triggeredAt, String runDate, String result, Long jobExecutionId,
            String reason) {

        public static final String LAUNCHED = "LAUNCHED";
        public static final String SKIPPED = "SKIPPED";
        public static final String FAILED = "FAILED";
    }

    /** Outcomes of the latest triggers, newest last. */
    public List<Outcome> outcomes() {
        return List.copyOf(outcomes);
    }

    /** The next trigger time of a schedule after now (by the clock). */
    public ZonedDateTime next(Schedule schedule) {
        return CronExpression.parse(schedule.cron()).next(ZonedDateTime.now(clock.withZone(schedule.zone())));
    }

    /** The last outcome of each schedule, by name. */
    public Map<String, Outcome> lastOutcomes() {
        Map<String, Outcome> last = new LinkedHashMap<>();
        outcomes.forEach(o -> last.put(o.schedule(), o));
        return last;
    }

    /**
     * The identity of a trigger's run: its date in the schedule's zone for daily (or rarer) schedules, so one run per
     * night; its minute ({@code 2026-11-23T18:05}) for schedules that fire several times a day, so each trigger gets
     * its own run.
     */
    static String runDate(Schedule schedule, Instant at) {
        ZonedDateTime trigger = at.atZone(schedule.zone());
        CronExpression cron = CronExpression.parse(schedule.cron());
        ZonedDateTime first = cron.next(trigger.minusNanos(1));
        ZonedDateTime second = first == null ? null : cron.next(first);
        boolean severalADay = second != null && Duration.between(first, second).compareTo(Duration.ofDays(1)) < 0;
        return severalADay ? trigger.toLocalDateTime().truncatedTo(ChronoUnit.MINUTES).toString()
                : trigger.toLocalDate().toString();
    }

    /** One trigger of {@code schedule} scheduled for {@code at}. */
    public Outcome fire(Schedule schedule, Instant at) {
        synchronized (schedule) {
            String runDate = runDate(schedule, at);
            Long previous = lastRun.get(schedule.name());
            Outcome outcome;
            if (previous != null && launcher.isRunning(previous)) {
                outcome = new Outcome(schedule.name(), at, runDate, Outcome.SKIPPED, null, "the previous run of this "
                        + "schedule (job execution " + previous + ") is still running");
                log.warn("schedule {}: trigger at {} skipped: {}", schedule.name(), at, outcome.reason());
            } else {
                try {
                    long id = launcher.launch(parameters(schedule, runDate));
                    lastRun.put(schedule.name(), id);
                    outcome = new Outcome(schedule.name(), at, runDate, Outcome.LAUNCHED, id, null);
                    log.info("schedule {}: trigger at {} launched job execution {} (spec {}, runDate {})",
                            schedule.name(), at, id, schedule.spec(), runDate);
                } catch (RunLauncher.Refused e) {
                    outcome = new Outcome(schedule.name(), at, runDate, Outcome.SKIPPED, null, e.getMessage());
                    log.warn("schedule {}: trigger at {} skipped: {}", schedule.name(), at, e.getMessage());
                } catch (RuntimeException e) {
                    outcome = new Outcome(schedule.name(), at, runDate, Outcome.FAILED, null,
                            String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
                    log.error("schedule {}: trigger at {} could not launch a run", schedule.name(), at, e);
                }
            }
            outcomes.add(outcome);
            while (outcomes.size() > HISTORY) {
                outcomes.remove(0);
            }
            return outcome;
        }
    }

    /** The run parameters of a trigger: the spec as it is now, the schedule's overrides and the run date. */
    RunParameters parameters(Schedule schedule, String runDate) {
        return PreparedRun.of(Path.of(schedule.spec()), schedule.params()).parameters(null, runDate)
                .withSetting(RunParameters.SCHEDULE, schedule.name());
    }

    private void validate() {
        List<String> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < schedules.size(); i++) {
            Schedule s = schedules.get(i);
            String where = "benchfleet.schedules[" + i + "]" + (s.name() == null ? "" : " (" + s.name() + ")");
            if (s.name() == null || s.name().isBlank()) {
                problems.add(where + ": name is required");
            } else if (!names.add(s.name())) {
                problems.add(where + ": name is used twice");
            }
            if (s.cron() == null || !CronExpression.isValidExpression(s.cron())) {
                problems.add(where + ": cron '" + s.cron() + "' is not a Spring cron expression (six fields, "
                        + "seconds first, e.g. \"0 0 2 * * *\")");
            }
            if (s.spec() == null || s.spec().isBlank()) {
                problems.add(where + ": spec (a spec file) is required");
                continue;
            }
            try {
                for (String key : s.params().keySet()) {
                    if (RunParameters.IDENTITY_KEYS.contains(key)) {
                        throw new InvalidSpecException("parameter '" + key + "': a schedule's runs are identified "
                                + "by their runDate (the trigger's date)");
                    }
                }
                parameters(s, LocalDate.now(clock).toString());
            } catch (InvalidSpecException e) {
                e.problems().forEach(p -> problems.add(where + ": " + p));
            } catch (RuntimeException e) {
                problems.add(where + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new BadInputException(String.join("; ", problems));
        }
    }

    /** {@code serve} starts the schedules itself, once the queue the runs go to is checked. */
    @Override
    public boolean isAutoStartup() {
        return false;
    }

    @Override
    public void start() {
        if (scheduler != null) {
            return;
        }
        ThreadPoolTaskScheduler s = new ThreadPoolTaskScheduler();
        s.setPoolSize(1);
        s.setThreadNamePrefix("benchfleet-schedule-");
        s.setClock(clock);
        s.setWaitForTasksToCompleteOnShutdown(false);
        s.initialize();
        for (Schedule schedule : schedules) {
            RecordingTrigger trigger = new RecordingTrigger(new CronTrigger(schedule.cron(), schedule.zone()));
            s.schedule(() -> fire(schedule, trigger.scheduled()), trigger);
            log.info("schedule {}: cron '{}' in {}, spec {}, next at {}", schedule.name(), schedule.cron(),
                    schedule.zone(), schedule.spec(), next(schedule));
        }
        scheduler = s;
    }

    @Override
    public void stop() {
        ThreadPoolTaskScheduler s = scheduler;
        scheduler = null;
        if (s != null) {
            s.shutdown();
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }

    /** A trigger that remembers the time it scheduled next, so the task knows its own trigger time. */
    private static final class RecordingTrigger implements Trigger {

        private final Trigger delegate;
        private final AtomicReference<Instant> scheduled = new AtomicReference<>();

        RecordingTrigger(Trigger delegate) {
            this.delegate = delegate;
        }

        @Override
        public Instant nextExecution(TriggerContext context) {
            Instant next = delegate.nextExecution(context);
            scheduled.set(next);
            return next;
        }

        Instant scheduled() {
            return scheduled.get();
        }
    }
}
