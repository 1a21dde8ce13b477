package io.spacecaps.job;

import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.kafka.InMemoryTopic;
import io.spacecaps.schema.DeadLetter;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.testing.CollectingSink;
import io.spacecaps.testing.TestData;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Savepoints restore operators by uid: every operator of the job has one, named, and the same set
 * whatever the options, so turning a feature on or off never orphans state.
 */
class OperatorUidTest {

    private static List<StreamNode> graph(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--model.en";
        all[1] = TestData.englishModel();
        System.arraycopy(args, 0, all, 2, args.length);
        SpacecapsConfig config = SpacecapsConfig.fromArgs(all);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        SpacecapsJob.configure(env, config);
        try (InMemoryTopic none = new InMemoryTopic(List.of())) {
            SpacecapsJob.defineWorkflow(env, config, new SpacecapsJob.Sources(none.source(), none.source()),
                    new SpacecapsJob.Sinks(new CollectingSink<>(), new CollectingSink<>(), new CollectingSink<>(), new CollectingSink<>()));
            return List.copyOf(env.getStreamGraph().getStreamNodes());
        }
    }

    private static Set<String> uids(List<StreamNode> nodes) {
        Set<String> uids = new TreeSet<>();
        nodes.forEach(n -> uids.add(n.getTransformationUID()));
        return uids;
    }

    @Test
    void everyOperatorHasAStableUidAndAName() {
        List<StreamNode> nodes = graph();
        for (StreamNode node : nodes) {
            assertTrue(node.getTransformationUID() != null && !node.getTransformationUID().isBlank(),
                    "operator '" + node.getOperatorName() + "' has no uid");
            assertFalse(node.getOperatorName().isBlank());
        }
        assertEquals(nodes.size(), uids(nodes).size(), "uids are unique");
        assertEquals(Set.of(SpacecapsJob.UID_AUDIO_SOURCE, SpacecapsJob.UID_EVENT_SOURCE, SpacecapsJob.UID_DECODE_AUDIO,
                        SpacecapsJob.UID_DECODE_EVENTS, SpacecapsJob.UID_SEQUENCE, SpacecapsJob.UID_DECODE_OPUS, SpacecapsJob.UID_RECOGNIZE, SpacecapsJob.UID_VOICES,
                        SpacecapsJob.UID_ATTRIBUTE, SpacecapsJob.UID_WRITE, SpacecapsJob.UID_PARTIALS, SpacecapsJob.UID_FINALS, SpacecapsJob.UID_PARTIAL_SINK,
                        SpacecapsJob.UID_FINAL_SINK, SpacecapsJob.UID_DEAD_LETTER_SINK, SpacecapsJob.UID_EVENT_SIGNALS,
                        SpacecapsJob.UID_SPACE_DEAD_LETTERS, SpacecapsJob.UID_DEAD_LETTER_SIGNALS, SpacecapsJob.UID_STATS,
                        SpacecapsJob.UID_STATS_SINK),
                uids(nodes).stream().filter(u -> !u.contains(": ")).collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void theUidsDoNotDependOnTheOptions() {
        Set<String> defaults = uids(graph());
        assertEquals(defaults, uids(graph("--diarize", "false")));
        assertEquals(defaults, uids(graph("--checkpoint-interval-ms", "0", "--partial-words", "false", "--parallelism", "3")));
    }
}
