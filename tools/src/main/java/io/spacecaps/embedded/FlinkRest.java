package io.spacecaps.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.api.common.JobID;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What Flink's own REST API says about a job, as an operator would ask it: its checkpoints, its
 * failures, its operators' metrics. The failure tests read from it that a failure happened and what
 * the job did about it (rather than inferring it from the output); the soak run reads state size and
 * open recognisers.
 */
public final class FlinkRest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI rest;
    private final JobID job;

    public FlinkRest(URI rest, JobID job) {
        this.rest = rest;
        this.job = job;
    }

    /** The job's checkpoint counters and history ({@code /jobs/:id/checkpoints}). */
    public Checkpoints checkpoints() throws IOException, InterruptedException {
        return new Checkpoints(get("/jobs/" + job + "/checkpoints"));
    }

    /**
     * The failures the job went through, oldest first, as Flink's exception history records them
     * ({@code /jobs/:id/exceptions}): one entry per failure that made the job restart, with the
     * exception's class and message.
     */
    public java.util.List<String> failures() throws IOException, InterruptedException {
        java.util.List<String> failures = new java.util.ArrayList<>();
        for (JsonNode entry : get("/jobs/" + job + "/exceptions").path("exceptionHistory").path("entries")) {
            String trace = entry.path("stacktrace").asText("");
            failures.add(0, entry.path("exceptionName").asText() + ": " + trace.lines().findFirst().orElse(""));
        }
        return failures;
    }

    /** Asks the job for a checkpoint now ({@code POST /jobs/:id/checkpoints}), as an operator can; returns at once. */
    public void triggerCheckpoint() throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(rest.resolve("/jobs/" + job + "/checkpoints"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 && response.statusCode() != 202) {
            throw new IOException("triggering a checkpoint answered " + response.statusCode() + ": " + response.body());
        }
    }

    /**
     * A metric of one operator summed over its subtasks, or empty while Flink has not fetched it yet
     * (the web UI's metric store fills in the background).
     *
     * @param vertexName a part of the job vertex's name (the operator's name, {@code "recognize speech"})
     * @param metric     the metric's own name ({@code "openRecognizers"})
     */
    public java.util.OptionalDouble operatorMetricSum(String vertexName, String metric) throws IOException, InterruptedException {
        String base = "/jobs/" + job + "/vertices/" + vertex(vertexName).path("id").asText() + "/subtasks/metrics";
        for (JsonNode m : get(base)) {
            String id = m.path("id").asText();
            if (id.equals(metric) || id.endsWith("." + metric)) {
                for (JsonNode value : get(base + "?get=" + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8) + "&agg=sum")) {
                    return java.util.OptionalDouble.of(value.path("sum").asDouble());
                }
            }
        }
        return java.util.OptionalDouble.empty();
    }

    /** How many subtasks the job vertex named like {@code vertexName} runs. */
    public int vertexParallelism(String vertexName) throws IOException, InterruptedException {
        return vertex(vertexName).path("parallelism").asInt();
    }

    /** The job vertex whose name contains {@code vertexName} (the last, should several). */
    private JsonNode vertex(String vertexName) throws IOException, InterruptedException {
        JsonNode vertex = null;
        for (JsonNode v : get("/jobs/" + job).path("vertices")) {
            if (v.path("name").asText().contains(vertexName)) {
                vertex = v;
            }
        }
        if (vertex == null) {
            throw new IllegalArgumentException("the job has no vertex named like '" + vertexName + "'");
        }
        return vertex;
    }

    /**
     * A metric of one operator, subtask by subtask (index 0 first), or empty while Flink has not
     * fetched it for every subtask yet.
     *
     * @param vertexName a part of the job vertex's name
     * @param metric     the metric's own name ({@code "openRecognizers"})
     */
    public java.util.Optional<double[]> operatorMetricPerSubtask(String vertexName, String metric) throws IOException, InterruptedException {
        JsonNode vertex = vertex(vertexName);
        int parallelism = vertex.path("parallelism").asInt();
        // The vertex lists each subtask's metrics as <subtask index>.<operator>.<metric>.
        String base = "/jobs/" + job + "/vertices/" + vertex.path("id").asText() + "/metrics";
        List<String> ids = new ArrayList<>();
        for (JsonNode m : get(base)) {
            String id = m.path("id").asText();
            if (id.endsWith("." + metric) && id.indexOf('.') > 0 && id.substring(0, id.indexOf('.')).chars().allMatch(Character::isDigit)) {
                ids.add(id);
            }
        }
        if (ids.isEmpty()) {
            return java.util.Optional.empty();
        }
        double[] values = new double[parallelism];
        int seen = 0;
        for (JsonNode value : get(base + "?get=" + java.net.URLEncoder.encode(String.join(",", ids), java.nio.charset.StandardCharsets.UTF_8))) {
            String id = value.path("id").asText();
            int subtask = Integer.parseInt(id.substring(0, id.indexOf('.')));
            if (subtask < parallelism) {
                values[subtask] = value.path("value").asDouble();
                seen++;
            }
        }
        return seen == parallelism ? java.util.Optional.of(values) : java.util.Optional.empty();
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(rest.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** Flink's checkpoint statistics of one job. */
    public record Checkpoints(JsonNode json) {
        public long completed() {
            return json.path("counts").path("completed").asLong();
        }

        public long failed() {
            return json.path("counts").path("failed").asLong();
        }

        /** How often the job restored its state from a checkpoint. */
        public long restored() {
            return json.path("counts").path("restored").asLong();
        }

        /** Bytes of state in the latest completed checkpoint (all of it, not only what changed), or -1 before the first. */
        public long latestStateBytes() {
            JsonNode completed = json.path("latest").path("completed");
            return completed.isMissingNode() || completed.isNull() ? -1 : completed.path("state_size").asLong(-1);
        }

        /** The id of the checkpoint the job last restored from, or -1. */
        public long lastRestoredId() {
            JsonNode restored = json.path("latest").path("restored");
            return restored.isMissingNode() || restored.isNull() ? -1 : restored.path("id").asLong(-1);
        }

        /** Where the savepoint the job started from lies, when it started from one. */
        public java.util.Optional<String> restoredSavepoint() {
            JsonNode restored = json.path("latest").path("restored");
            return restored.path("is_savepoint").asBoolean() ? java.util.Optional.of(restored.path("external_path").asText())
                    : java.util.Optional.empty();
        }

        @Override
        public String toString() {
            return json.path("counts").toString() + ", restored from " + lastRestoredId();
        }
    }
}
