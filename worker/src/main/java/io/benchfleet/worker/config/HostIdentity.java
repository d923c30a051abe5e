package io.benchfleet.worker.config;

import io.benchfleet.worker.host.InstanceMetadata;

/**
 * Who this host is in its fleet, read once at start: its worker group, and with the instance metadata watched
 * ({@link HostFleetProperties#instanceMetadata()}) its EC2 instance id and whether it is a spot instance.
 *
 * @param metadata   the metadata service, null when not watched
 * @param instanceId null off EC2 or when the metadata does not answer
 */
public record HostIdentity(String group, InstanceMetadata metadata, String instanceId, boolean spot) {

    public static HostIdentity of(HostFleetProperties fleet) {
        if (!fleet.instanceMetadata()) {
            return new HostIdentity(fleet.group(), null, null, false);
        }
        InstanceMetadata metadata = new InstanceMetadata(fleet.metadataUrl());
        return new HostIdentity(fleet.group(), metadata, metadata.get(InstanceMetadata.INSTANCE_ID).orElse(null),
                metadata.get(InstanceMetadata.LIFE_CYCLE).filter("spot"::equals).isPresent());
    }
}
