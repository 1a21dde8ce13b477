package io.spacecaps.speakers.voice;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Kaldi's binary format written by hand, the way Kaldi's Write methods lay it out. */
class KaldiBinaryReaderTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private KaldiBinaryReaderTest token(String token) {
        bytes.writeBytes((token + " ").getBytes(StandardCharsets.ISO_8859_1));
        return this;
    }

    private KaldiBinaryReaderTest int32(int value) {
        bytes.write(4);
        bytes.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array());
        return this;
    }

    private KaldiBinaryReaderTest floats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        bytes.writeBytes(b.array());
        return this;
    }

    private KaldiBinaryReaderTest doubles(double... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            b.putDouble(v);
        }
        bytes.writeBytes(b.array());
        return this;
    }

    private Path write(Path dir) throws IOException {
        Path file = dir.resolve("object.bin");
        byte[] body = bytes.toByteArray();
        byte[] all = new byte[body.length + 2];
        all[1] = 'B';
        System.arraycopy(body, 0, all, 2, body.length);
        Files.write(file, all);
        return file;
    }

    @Test
    void readsTokensVectorsMatricesAndPackedMatrices(@TempDir Path dir) throws IOException {
        token("<Thing>").token("FV").int32(3).floats(1, 2, 3)
                .token("DM").int32(2).int32(2).doubles(1, 2, 3, 4)
                .token("DP").int32(2).doubles(5, 6, 7)
                .token("<Count>").int32(512)
                .token("<Offset>");
        bytes.write(8);
        doubles(21.5).token("</Thing>");

        KaldiBinaryReader in = KaldiBinaryReader.open(write(dir));

        in.expect("<Thing>");
        assertArrayEquals(new double[]{1, 2, 3}, in.vector());
        assertArrayEquals(new double[][]{{1, 2}, {3, 4}}, in.matrix());
        assertArrayEquals(new double[][]{{5, 6}, {6, 7}}, in.symmetricMatrix());
        in.expect("<Count>");
        assertEquals(512, in.int32());
        in.expect("<Offset>");
        assertEquals(21.5, in.real());
        assertEquals("</Thing>", in.token());
    }

    @Test
    void namesTheFileAndTheProblem(@TempDir Path dir) throws IOException {
        token("FM").int32(2).int32(3).floats(1, 2);
        Path file = write(dir);

        IOException e = assertThrows(IOException.class, () -> KaldiBinaryReader.open(file).matrix());

        assertTrue(e.getMessage().contains("object.bin") && e.getMessage().contains("truncated"), e.getMessage());
        Path text = dir.resolve("text.mat");
        Files.writeString(text, "hello");
        assertThrows(IOException.class, () -> KaldiBinaryReader.open(text));
    }

    @Test
    void readsKaldiTextMatrices(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("cmvn.stats");
        Files.writeString(file, " [\n  1.5 -2 3e+2 \n  4 5 6 ]\n");

        assertArrayEquals(new double[][]{{1.5, -2, 300}, {4, 5, 6}}, KaldiBinaryReader.textMatrix(file));
    }
}
