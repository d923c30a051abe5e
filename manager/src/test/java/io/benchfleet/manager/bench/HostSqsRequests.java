package io.benchfleet.manager.bench;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.benchfleet.manager.it.LoopbackCluster;

/**
 * The SQS requests the simulated hosts sent, by operation: the sum over the host groups of the last
 * {@code SQS-REQUESTS} line each printed ({@link SqsRequestCounter}, cumulative since the group started).
 */
final class HostSqsRequests {

    private static final Pattern COUNT = Pattern.compile("(\\w+)=(\\d+)");

    private HostSqsRequests() {
    }

    /** Registers the counter with the AWS SDK of every host group started after this. */
    static void register() {
        LoopbackCluster.addToWorkerClassPath(SqsRequestCounter.REGISTRATION, SqsRequestCounter.class.getName() + "\n",
                SqsRequestCounter.class);
    }

    static Map<String, Long> read(LoopbackCluster cluster, List<String> groups) {
        Map<String, Long> total = new TreeMap<>();
        for (String group : groups) {
            String output = cluster.output(group);
            int last = output.lastIndexOf("SQS-REQUESTS");
            if (last < 0) {
                continue;
            }
            int end = output.indexOf('\n', last);
            Matcher m = COUNT.matcher(output.substring(last, end < 0 ? output.length() : end));
            while (m.find()) {
                total.merge(m.group(1), Long.parseLong(m.group(2)), Long::sum);
            }
        }
        return total;
    }

    /** {@code after - before} per operation, operations with no request left out. */
    static Map<String, Long> spent(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> spent = new TreeMap<>();
        after.forEach((op, n) -> {
            long d = n - before.getOrDefault(op, 0L);
            if (d > 0) {
                spent.put(op, d);
            }
        });
        return spent;
    }
}
