/**
 * The chaos suite: a small run (smoke-oracle, 3 tasks x 4 attempts = 12 partitions, simulated trials of 1.5-5 s)
 * through real processes as in production - ElasticMQ in its own JVM ({@code LoopbackSqsServer}),
 * worker hosts ({@code java -jar worker-*-exec.jar}), the manager ({@code java -jar benchfleet.jar run}, no
 * {@code --local}) and a fresh schema in the local PostgreSQL - with one fault injected per scenario:
 * <ul>
 * <li>{@code WorkerKillChaosTest} (a): kill -9 of a worker mid-trial;</li>
 * <li>{@code DuplicateDeliveryChaosTest} (b): every partition request sent twice more straight into the queue;</li>
 * <li>{@code ManagerKillChaosTest} (c): kill -9 of the manager mid-run, then {@code benchfleet restart};</li>
 * <li>{@code DatabaseRestartChaosTest} (d): PostgreSQL restarted mid-run (root only; skipped with a reason);</li>
 * <li>{@code PoisonMessageChaosTest} (e): a non-JSON message in the queue mid-run;</li>
 * <li>{@code GracefulStopChaosTest} (f): SIGTERM of a worker mid-trial;</li>
 * <li>{@code SpotNoticeChaosTest} (fleet d): a spot interruption notice mid-trial, served over IMDSv2 by a loopback
 * stand-in of the metadata service.</li>
 * </ul>
 * The fleet scenarios run on a {@code SimulatedAutoScalingGroup}: a moto_server Auto Scaling group that the managers'
 * real fleet controller sizes, whose instances a reconciler boots as real worker processes and stops when they leave
 * the group:
 * <ul>
 * <li>{@code SharedFleetChaosTest} (fleet a, b): a nightly (high) and an ad-hoc (normal) run overlapping, each also
 * alone; the group grows for both, reaches zero only after both, and scales in while trials run without terminating
 * a busy host;</li>
 * <li>{@code FleetControllerTakeoverChaosTest} (fleet c): kill -9 of the run's manager holding the controller lease
 * while {@code serve} runs: serve takes the group over within the lease, the group reaches zero after the restart;</li>
 * <li>{@code FleetPriorityChaosTest} (fleet e): a high run's makespan alone and while a low run fills the fleet (fails
 * until dispatch by share).</li>
 * </ul>
 * Each ends with {@link io.benchfleet.manager.chaos.ChaosFigures}: every planned partition has exactly one final
 * result, none is duplicated or lost, step statuses agree with results; the figures are printed as
 * {@code CHAOS <scenario> planned N / completed N / duplicated N / lost N}. Process output is kept under
 * {@code target/chaos-logs/<scenario>/}. Runs in the {@code chaos} Maven profile ({@code ./mvnw -B verify -Pchaos}),
 * or {@code mvn -pl manager test -Dtest='*ChaosTest'} once the jars are built ({@code mvn install -DskipTests}).
 */
package io.benchfleet.manager.chaos;
