package io.benchfleet.manager.fleet;

import org.springframework.core.env.Environment;

/** Hosts in service as {@code status} shows them: the Auto Scaling group's healthy InService instances. */
public class FleetStatus {

    private final FleetProperties properties;
    private final Environment environment;

    public FleetStatus(FleetProperties properties, Environment environment) {
        this.properties = properties;
        this.environment = environment;
    }

    /** A count, or why there is none (no group configured, AWS error), for display. */
    public String hostsInService() {
        Fleet fleet;
        try {
            fleet = FleetConfiguration.fleetFor(properties, environment);
        } catch (RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
        if (fleet == null) {
            return "- (no worker Auto Scaling group configured: BENCHFLEET_ASG_NAME)";
        }
        try {
            return Integer.toString(fleet.healthyInService());
        } catch (RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        } finally {
            fleet.close();
        }
    }
}
