package io.benchfleet.manager.partition;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.ResourcelessJobRepository;
import org.springframework.batch.core.step.StepExecution;

class PartitionCreationTapTest {

    private final List<String> created = new ArrayList<>();
    private final JobRepository repository = PartitionCreationTap.tap(new ResourcelessJobRepository(), "trial:",
            s -> created.add(s.getStepName()));

    @Test
    void aPartitionIsReportedOnceTheSplitterSavedItsContext() throws Exception {
        JobExecution job = repository.createJobExecution(repository.createJobInstance("benchmarkJob",
                new JobParameters()), new JobParameters(), new org.springframework.batch.infrastructure.item
                .ExecutionContext());
        StepExecution partition = repository.createStepExecution("trial:fix-git__a01", job);

        assertThat(created).isEmpty();
        repository.updateExecutionContext(partition);

        assertThat(created).containsExactly("trial:fix-git__a01");
    }

    @Test
    void otherStepsAndOtherCallsGoToTheRepositoryUnreported() throws Exception {
        JobExecution job = repository.createJobExecution(repository.createJobInstance("benchmarkJob",
                new JobParameters()), new JobParameters(), new org.springframework.batch.infrastructure.item
                .ExecutionContext());
        StepExecution manager = repository.createStepExecution("partitionStep", job);

        repository.updateExecutionContext(manager);
        repository.update(manager);

        assertThat(created).isEmpty();
        assertThat(repository.getStepExecution(manager.getId())).isNotNull();
    }
}
