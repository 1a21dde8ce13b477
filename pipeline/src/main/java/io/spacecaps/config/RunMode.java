package io.spacecaps.config;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.operators.StreamingRuntimeContext;

/**
 * Whether the job runs live (STREAMING, over Kafka) or over bounded input in BATCH mode (transcribe,
 * backfill). The graph is the same; a few stages work differently where BATCH mode hands them a
 * key's records all at once, one key after another, and nobody watches the partials.
 */
public final class RunMode {

    private RunMode() {
    }

    /** From the job's configuration, when the graph is built. */
    public static boolean isBatch(ReadableConfig jobConfiguration) {
        return jobConfiguration.get(ExecutionOptions.RUNTIME_MODE) == RuntimeExecutionMode.BATCH;
    }

    /** From an operator's runtime context, when it opens. */
    public static boolean isBatch(RuntimeContext context) {
        return context instanceof StreamingRuntimeContext streaming && isBatch(streaming.getJobConfiguration());
    }
}
