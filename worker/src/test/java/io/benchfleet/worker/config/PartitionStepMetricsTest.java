package io.benchfleet.worker.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.benchfleet.jobdefs.plan.Partition;
import io.benchfleet.jobdefs.plan.TrialStep;
import io.benchfleet.worker.testing.BatchRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Spring Batch's own step observation, on the real PostgreSQL job repository, reported into a meter registry as
 * Spring Boot wires it (a {@link DefaultMeterObservationHandler}) with and without the worker's filter.
 */
class PartitionStepMetricsTest {

    private final BatchRepository repository = BatchRepository.create();

    @AfterEach
    void close() {
        repository.close();
    }

    @Test
    void threePartitionsRunByAWorkerAreOneStepSeriesNamedAfterTheWorkerStep() throws Exception {
        MeterRegistry meters = new SimpleMeterRegistry();
        meters.config().meterFilter(PartitionStepMetrics.oneSeriesForAllPartitions());

        runPartitions(meters, "fix-git__a01", "fix-git__a02", "hello-world__a01");

        List<Timer> steps = List.copyOf(meters.find("spring.batch.step").timers());
        assertThat(steps).hasSize(1);
        assertThat(steps.get(0).getId().getTag(PartitionStepMetrics.STEP_NAME_TAG)).isEqualTo(TrialStep.NAME);
        assertThat(steps.get(0).count()).isEqualTo(3);
        assertThat(meters.find("spring.batch.step.active").longTaskTimers()).hasSize(1);
    }

    @Test
    void withoutTheFilterSpringBatchRegistersMetersForEveryPartition() throws Exception {
        MeterRegistry meters = new SimpleMeterRegistry();

        runPartitions(meters, "fix-git__a01", "fix-git__a02", "hello-world__a01");

        assertThat(meters.find("spring.batch.step").timers()).hasSize(3);
    }

    @Test
    void stepsThatAreNotPartitionsKeepTheirNames() {
        MeterRegistry meters = new SimpleMeterRegistry();
        meters.config().meterFilter(PartitionStepMetrics.oneSeriesForAllPartitions());

        meters.timer("spring.batch.step", PartitionStepMetrics.STEP_NAME_TAG, "report").record(java.time.Duration
                .ofMillis(5));

        assertThat(meters.find("spring.batch.step").tag(PartitionStepMetrics.STEP_NAME_TAG, "report").timer())
                .isNotNull();
    }

    private void runPartitions(MeterRegistry meters, String... keys) throws Exception {
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        Step step = new StepBuilder(TrialStep.NAME, repository.jobRepository()).observationRegistry(observations)
                .tasklet((contribution, chunk) -> RepeatStatus.FINISHED, repository.transactionManager()).build();
        for (String key : keys) {
            StepExecution execution = repository.partition(partition(key), Map.of());
            step.execute(execution);
            assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        }
    }

    private static Partition partition(String key) {
        String task = key.substring(0, key.indexOf("__"));
        return new Partition(key, 0, "spec", "terminal-bench@2.0", task, 1, "oracle", null, Map.of(),
                "benchfleet/harbor:0.22.0", 1.0, 60, 60, List.of());
    }
}
