package io.benchfleet.manager.report.notify;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code benchfleet.notify.*}: where the end of a run is announced, for runs of the command line (a schedule of
 * {@code serve} may name its own targets, see {@code benchfleet.schedules[i].notifications}). Nothing is sent when neither
 * target is set.
 *
 * @param snsTopicArn   an SNS topic to publish the notice to
 * @param webhookUrl    a URL to POST the notice to as Slack-compatible JSON ({@code text} and {@code blocks}); a Slack
 *                      incoming webhook's URL is a secret: give it in the environment
 *                      ({@code BENCHFLEET_NOTIFY_WEBHOOK_URL}), it is never logged (only its host)
 * @param reportBaseUrl where {@code serve} is reached ({@code https://bench.example.com}): the notice links to
 *                      {@code <base>/runs/<id>}; without it, to the report's location in the artifact store
 * @param region        AWS region of the topic (default: the SDK's chain)
 * @param endpoint      SNS endpoint override, for test servers only
 * @param accessKey     static credentials for test servers only (default: the SDK's chain)
 * @param secretKey     see accessKey
 * @param timeout       how long one notification may take (default 10 s)
 */
@ConfigurationProperties("benchfleet.notify")
public record NotifyProperties(String snsTopicArn, String webhookUrl, String reportBaseUrl, String region,
        String endpoint, String accessKey, String secretKey, Duration timeout) {

    public NotifyProperties {
        snsTopicArn = blankToNull(snsTopicArn);
        webhookUrl = blankToNull(webhookUrl);
        reportBaseUrl = blankToNull(reportBaseUrl);
        region = blankToNull(region);
        endpoint = blankToNull(endpoint);
        timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
    }

    /** The targets of command-line runs. */
    public NotificationTargets targets() {
        return new NotificationTargets(snsTopicArn, webhookUrl);
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
