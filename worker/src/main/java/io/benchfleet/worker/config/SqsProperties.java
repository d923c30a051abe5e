package io.benchfleet.worker.config;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code benchfleet.sqs.*}: the partition request queue.
 *
 * @param queue      queue name or URL
 * @param region     AWS region (default from the SDK's provider chain, else us-east-1)
 * @param endpoint   endpoint override (ElasticMQ in {@code --local} and tests); null in production
 * @param accessKey  static credentials for a local endpoint only; production uses the instance role
 * @param secretKey  see accessKey
 * @param maxConnections HTTP connection pool of each SQS client (long polls hold one each)
 */
@ConfigurationProperties("benchfleet.sqs")
public record SqsProperties(String queue, String region, URI endpoint, String accessKey, String secretKey,
        Integer maxConnections) {

    public SqsProperties {
        queue = queue == null || queue.isBlank() ? "benchfleet-partitions" : queue;
        maxConnections = maxConnections == null ? 100 : maxConnections;
    }
}
