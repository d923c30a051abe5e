package io.benchfleet.worker.trial;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

import io.benchfleet.jobdefs.harbor.HarborJobDirectory;
import io.benchfleet.jobdefs.harbor.PhaseTiming;
import io.benchfleet.jobdefs.plan.ExecutorNames;
import io.benchfleet.jobdefs.plan.Partition;
import io.benchfleet.jobdefs.workload.TrialDurations;
import io.benchfleet.worker.config.SimulatedTrialProperties;
import io.benchfleet.worker.trial.simulated.HarborTrialWriter;
import io.benchfleet.worker.trial.simulated.TrialOutput;

/**
 * Rehearsal executor: sleeps for a duration drawn from a heavy-tailed model and writes a genuine Harbor trial
 * directory with an outcome drawn from the configured mix. Draws are deterministic per (seed, partition key), and
 * each task has its own difficulty and typical duration, so runs look like real benchmarks: some tasks always pass,
 * some never, a few take much longer than the rest. Harbor's {@code oracle} agent always passes and {@code nop}
 * never does, as with the real harness. A matrix configuration has a skill of its own (see
 * {@link #configurationSkill}).
 *
 * <p>With a workload file ({@code durations-file}) each trial takes exactly its listed duration, so a recorded or
 * generated workload replays identically; {@code time-scale} divides every duration.
 */
public class SimulatedTrialExecutor implements TrialExecutor {

    static final String AGENT_VERSION = "simulated";

    private final SimulatedTrialProperties model;
    private final Clock clock;
    /** The replayed workload, read once at start (a bad file stops the worker with one line); null: drawn. */
    private final TrialDurations workload;

    public SimulatedTrialExecutor(SimulatedTrialProperties model, Clock clock) {
        this.model = model;
        this.clock = clock;
        this.workload = model.durationsFile() == null ? null : TrialDurations.read(model.durationsFile());
    }

    /** The name every executor records with its results. */
    public static final String NAME = ExecutorNames.SIMULATED;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean simulated() {
        return true;
    }

    @Override
    public Path run(Partition partition, Path jobsDir) {
        SplittableRandom taskRandom = new SplittableRandom(model.seed() * 31 + partition.task().hashCode());
        SplittableRandom trialRandom = new SplittableRandom(model.seed() * 17 + partition.key().hashCode());
        double taskDifficulty = taskRandom.nextDouble();
        double taskLength = Math.exp(model.durationSigma() * gaussian(taskRandom));
        Duration duration = scaled(workload == null ? duration(taskLength, trialRandom) : replayed(partition));
        Instant started = clock.instant();
        sleep(duration, partition);
        Instant finished = clock.instant();
        double draw = trialRandom.nextDouble();
        if (draw < model.infraFailureRate()) {
            return crashWithoutResult(partition, jobsDir);
        }
        draw -= model.infraFailureRate();
        TrialOutput.Builder out = TrialOutput.builder(jobsDir, partition.key(), partition.task())
                .source(datasetName(partition.dataset()))
                .agent(partition.agent(), AGENT_VERSION)
                .model(partition.model())
                .period(started, finished)
                .jobTotalTrials(1);
        phases(out, started, finished);
        if (draw < model.agentTimeoutRate()) {
            out.exception("AgentTimeoutError", "Agent execution timed out after " + partition.trialTimeoutSeconds()
                    + " seconds").reward(0.0);
        } else if ((draw -= model.agentTimeoutRate()) < model.agentErrorRate()) {
            out.exception("NonZeroAgentExitCodeError", "Agent exited with code 1").reward(0.0);
        } else if ((draw -= model.agentErrorRate()) < model.verifierErrorRate()) {
            out.exception("RewardFileNotFoundError", "No reward file found at /logs/verifier/reward.txt");
        } else if (partition.agent().equals("oracle") || partition.agent().equals("nop")) {
            out.reward(partition.agent().equals("oracle") ? 1.0 : 0.0);
        } else {
            double passProbability = Math.min(1, Math.max(0, model.passRate() + (0.5 - taskDifficulty) * 1.2
                    + configurationSkill(partition)));
            out.reward(trialRandom.nextDouble() < passProbability ? 1.0 : 0.0);
        }
        if (partition.model() != null) {
            long input = 50_000 + trialRandom.nextLong(400_000);
            long output = 2_000 + trialRandom.nextLong(20_000);
            long cache = (long) (input * 0.8);
            out.tokens(input, cache, output).costUsd(Math.round((input * 3e-6 + output * 15e-6) * 1e4) / 1e4);
        }
        new HarborTrialWriter(clock, trialRandom).write(out.build());
        return HarborJobDirectory.of(jobsDir, partition.key()).path();
    }

    /**
     * A matrix configuration's own skill, -0.2 to +0.2 on every task's pass probability (drawn once per seed and
     * configuration name), so a rehearsal's leaderboard is not flat; 0 for a spec of one agent, as before matrices.
     */
    private double configurationSkill(Partition partition) {
        if (partition.configuration() == null) {
            return 0;
        }
        return (new SplittableRandom(model.seed() * 13 + partition.configuration().hashCode()).nextDouble() - 0.5)
                * 0.4;
    }

    private Duration duration(double taskLength, SplittableRandom random) {
        double factor = taskLength * Math.exp(model.durationSigma() * 0.5 * gaussian(random));
        long ms = (long) (model.medianDuration().toMillis() * factor);
        ms = Math.max(model.minDuration().toMillis(), Math.min(model.maxDuration().toMillis(), ms));
        return Duration.ofMillis(ms);
    }

    private Duration replayed(Partition partition) {
        return workload.of(partition.key()).orElseThrow(() -> new TrialConfigurationException("partition "
                + partition.key() + " is not in the workload file " + model.durationsFile()
                + " (benchfleet.worker.simulated.durations-file): generate the workload from the same spec"));
    }

    private Duration scaled(Duration real) {
        return model.timeScale() == 1.0 ? real : Duration.ofNanos(Math.round(real.toNanos() / model.timeScale()));
    }

    private static void phases(TrialOutput.Builder out, Instant started, Instant finished) {
        long total = Duration.between(started, finished).toNanos();
        Instant envEnd = started.plusNanos(total / 20);
        Instant setupEnd = envEnd.plusNanos(total / 20);
        Instant agentEnd = setupEnd.plusNanos(total * 3 / 4);
        out.phases(new PhaseTiming(started, envEnd), new PhaseTiming(envEnd, setupEnd),
                new PhaseTiming(setupEnd, agentEnd), new PhaseTiming(agentEnd, finished));
    }

    /** Harbor died before writing result.json: a trial directory with a config and a log, no result. */
    private static Path crashWithoutResult(Partition partition, Path jobsDir) {
        HarborJobDirectory job = HarborJobDirectory.of(jobsDir, partition.key());
        String trialName = partition.task() + "__crashed";
        try {
            HarborTrialWriter.writeInterrupted(job, partition.task(), trialName,
                    "RuntimeError: docker compose up failed: simulated infrastructure failure\n");
        } catch (UncheckedIOException e) {
            throw new TrialInfrastructureException("cannot write simulated trial into " + job.trial(trialName).dir(),
                    e.getCause());
        }
        return job.path();
    }

    private static void sleep(Duration duration, Partition partition) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrialInfrastructureException("trial of " + partition.key() + " was interrupted (worker "
                    + "stopping)", e);
        }
    }

    private static String datasetName(String dataset) {
        int at = dataset.indexOf('@');
        return at < 0 ? dataset : dataset.substring(0, at);
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
