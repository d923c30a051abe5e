package io.benchfleet.manager.report.notify;

/**
 * Where one run's notice goes: an SNS topic and/or a webhook (Slack-compatible JSON); either may be null.
 *
 * @param snsTopicArn the topic's ARN
 * @param webhookUrl  the URL to POST to (a secret for Slack: never logged)
 */
public record NotificationTargets(String snsTopicArn, String webhookUrl) {

    public static final NotificationTargets NONE = new NotificationTargets(null, null);

    public NotificationTargets {
        snsTopicArn = NotifyProperties.blankToNull(snsTopicArn);
        webhookUrl = NotifyProperties.blankToNull(webhookUrl);
    }

    public boolean isEmpty() {
        return snsTopicArn == null && webhookUrl == null;
    }

    /** These targets, or {@code fallback} when there are none. */
    public NotificationTargets orElse(NotificationTargets fallback) {
        return isEmpty() ? fallback : this;
    }

    /**
     * The targets of a run by the schedule that launched it ({@code serve} knows its schedules' targets); null for a
     * schedule it does not know.
     */
    @FunctionalInterface
    public interface Routing {
        NotificationTargets forSchedule(String schedule);
    }
}
