package io.benchfleet.manager.partition;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class InfraRetryPolicyTest {

    private final InfraRetryPolicy policy = new InfraRetryPolicy(2, Duration.ofSeconds(30));

    @Test
    void theFirstRetryWaitsTheFirstBackoffAndEachFurtherOneTwiceAsLong() {
        // 30 s, then 2 x 30 = 60 s, then 2 x 60 = 120 s
        assertThat(policy.delaySeconds(1)).isEqualTo(30);
        assertThat(policy.delaySeconds(2)).isEqualTo(60);
        assertThat(policy.delaySeconds(3)).isEqualTo(120);
    }

    @Test
    void noRetryWaitsLongerThanTheFifteenMinutesSqsCanDelayAMessage() {
        // 30 s x 2^5 = 960 s is above SQS's 900 s maximum delay
        assertThat(policy.delaySeconds(6)).isEqualTo(900);
        assertThat(policy.delaySeconds(40)).isEqualTo(900);
    }
}
