package io.benchfleet.manager.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.benchfleet.worker.config.SqsClientConfiguration;
import io.benchfleet.worker.config.SqsProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The partition queue as {@code serve} sees it: health ({@code sqsQueue}: reachable, with its depth) and the
 * {@code benchfleet.queue.messages} gauge (visible = waiting for a free slot, in flight = being run). One
 * GetQueueAttributes call at most every few seconds, whatever the scrape rate.
 */
public class QueueMonitor implements HealthIndicator, MeterBinder {

    private static final Duration TTL = Duration.ofSeconds(5);

    private final SqsAsyncClient sqs;
    private final SqsProperties properties;
    private final Clock clock;
    private Depth last;

    record Depth(Instant at, long visible, long inFlight, String error) {
    }

    public QueueMonitor(SqsAsyncClient sqs, SqsProperties properties, Clock clock) {
        this.sqs = sqs;
        this.properties = properties;
        this.clock = clock;
    }

    synchronized Depth depth() {
        Instant now = clock.instant();
        if (last == null || last.at().plus(TTL).isBefore(now)) {
            try {
                String url = SqsClientConfiguration.queueUrl(sqs, properties);
                var attributes = sqs.getQueueAttributes(GetQueueAttributesRequest.builder().queueUrl(url)
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE).build())
                        .get(5, TimeUnit.SECONDS).attributes();
                last = new Depth(now, Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)),
                        Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)),
                        null);
            } catch (Exception e) {
                String message = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
                last = new Depth(now, -1, -1, message == null ? e.getClass().getSimpleName() : message);
            }
        }
        return last;
    }

    @Override
    public Health health() {
        Depth d = depth();
        if (d.error() != null) {
            return Health.down().withDetail("queue", properties.queue()).withDetail("error", d.error()).build();
        }
        return Health.up().withDetail("queue", properties.queue()).withDetail("visible", d.visible())
                .withDetail("inFlight", d.inFlight()).build();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("benchfleet.queue.messages", this, m -> nanIfUnknown(m.depth().visible()))
                .tag("state", "visible").description("Partition requests waiting in the queue").register(registry);
        Gauge.builder("benchfleet.queue.messages", this, m -> nanIfUnknown(m.depth().inFlight()))
                .tag("state", "in_flight").description("Partition requests taken by workers, not yet deleted")
                .register(registry);
    }

    private static double nanIfUnknown(long n) {
        return n < 0 ? Double.NaN : n;
    }
}
