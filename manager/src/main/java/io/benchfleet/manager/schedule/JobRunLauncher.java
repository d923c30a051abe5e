package io.benchfleet.manager.schedule;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

import io.benchfleet.manager.BadInputException;
import io.benchfleet.manager.job.RunRecovery;
import io.benchfleet.manager.job.RunStarts;
import io.benchfleet.manager.run.RunParameters;
import io.benchfleet.manager.run.RunStatusQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Launches {@code benchmarkJob} asynchronously through {@link RunStarts}, like {@code benchfleet run}: a trigger on a
 * day whose run failed continues that run when the schedule's parameters are unchanged, without waiting for trials
 * still running (the trigger is then skipped), and is refused when they changed.
 */
public class JobRunLauncher implements RunLauncher {

    private static final Logger log = LoggerFactory.getLogger(JobRunLauncher.class);

    private final RunStarts starts;
    private final RunStatusQuery status;

    public JobRunLauncher(RunStarts starts, RunStatusQuery status) {
        this.starts = starts;
        this.status = status;
    }

    @Override
    public long launch(RunParameters run) {
        try (StringWriter said = new StringWriter(); PrintWriter out = new PrintWriter(said)) {
            long id = starts.start(run, out, Duration.ZERO).getId();
            out.flush();
            said.toString().lines().forEach(line -> log.info("{}: {}", describe(run), line));
            return id;
        } catch (BadInputException | RunStarts.PartitionsStillRunningException e) {
            throw new Refused(e.getMessage());
        } catch (RunRecovery.RunStillActiveException e) {
            throw new Refused("the run of " + describe(run) + " is already running");
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the run of " + describe(run) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean isRunning(long jobExecutionId) {
        return status.find(jobExecutionId).map(s -> !s.finished()).orElse(false);
    }

    private static String describe(RunParameters run) {
        return run.specName() + " " + (run.runDate() != null ? run.runDate() : run.runId());
    }
}
