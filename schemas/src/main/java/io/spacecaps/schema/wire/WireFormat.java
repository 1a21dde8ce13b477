package io.spacecaps.schema.wire;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The wire format of every Spacecaps topic: Avro single-object encoding (two marker bytes, the
 * writer schema's 64-bit fingerprint, then the binary record). Decoding resolves any writer schema
 * the decoder knows: the current one and every older version listed in the schema history
 * ({@code schemas/src/main/avro-history}), so a consumer upgraded first still reads what older
 * producers write.
 *
 * <p>Instances are thread-safe for encoding; decoding reuses no record objects.
 */
public final class WireFormat<T extends SpecificRecord> {

    private static final String HISTORY = "io/spacecaps/schema/history/";

    private final Class<T> type;
    private final Schema schema;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    private WireFormat(Class<T> type) {
        this.type = type;
        SpecificData model = SpecificData.getForClass(type);
        this.schema = model.getSchema(type);
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema);
        for (Schema older : historyOf(schema.getFullName())) {
            decoder.addSchema(older);
        }
    }

    public static <T extends SpecificRecord> WireFormat<T> of(Class<T> type) {
        return new WireFormat<>(type);
    }

    public Class<T> type() {
        return type;
    }

    public Schema schema() {
        return schema;
    }

    /** Lets this decoder read records written with {@code writerSchema} (a compatible older or newer version). */
    public WireFormat<T> withWriterSchema(Schema writerSchema) {
        decoder.addSchema(writerSchema);
        return this;
    }

    public byte[] encode(T record) {
        try {
            ByteBuffer buffer = encoder.encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + type.getSimpleName(), e);
        }
    }

    /**
     * Decodes one message, or throws {@link WireFormatException} saying why it cannot: never another
     * exception, whatever the bytes are.
     */
    public T decode(byte[] bytes) throws WireFormatException {
        if (bytes == null || bytes.length == 0) {
            throw new WireFormatException(WireFormatException.Reason.EMPTY, "empty message: no Avro single-object header");
        }
        try {
            return decoder.decode(bytes);
        } catch (BadHeaderException e) {
            throw new WireFormatException(WireFormatException.Reason.NOT_SINGLE_OBJECT,
                    "not an Avro single-object message (" + e.getMessage() + ")");
        } catch (MissingSchemaException e) {
            throw new WireFormatException(WireFormatException.Reason.UNKNOWN_SCHEMA,
                    "written with a schema this reader does not know (" + e.getMessage()
                            + "); add it to schemas/src/main/avro-history");
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException
                 | ClassCastException | OutOfMemoryError e) {
            // Truncated or corrupt bodies surface as any of these, depending on where the bytes run out.
            // A corrupt length prefix can ask for one huge array: that allocation fails alone and
            // leaves the heap as it was, so it is reported like any other corrupt body.
            throw new WireFormatException(WireFormatException.Reason.MALFORMED,
                    "malformed " + type.getSimpleName() + " body: " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    private static List<Schema> historyOf(String fullName) {
        List<Schema> found = new ArrayList<>();
        ClassLoader loader = WireFormat.class.getClassLoader();
        try (InputStream index = loader.getResourceAsStream(HISTORY + "index.txt")) {
            if (index == null) {
                return found;
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(index, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String file = line.strip();
                if (file.isEmpty() || file.startsWith("#")) {
                    continue;
                }
                try (InputStream in = loader.getResourceAsStream(HISTORY + file)) {
                    if (in == null) {
                        throw new IllegalStateException("schema history lists " + file + " but it is missing");
                    }
                    Schema older = new Schema.Parser().parse(in);
                    if (older.getFullName().equals(fullName)) {
                        found.add(older);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the schema history", e);
        }
        return found;
    }
}
