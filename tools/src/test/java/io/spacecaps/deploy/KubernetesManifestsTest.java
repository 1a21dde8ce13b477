package io.spacecaps.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.kafka.Topics;
import io.spacecaps.testing.TestData;
import io.strimzi.api.kafka.model.common.UnknownPropertyPreserving;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every manifest of deploy/kubernetes, checked without a cluster against what the operators
 * accept: the FlinkDeployment against the Flink Kubernetes Operator's CRD schema (strict, as
 * {@code kubectl apply --validate=strict} is: a misspelt field fails), the Strimzi resources
 * against Strimzi's own API classes (a misspelt field or an unknown value fails), and the parts
 * that must agree across files and with the job (topics, ports, secrets, the job's options).
 */
class KubernetesManifestsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path DIR = TestData.home().resolve("deploy/kubernetes");
    /**
     * The Flink version of the image, as the operator names it. The newest operator API on Maven
     * Central (1.10) predates Flink 2, so its CRD's flinkVersion enum stops at v1_20; the schema is
     * widened by exactly this one value (operator 1.13 and later know it) and checked strictly otherwise.
     */
    private static final String FLINK_VERSION = "v" + EnvironmentInformation.getVersion().replaceAll("^(\\d+)\\.(\\d+).*", "$1_$2");

    @Test
    void theFlinkDeploymentFollowsTheOperatorsSchema() throws Exception {
        JsonNode deployment = only("FlinkDeployment");
        assertEquals(List.of(), flinkDeploymentSchema().validate(deployment.toString(), InputFormat.JSON).stream()
                .map(e -> e.toString()).toList());
        assertEquals(FLINK_VERSION, deployment.at("/spec/flinkVersion").asText(), "the Flink version of the job jar");
    }

    @Test
    void theSchemaCheckCatchesAMisspeltFieldAndAWrongValue() throws Exception {
        ObjectNode misspelt = only("FlinkDeployment").deepCopy();
        ((ObjectNode) misspelt.at("/spec/job")).put("upgradMode", "savepoint");
        assertFalse(flinkDeploymentSchema().validate(misspelt.toString(), InputFormat.JSON).isEmpty(), "spec.job.upgradMode");
        ObjectNode wrong = only("FlinkDeployment").deepCopy();
        ((ObjectNode) wrong.at("/spec/job")).put("upgradeMode", "checkpoint");
        assertFalse(flinkDeploymentSchema().validate(wrong.toString(), InputFormat.JSON).isEmpty(), "upgradeMode: checkpoint");

        ObjectNode topic = all().stream().filter(d -> d.path("kind").asText().equals("KafkaTopic")).findFirst().orElseThrow().deepCopy();
        ((ObjectNode) topic.path("spec")).put("partiton", 3);
        assertFalse(unknownFields(YAML.treeToValue(topic, KafkaTopic.class)).isEmpty(), "spec.partiton");
    }

    @Test
    void theStrimziAndCoreResourcesAreWhatTheirOperatorsRead() throws Exception {
        Map<String, Class<?>> classes = Map.of("Kafka", Kafka.class, "KafkaNodePool", KafkaNodePool.class,
                "KafkaTopic", KafkaTopic.class, "KafkaUser", KafkaUser.class, "ConfigMap", ConfigMap.class,
                "PersistentVolumeClaim", io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class);
        int checked = 0;
        for (JsonNode doc : all()) {
            Class<?> type = classes.get(doc.path("kind").asText());
            if (type != null) {
                // Unknown enum values (a listener type, an ACL operation) fail here.
                Object resource = YAML.treeToValue(doc, type);
                assertEquals(List.of(), unknownFields(resource), doc.path("kind").asText() + " " + doc.at("/metadata/name").asText());
                checked++;
            }
        }
        // The cluster, its node pool, the user, the metrics ConfigMap, the volume, and a KafkaTopic per topic.
        assertEquals(5 + Topics.all().size(), checked, "every Strimzi and core resource");
    }

    @Test
    void theManifestsAgreeWithEachOtherAndWithTheJob() throws Exception {
        for (JsonNode doc : all()) {
            assertEquals("spacecaps", doc.at("/metadata/namespace").asText(), "namespace of " + doc.at("/metadata/name"));
        }
        // The topics are the job's, with at least its partitions and the job's message size.
        Map<String, JsonNode> topics = all().stream().filter(d -> d.path("kind").asText().equals("KafkaTopic"))
                .collect(Collectors.toMap(d -> d.at("/metadata/name").asText(), d -> d, (a, b) -> a, TreeMap::new));
        assertEquals(Topics.all().stream().map(Topics::topicName).collect(Collectors.toCollection(java.util.TreeSet::new)), topics.keySet());
        JsonNode deployment = only("FlinkDeployment");
        int parallelism = deployment.at("/spec/job/parallelism").asInt();
        for (Topics t : Topics.all()) {
            JsonNode topic = topics.get(t.topicName());
            assertTrue(topic.at("/spec/partitions").asInt() >= t.partitions(), t.topicName());
            assertEquals("4194304", topic.at("/spec/config/max.message.bytes").asText(), t.topicName());
        }
        assertTrue(topics.get(Topics.AUDIO.topicName()).at("/spec/partitions").asInt() >= parallelism, "audio partitions ≥ parallelism");

        // The job's options are ones it takes, and point at the Strimzi cluster's TLS listener and secrets.
        List<String> args = StreamSupport.stream(deployment.at("/spec/job/args").spliterator(), false).map(JsonNode::asText).toList();
        // The job checks that its files exist: here, stand-ins for the pod's.
        Path properties = Files.createTempFile("client", ".properties");
        List<String> here = args.stream().map(a -> a.equals("/opt/spacecaps/kafka/client.properties") ? properties.toString()
                : a.equals("/opt/spacecaps/models/en") ? TestData.englishModel() : a).toList();
        SpacecapsConfig job = SpacecapsConfig.fromArgs(here.toArray(String[]::new));
        Files.delete(properties);
        JsonNode kafka = only("Kafka");
        String cluster = kafka.at("/metadata/name").asText();
        JsonNode listener = kafka.at("/spec/kafka/listeners/0");
        assertEquals("scram-sha-512", listener.at("/authentication/type").asText());
        assertTrue(listener.at("/tls").asBoolean());
        assertEquals(cluster + "-kafka-bootstrap.spacecaps.svc:" + listener.at("/port").asInt(), job.bootstrapServers());
        String user = only("KafkaUser").at("/metadata/name").asText();
        String podTemplate = deployment.at("/spec/podTemplate").toString();
        assertTrue(podTemplate.contains("\"name\":\"" + user + "\",\"key\":\"sasl.jaas.config\""), "the KafkaUser's secret");
        assertTrue(podTemplate.contains("\"secretName\":\"" + cluster + "-cluster-ca-cert\""), "the cluster CA's secret");
        assertTrue(podTemplate.contains("/opt/spacecaps/kafka/client.properties") && args.contains("/opt/spacecaps/kafka/client.properties"));

        // Prometheus scrapes the port Flink's reporter listens on, on the pods the operator labels app=<deployment>.
        String reporterPort = deployment.at("/spec/flinkConfiguration/metrics.reporter.prom.port").asText();
        JsonNode port = deployment.at("/spec/podTemplate/spec/containers/0/ports/0");
        assertEquals(reporterPort, port.path("containerPort").asText());
        JsonNode monitor = only("PodMonitor");
        assertEquals(port.path("name").asText(), monitor.at("/spec/podMetricsEndpoints/0/port").asText());
        assertEquals(deployment.at("/metadata/name").asText(), monitor.at("/spec/selector/matchLabels/app").asText());
        assertEquals("savepoint", deployment.at("/spec/job/upgradeMode").asText());
        assertEquals("kubernetes", deployment.at("/spec/flinkConfiguration/high-availability.type").asText());
        assertTrue(deployment.at("/spec/podTemplate/spec/volumes").toString()
                .contains("\"claimName\":\"" + only("PersistentVolumeClaim").at("/metadata/name").asText() + "\""), "the data volume");
    }

    /**
     * A TaskManager's memory, split by Flink's own rules from the deployment's settings, leaves Vosk's
     * native memory (task off-heap) room for the model and, at the largest a recogniser grows to (about
     * 270 MB by --recognizer-life-ms, BENCHMARKS.md), the tracks its cores carry and a margin of 4 (the
     * recognisers kept for later tracks never outnumber the most that were open at once); and the heap is
     * not squeezed out by it.
     */
    @Test
    void aTaskManagerHasRoomForTheRecognisersItsCoresCarry() throws Exception {
        JsonNode deployment = only("FlinkDeployment");
        Configuration flink = new Configuration();
        deployment.at("/spec/flinkConfiguration").properties().forEach(e -> flink.setString(e.getKey(), e.getValue().asText()));
        flink.set(TaskManagerOptions.TOTAL_PROCESS_MEMORY, MemorySize.parse(deployment.at("/spec/taskManager/resource/memory").asText()));
        TaskExecutorProcessSpec spec = TaskExecutorProcessUtils.processSpecFromConfig(flink);

        double cores = deployment.at("/spec/taskManager/resource/cpu").asDouble();
        long tracks = Math.round(cores * 7); // a core carries about 7 real-time tracks (BENCHMARKS.md, capacity)
        long needed = MemorySize.parse("300m").getBytes() + (tracks + 4) * MemorySize.parse("270m").getBytes();
        assertTrue(spec.getTaskOffHeapSize().getBytes() >= needed,
                "task off-heap " + spec.getTaskOffHeapSize() + " for " + tracks + " tracks and a margin of 4");
        assertTrue(spec.getJvmHeapMemorySize().compareTo(MemorySize.parse("512m")) >= 0, "heap " + spec.getJvmHeapMemorySize());
    }

    /** The CRD schema of the operator's FlinkDeployment v1beta1, made strict and widened by {@link #FLINK_VERSION}. */
    private static Schema flinkDeploymentSchema() throws IOException {
        JsonNode crd;
        try (InputStream in = KubernetesManifestsTest.class.getResourceAsStream("/META-INF/fabric8/flinkdeployments.flink.apache.org-v1.yml")) {
            assertNotNull(in, "the operator API jar's CRD");
            crd = YAML.readTree(in);
        }
        JsonNode version = StreamSupport.stream(crd.at("/spec/versions").spliterator(), false)
                .filter(v -> v.path("name").asText().equals("v1beta1")).findFirst().orElseThrow();
        ObjectNode schema = version.at("/schema/openAPIV3Schema").deepCopy();
        // What every Kubernetes object has besides its spec; the API server checks metadata itself.
        ObjectNode root = (ObjectNode) schema.path("properties");
        root.putObject("apiVersion").put("type", "string");
        root.putObject("kind").put("type", "string");
        root.putObject("metadata").put("type", "object");
        strict(schema);
        ArrayNode flinkVersions = (ArrayNode) schema.at("/properties/spec/properties/flinkVersion/enum");
        Set<String> known = StreamSupport.stream(flinkVersions.spliterator(), false).map(JsonNode::asText).collect(Collectors.toSet());
        assertFalse(known.contains(FLINK_VERSION), "this CRD knows " + FLINK_VERSION + ": stop widening its enum");
        flinkVersions.add(FLINK_VERSION);
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(schema.toString(), InputFormat.JSON);
    }

    /** Every object schema with properties and no x-kubernetes-preserve-unknown-fields takes no others. */
    private static void strict(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.has("properties") && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean()
                    && !object.has("additionalProperties")) {
                object.put("additionalProperties", false);
            }
            object.properties().forEach(e -> strict(e.getValue()));
        } else if (node instanceof ArrayNode array) {
            array.forEach(KubernetesManifestsTest::strict);
        }
    }

    /** Fields a Strimzi or Kubernetes model object kept because it has no place for them, with their paths. */
    static List<String> unknownFields(Object resource) throws Exception {
        List<String> found = new ArrayList<>();
        walk(resource, "", found, new IdentityHashMap<>());
        return found;
    }

    private static void walk(Object value, String path, List<String> found, IdentityHashMap<Object, Boolean> seen) throws Exception {
        if (value == null || seen.put(value, Boolean.TRUE) != null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", found, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                walk(e.getValue(), path + "." + e.getKey(), found, seen);
            }
            return;
        }
        String pkg = value.getClass().getPackageName();
        if (!pkg.startsWith("io.strimzi.") && !pkg.startsWith("io.fabric8.")) {
            return;
        }
        Map<?, ?> additional = value instanceof UnknownPropertyPreserving preserving ? preserving.getAdditionalProperties()
                : additionalPropertiesOf(value);
        if (additional != null) {
            additional.keySet().forEach(k -> found.add(path + "." + k));
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() == 0 && !Modifier.isStatic(getter.getModifiers()) && getter.getName().startsWith("get")
                    && !getter.getName().equals("getAdditionalProperties") && !getter.getName().equals("getClass")) {
                walk(getter.invoke(value), path + "." + getter.getName().substring(3), found, seen);
            }
        }
    }

    private static Map<?, ?> additionalPropertiesOf(Object value) throws Exception {
        try {
            return (Map<?, ?>) value.getClass().getMethod("getAdditionalProperties").invoke(value);
        } catch (NoSuchMethodException none) {
            return null;
        }
    }

    private static JsonNode only(String kind) throws IOException {
        List<JsonNode> found = all().stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
        assertEquals(1, found.size(), "one " + kind);
        return found.get(0);
    }

    /** Every document of every manifest, read once; the tests change only their own deep copies. */
    private static List<JsonNode> docs;

    private static synchronized List<JsonNode> all() throws IOException {
        if (docs == null) {
            docs = List.copyOf(read());
        }
        return docs;
    }

    private static List<JsonNode> read() throws IOException {
        List<JsonNode> found = new ArrayList<>();
        try (var files = Files.list(DIR)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (var parser = YAML.getFactory().createParser(file.toFile())) {
                    YAML.readValues(parser, JsonNode.class).forEachRemaining(doc -> {
                        if (doc != null && !doc.isEmpty()) {
                            found.add(doc);
                        }
                    });
                }
            }
        }
        return found;
    }
}
