package io.spacecaps.cli;

import io.spacecaps.clients.KafkaClientSettings;
import io.spacecaps.clients.KafkaReachability;
import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.kafka.Topics;

import java.util.List;
import java.util.Set;

/** Before a command uses a cluster it was pointed at: wait, visibly, until Kafka answers. */
final class KafkaWait {

    private KafkaWait() {
    }

    static Set<String> until(SpacecapsConfig config, Console console) throws InterruptedException {
        return until(KafkaClientSettings.of(config), console);
    }

    /** @return the cluster's topics */
    static Set<String> until(KafkaClientSettings kafka, Console console) throws InterruptedException {
        return KafkaReachability.await(kafka, console::warning);
    }

    /** Fails, naming them, when topics a command reads are not on the cluster. */
    static void requireTopics(Set<String> existing, List<Topics> needed, KafkaClientSettings kafka) {
        List<String> missing = needed.stream().map(Topics::topicName).filter(t -> !existing.contains(t)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Kafka at " + kafka.bootstrapServers() + " has no topic " + String.join(", ", missing)
                    + "; is it the pipeline's cluster? ('spacecaps broker' and 'spacecaps job' create the topics)");
        }
    }
}
