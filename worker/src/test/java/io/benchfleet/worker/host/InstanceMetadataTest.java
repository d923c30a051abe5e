package io.benchfleet.worker.host;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** IMDSv2 against a loopback stand-in that refuses tokenless reads, as terraform's http_tokens = required does. */
class InstanceMetadataTest {

    @Test
    void aReadTakesASessionTokenFirstAndSendsItWithTheGet() throws Exception {
        try (MetadataStandIn imds = new MetadataStandIn().set(InstanceMetadata.INSTANCE_ID, "i-0abc")) {
            InstanceMetadata metadata = new InstanceMetadata(imds.url());

            assertThat(metadata.get(InstanceMetadata.INSTANCE_ID)).contains("i-0abc");
            assertThat(imds.requests).containsExactly("PUT /latest/api/token 200",
                    "GET /latest/meta-data/instance-id 200");
        }
    }

    @Test
    void aPathTheServiceDoesNotHaveIsEmptyLikeASpotNoticeNotYetScheduled() throws Exception {
        try (MetadataStandIn imds = new MetadataStandIn()) {
            assertThat(new InstanceMetadata(imds.url()).get(InstanceMetadata.SPOT_ACTION)).isEmpty();
        }
    }

    @Test
    void anExpiredTokenIsReplacedAndTheReadRepeatedOnce() throws Exception {
        try (MetadataStandIn imds = new MetadataStandIn().set(InstanceMetadata.INSTANCE_ID, "i-0abc")) {
            InstanceMetadata metadata = new InstanceMetadata(imds.url());
            metadata.get(InstanceMetadata.INSTANCE_ID);
            imds.expireTokens();

            assertThat(metadata.get(InstanceMetadata.INSTANCE_ID)).contains("i-0abc");
            assertThat(imds.requests).containsExactly("PUT /latest/api/token 200",
                    "GET /latest/meta-data/instance-id 200", "GET /latest/meta-data/instance-id 401",
                    "PUT /latest/api/token 200", "GET /latest/meta-data/instance-id 200");
        }
    }

    @Test
    void aServiceThatDoesNotAnswerIsEmpty() throws Exception {
        java.net.URI closed;
        try (MetadataStandIn imds = new MetadataStandIn()) {
            closed = imds.url();
        }
        assertThat(new InstanceMetadata(closed).get(InstanceMetadata.INSTANCE_ID)).isEmpty();
    }
}
