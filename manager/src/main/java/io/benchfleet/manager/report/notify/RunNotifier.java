package io.benchfleet.manager.report.notify;

import java.util.function.Predicate;

import io.benchfleet.jobdefs.Json;
import io.benchfleet.jobdefs.Messages;
import io.benchfleet.manager.run.RunContextKeys;
import io.benchfleet.manager.run.RunParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * Tells people when a run ends (completed, failed or stopped, scheduled or not): the run's {@link RunNotice}, kept in
 * its job execution context by the report step, goes to the run's targets - the schedule's when a schedule of
 * {@code serve} launched it and names any, else {@code benchfleet.notify.*}. A notification that fails is logged and
 * never fails the run.
 */
public class RunNotifier implements JobExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(RunNotifier.class);

    private final NotifyProperties properties;
    private final NotificationTargets.Routing routing;
    private final Predicate<JobExecution> handedOver;
    private final SnsNotifier sns;
    private final WebhookNotifier webhook;

    /**
     * @param routing    the targets of scheduled runs, null where there are no schedules (the command line)
     * @param handedOver whether a run that ended here is not over: another manager continues it, and it is that
     *                   manager's to announce
     */
    public RunNotifier(NotifyProperties properties, NotificationTargets.Routing routing,
            Predicate<JobExecution> handedOver) {
        this.properties = properties;
        this.routing = routing;
        this.handedOver = handedOver;
        this.sns = new SnsNotifier(properties);
        this.webhook = new WebhookNotifier(properties);
    }

    @Override
    public void afterJob(JobExecution job) {
        if (handedOver.test(job)) {
            log.info("job execution {} is continued by another manager, which will announce its end", job.getId());
            return;
        }
        try {
            notify(job);
        } catch (RuntimeException e) {
            log.warn("notification of job execution {} failed: {}", job.getId(), Messages.rootMessage(e), e);
        }
    }

    private void notify(JobExecution job) {
        String schedule = job.getJobParameters().getString(RunParameters.SCHEDULE);
        NotificationTargets scheduled = schedule == null || routing == null ? null : routing.forSchedule(schedule);
        NotificationTargets targets = (scheduled == null ? NotificationTargets.NONE : scheduled)
                .orElse(properties.targets());
        if (targets.isEmpty()) {
            return;
        }
        String stored = job.getExecutionContext().getString(RunContextKeys.NOTICE, null);
        RunNotice notice = (stored == null ? RunNotice.withoutReport(
                job.getJobParameters().getString(RunParameters.SPEC), job.getId(), run(job), job.getStatus().name())
                : Json.MAPPER.readValue(stored, RunNotice.class)).withStatus(job.getStatus().name());
        String link = link(notice);
        if (targets.snsTopicArn() != null) {
            try {
                String id = sns.publish(targets.snsTopicArn(), notice, link);
                log.info("job execution {}: notice published to {} (message {})", job.getId(),
                        targets.snsTopicArn(), id);
            } catch (RuntimeException e) {
                log.warn("job execution {}: could not publish the notice to SNS topic {}: {}", job.getId(),
                        targets.snsTopicArn(), Messages.rootMessage(e));
            }
        }
        if (targets.webhookUrl() != null) {
            String host = WebhookNotifier.host(targets.webhookUrl());
            try {
                webhook.post(targets.webhookUrl(), notice, link);
                log.info("job execution {}: notice posted to the webhook at {}", job.getId(), host);
            } catch (RuntimeException e) {
                // the message may hold the URL (a secret for Slack): name the host only
                log.warn("job execution {}: could not post the notice to the webhook at {}: {}", job.getId(), host,
                        e.getClass().getSimpleName());
            }
        }
    }

    /** {@code <reportBaseUrl>/runs/<id>} when serve's address is configured, else the stored report.html. */
    String link(RunNotice notice) {
        if (properties.reportBaseUrl() != null) {
            return properties.reportBaseUrl().replaceAll("/+$", "") + "/runs/" + notice.jobExecutionId();
        }
        return notice.location() == null ? null : notice.location() + "report.html";
    }

    private static String run(JobExecution job) {
        String runId = job.getJobParameters().getString(RunParameters.RUN_ID);
        return runId != null ? runId : job.getJobParameters().getString(RunParameters.RUN_DATE);
    }
}
