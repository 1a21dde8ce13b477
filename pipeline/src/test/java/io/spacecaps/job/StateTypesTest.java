package io.spacecaps.job;

import io.spacecaps.asr.FedAudio;
import io.spacecaps.format.SentenceState;
import io.spacecaps.format.SpaceVocabulary;
import io.spacecaps.asr.RecognizerState;
import io.spacecaps.ingest.TrackChunk;
import io.spacecaps.kafka.RawRecord;
import io.spacecaps.stats.KeywordBucket;
import io.spacecaps.stats.LatencyHistogram;
import io.spacecaps.stats.RoomSignal;
import io.spacecaps.stats.SpaceTally;
import io.spacecaps.stats.SpeakerTally;
import io.spacecaps.spaces.KnownSpace;
import io.spacecaps.speakers.RosterEntry;
import io.spacecaps.speakers.voice.OnlineSpeakerClusterer;
import io.spacecaps.speakers.voice.VoiceSpan;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.apache.flink.types.PojoTestUtils.assertSerializedAsPojoWithoutKryo;

/** Every type the job keeps in state or sends between operators is a Flink POJO: no Kryo, evolvable. */
class StateTypesTest {

    @ParameterizedTest
    @ValueSource(classes = {RawRecord.class, TrackChunk.class, RecognizerState.class, FedAudio.class, KnownSpace.class,
            RosterEntry.class, VoiceSpan.class, OnlineSpeakerClusterer.State.class, SpaceVocabulary.class, SentenceState.class,
            SpaceTally.class, SpeakerTally.class, KeywordBucket.class, LatencyHistogram.class, RoomSignal.class})
    void isAPojoWithoutKryo(Class<?> type) {
        assertSerializedAsPojoWithoutKryo(type);
    }
}
