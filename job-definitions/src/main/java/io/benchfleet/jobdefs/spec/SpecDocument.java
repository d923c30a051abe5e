package io.benchfleet.jobdefs.spec;

import static io.benchfleet.jobdefs.spec.SpecRules.NON_BLANK;
import static io.benchfleet.jobdefs.spec.SpecRules.PLAIN_VALUE;
import static io.benchfleet.jobdefs.spec.SpecRules.TASK_FILE;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * A spec file as written, bound by Jackson: every field optional, the tasks either inline or as a {@code taskFile}.
 * Its own rules are about the document's shape; the rules about values are on the {@link BenchmarkSpec} that
 * {@link #toSpec} makes of it, with the defaults applied and the task file read.
 */
@OneTaskSource
record SpecDocument(
        String name,
        String description,
        String dataset,
        @JsonDeserialize(contentUsing = LenientText.Anything.class)
        List<String> tasks,
        @Pattern(regexp = NON_BLANK, message = TASK_FILE)
        String taskFile,
        Integer attempts,
        String agent,
        String model,
        @JsonDeserialize(contentUsing = LenientText.Scalar.class)
        Map<String, @NotNull(message = PLAIN_VALUE) String> agentKwargs,
        String harborImage,
        Timeouts timeouts,
        Integer estimatedTrialSec,
        Integer partitionTarget,
        Fleet fleet,
        @JsonDeserialize(contentUsing = LenientText.Anything.class)
        List<String> secrets,
        List<Configuration> configurations,
        ReportOptions report) {

    private static final int DEFAULT_ATTEMPTS = 1;
    private static final int DEFAULT_ESTIMATED_TRIAL_SEC = 600;

    /** The spec this document describes, with {@code tasks} read from wherever the document lists them. */
    BenchmarkSpec toSpec(List<String> resolvedTasks) {
        Map<String, String> kwargs = new LinkedHashMap<>();
        if (agentKwargs != null) {
            agentKwargs.forEach((key, value) -> {
                if (value != null) {
                    kwargs.put(key, value);
                }
            });
        }
        List<String> secretNames = secrets == null ? List.of()
                : secrets.stream().map(s -> s == null ? "" : s).toList();
        return new BenchmarkSpec(name, strip(description), dataset, resolvedTasks,
                attempts == null ? DEFAULT_ATTEMPTS : attempts, agent, strip(model), kwargs,
                harborImage == null ? BenchmarkSpec.DEFAULT_HARBOR_IMAGE : harborImage.strip(),
                timeouts == null ? Timeouts.DEFAULTS : timeouts,
                estimatedTrialSec == null ? DEFAULT_ESTIMATED_TRIAL_SEC : estimatedTrialSec, partitionTarget,
                fleet == null ? Fleet.DEFAULTS : fleet, secretNames, configurations,
                report == null ? ReportOptions.DEFAULTS : report);
    }

    private static String strip(String text) {
        return text == null ? null : text.strip();
    }
}
