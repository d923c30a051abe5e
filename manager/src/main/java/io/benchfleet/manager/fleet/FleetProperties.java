package io.benchfleet.manager.fleet;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code benchfleet.fleet.*}: the worker fleet the manager sizes, and the prices {@code plan} estimates with.
 *
 * @param asgName                  worker Auto Scaling group; set (production) → the {@link FleetController} sizes it.
 *                                 Defaults to {@code BENCHFLEET_ASG_NAME} (the terraform env file of the manager)
 * @param region                   AWS region (default: the SDK's provider chain, else us-east-1 with an endpoint)
 * @param endpoint                 endpoint override for Auto Scaling and EC2 (tests: moto); null in production
 * @param accessKey                static credentials for a test endpoint only; production uses the instance role
 * @param secretKey                see accessKey
 * @param maxHosts                 hard cap over every run's {@code maxHosts} (terraform {@code max_hosts},
 *                                 {@code BENCHFLEET_MAX_HOSTS}); null: the spec's value only
 * @param instancePriceUsdPerHour  on-demand price of one worker host; default 0.4032, m7i.2xlarge (the first of
 *                                 terraform's {@code worker_instance_types}) on Linux in us-east-1
 * @param spotDiscount             fraction off the on-demand price on spot (0.6: spot costs 40% of on-demand)
 * @param startupOverhead          added to the simulated makespan (hosts booting, image pull, first poll) while no
 *                                 host of the group has measured its boot-to-ready time in the worker registry
 * @param llmCostPerTrialUsd       LLM cost estimate per trial when the repository has no history for the spec
 * @param bootToReadyHosts         {@code plan} takes the median boot-to-ready time of this many of the group's most
 *                                 recently started hosts that measured one (default 20)
 */
@ConfigurationProperties("benchfleet.fleet")
public record FleetProperties(String asgName, String region, URI endpoint, String accessKey, String secretKey,
        Integer maxHosts, Double instancePriceUsdPerHour, Double spotDiscount, Duration startupOverhead,
        Double llmCostPerTrialUsd, Integer bootToReadyHosts) {

    public static final double DEFAULT_INSTANCE_PRICE = 0.4032;
    public static final double DEFAULT_SPOT_DISCOUNT = 0.6;
    public static final Duration DEFAULT_STARTUP_OVERHEAD = Duration.ofMinutes(3);
    public static final int DEFAULT_BOOT_TO_READY_HOSTS = 20;

    public FleetProperties {
        asgName = asgName == null || asgName.isBlank() ? null : asgName.strip();
        instancePriceUsdPerHour = instancePriceUsdPerHour == null ? DEFAULT_INSTANCE_PRICE : instancePriceUsdPerHour;
        spotDiscount = spotDiscount == null ? DEFAULT_SPOT_DISCOUNT : spotDiscount;
        startupOverhead = startupOverhead == null ? DEFAULT_STARTUP_OVERHEAD : startupOverhead;
        bootToReadyHosts = bootToReadyHosts == null ? DEFAULT_BOOT_TO_READY_HOSTS : bootToReadyHosts;
        if (bootToReadyHosts < 1) {
            throw new IllegalArgumentException("benchfleet.fleet.boot-to-ready-hosts must be >= 1, found "
                    + bootToReadyHosts);
        }
        if (instancePriceUsdPerHour < 0) {
            throw new IllegalArgumentException("benchfleet.fleet.instance-price-usd-per-hour must be >= 0, found "
                    + instancePriceUsdPerHour);
        }
        if (spotDiscount < 0 || spotDiscount >= 1) {
            throw new IllegalArgumentException("benchfleet.fleet.spot-discount must be from 0 to below 1, found "
                    + spotDiscount);
        }
        if (maxHosts != null && maxHosts < 1) {
            // 0 would give every run a share of no slots: its partitions would be held for ever
            throw new IllegalArgumentException("benchfleet.fleet.max-hosts must be at least 1 (unset: no cap), found "
                    + maxHosts);
        }
    }

    /** Defaults only (no Auto Scaling group). */
    public static FleetProperties defaults() {
        return new FleetProperties(null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The run's host limit after the deployment's cap. */
    public int capHosts(int specMaxHosts) {
        return maxHosts == null ? specMaxHosts : Math.min(specMaxHosts, maxHosts);
    }
}
