package io.benchfleet.manager.run;

/**
 * The entries benchfleet keeps in a run's execution contexts, named once. Partition step contexts carry the
 * contract's {@code PartitionContextKeys}; these are the manager's own.
 */
public final class RunContextKeys {

    private static final String PREFIX = "benchfleet.";

    /** Job execution: the report's summary (Markdown), printed when the run ends. */
    public static final String SUMMARY = PREFIX + "summary";
    /** Job execution: the run's notice (JSON), sent when the job ends. */
    public static final String NOTICE = PREFIX + "notice";
    /** Job execution: the URI of the report directory (ending in '/'). */
    public static final String REPORT_LOCATION = PREFIX + "reportLocation";

    /** Manager step: how many partitions the plan has. */
    public static final String PLANNED_PARTITIONS = PREFIX + "plannedPartitions";
    /** Manager step: when dispatch started (epoch ms). */
    public static final String DISPATCH_STARTED_AT = PREFIX + "dispatchStartedAt";
    /** Manager step: how long sending every request took (ms). */
    public static final String ENQUEUE_MILLIS = PREFIX + "enqueueMillis";
    /** Manager step: repository statements while creating (restart) and dispatching the partitions. */
    public static final String DISPATCH_STATEMENTS = PREFIX + "dispatchStatements";
    /** Manager step: repository statements while supervising the partitions. */
    public static final String SUPERVISION_STATEMENTS = PREFIX + "supervisionStatements";
    /** Manager step: how long the partitions were supervised (ms). */
    public static final String SUPERVISION_MILLIS = PREFIX + "supervisionMillis";

    private RunContextKeys() {
    }
}
