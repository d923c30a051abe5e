package io.benchfleet.worker.trial;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.benchfleet.jobdefs.plan.Partition;
import io.benchfleet.jobdefs.plan.PartitionContextKeys;
import io.benchfleet.worker.artifact.LocalArtifactStore;
import io.benchfleet.worker.artifact.TrialArchiver;
import io.benchfleet.worker.config.BenchfleetDataSourceConfiguration;
import io.benchfleet.worker.config.WorkerConfiguration;
import io.benchfleet.worker.host.LocalTrialDirectories;
import io.benchfleet.worker.queue.WorkerIdentity;
import io.benchfleet.worker.result.TrialResultRepository;
import io.benchfleet.worker.testing.BatchRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.MDC;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The worker's trial step ({@code WorkerConfiguration}) on the worker's own job-repository data source
 * ({@link BenchfleetDataSourceConfiguration}: a Hikari pool behind the lazy connection proxy), against the real
 * PostgreSQL: a trial that runs holds no connection, so a host with more slots than pooled connections (terraform:
 * 4 slots, a pool of 3) runs a trial in every slot, however long the trials take. Before, the chunk's connection was taken by the query for an earlier result and held through
 * the trial to the commit: a slot beyond the pool waited for another trial to end, and failed after Hikari's
 * connection timeout.
 */
class TrialConnectionsTest {

    @TempDir
    Path jobsRoot;

    @TempDir
    Path store;

    BatchRepository repository;
    HikariDataSource pool;
    JobRepository jobRepository;
    DataSourceTransactionManager transactions;
    DataSource dataSource;
    ExecutorService slotThreads = Executors.newCachedThreadPool();

    @BeforeEach
    void workerDataSource() throws Exception {
        repository = new BatchRepository();
        DataSourceProperties properties = new DataSourceProperties();
        properties.setUrl(repository.url());
        properties.setUsername("postgres");
        properties.setPassword("");
        StandardEnvironment environment = new StandardEnvironment();
        // one connection, and a wait for it far shorter than the trials' wait for each other (20 s)
        environment.getPropertySources().addFirst(new MapPropertySource("test", Map.of(
                "spring.datasource.hikari.maximum-pool-size", "1",
                "spring.datasource.hikari.connection-timeout", "5000")));
        dataSource = new BenchfleetDataSourceConfiguration().dataSource(properties, environment, Optional.empty());
        pool = dataSource.unwrap(HikariDataSource.class);
        transactions = new DataSourceTransactionManager(dataSource);
        jobRepository = BatchRepository.jobRepository(dataSource, transactions);
    }

    @AfterEach
    void close() {
        slotThreads.shutdownNow();
        pool.close();
        repository.close();
    }

    /**
     * The simulated executor, whose trials first meet (every slot's trial is running, so no slot is still starting its
     * step), then each note the pool's busy connections, then meet again (no slot has gone on to write its result
     * while another was noting) before the trial itself.
     */
    final class MeetingExecutor implements TrialExecutor {
        final TrialExecutor simulated = FixedLengthTrials.lasting(Duration.ofMillis(200));
        final CyclicBarrier allRunning;
        final CyclicBarrier allNoted;
        final List<Integer> busyDuringTrials = new CopyOnWriteArrayList<>();

        MeetingExecutor(int trials) {
            allRunning = new CyclicBarrier(trials);
            allNoted = new CyclicBarrier(trials);
        }

        @Override
        public Path run(Partition partition, Path jobsDir) {
            meet(allRunning, partition);
            busyDuringTrials.add(pool.getHikariPoolMXBean().getActiveConnections());
            meet(allNoted, partition);
            return simulated.run(partition, jobsDir);
        }

        /** Every trial reaches {@code barrier}, or this one gives up (and its step fails). */
        private void meet(CyclicBarrier barrier, Partition partition) {
            try {
                barrier.await(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new TrialInfrastructureException("the other trials did not run alongside "
                        + partition.key() + ": " + e, null);
            }
        }

        @Override
        public String name() {
            return simulated.name();
        }

        @Override
        public boolean simulated() {
            return true;
        }
    }

    Step step(TrialExecutor executor) {
        TrialTasklet tasklet = new TrialTasklet(executor, new TrialEvaluator(),
                new TrialArchiver(new LocalArtifactStore(store), 1, Duration.ZERO),
                new TrialResultRepository(new JdbcTemplate(dataSource)), new LocalTrialDirectories(), jobsRoot, false,
                Clock.systemUTC(), transactions);
        return new WorkerConfiguration().trialStep(jobRepository, transactions, tasklet);
    }

    StepExecution partition(String key) {
        Partition partition = new Partition(key, 0, "spec", "terminal-bench@2.0", "fix-git", 1, "oracle", null,
                Map.of(), "benchfleet/harbor:0.22.0", 1.0, 60, 60, List.of());
        return repository.partition(partition, Map.of(PartitionContextKeys.REHEARSAL, "true"));
    }

    /** A thread per slot, as a worker's consumer has (never fewer threads than slots, whatever the machine). */
    CompletableFuture<StepExecution> runInSlot(Step step, StepExecution execution, int slot) {
        return CompletableFuture.supplyAsync(() -> {
            MDC.put(WorkerIdentity.MDC_WORKER, "connections-test-host/c" + slot);
            try {
                step.execute(execution);
                return execution;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                MDC.remove(WorkerIdentity.MDC_WORKER);
            }
        }, slotThreads);
    }

    @Test
    void aRunningTrialHoldsNoJobRepositoryConnection() throws Exception {
        MeetingExecutor executor = new MeetingExecutor(1);
        StepExecution execution = runInSlot(step(executor), partition("fix-git__a01"), 0).get(30, TimeUnit.SECONDS);

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(executor.busyDuringTrials).containsOnly(0);
    }

    @Test
    void aHostRunsMoreTrialsAtOnceThanItHasPooledConnections() throws Exception {
        int slots = 3; // on a pool of one connection
        MeetingExecutor executor = new MeetingExecutor(slots);
        Step step = step(executor);
        List<CompletableFuture<StepExecution>> running = new java.util.ArrayList<>();
        for (int slot = 0; slot < slots; slot++) {
            running.add(runInSlot(step, partition("fix-git__a0" + (slot + 1)), slot));
        }

        for (CompletableFuture<StepExecution> r : running) {
            StepExecution execution = r.get(60, TimeUnit.SECONDS);
            assertThat(execution.getStatus()).as(execution.getStepName() + ": " + execution.getExitStatus())
                    .isEqualTo(BatchStatus.COMPLETED);
        }
        assertThat(executor.busyDuringTrials).hasSize(slots).containsOnly(0);
        assertThat(repository.jdbc().queryForObject("SELECT count(*) FROM trial_result", Integer.class))
                .isEqualTo(slots);
    }
}
