package io.spacecaps.speakers.voice;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the parts of Kaldi's binary object format that the Vosk model's i-vector files use:
 * tokens, 32-bit integers, 32/64-bit floats and float or double vectors, matrices and packed
 * symmetric matrices ({@code FV DV FM DM FP DP}). Every value comes back as float or double
 * whatever precision the file stored, since Kaldi itself converts on read.
 */
final class KaldiBinaryReader {

    private final ByteBuffer in;
    private final String name;

    private KaldiBinaryReader(byte[] bytes, String name) throws IOException {
        this.in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        this.name = name;
        if (bytes.length < 2 || bytes[0] != 0 || bytes[1] != 'B') {
            throw new IOException(name + ": not a Kaldi binary file (no \\0B header)");
        }
        in.position(2);
    }

    static KaldiBinaryReader open(Path path) throws IOException {
        return new KaldiBinaryReader(Files.readAllBytes(path), path.toString());
    }

    /** The next space-terminated token, such as {@code <DiagGMM>} or {@code FM}. */
    String token() throws IOException {
        skipSpaces();
        int start = in.position();
        while (in.hasRemaining() && in.get(in.position()) != ' ') {
            in.get();
        }
        if (start == in.position()) {
            throw new IOException(name + ": expected a token at byte " + start);
        }
        String token = new String(in.array(), start, in.position() - start, StandardCharsets.ISO_8859_1);
        if (in.hasRemaining()) {
            in.get();
        }
        return token;
    }

    void expect(String token) throws IOException {
        String got = token();
        if (!got.equals(token)) {
            throw new IOException(name + ": expected " + token + " but found " + got);
        }
    }

    int int32() throws IOException {
        need(5);
        int size = in.get();
        if (size != 4) {
            throw new IOException(name + ": expected a 4-byte integer, size byte is " + size);
        }
        return in.getInt();
    }

    double real() throws IOException {
        need(1);
        int size = in.get();
        if (size == 4) {
            need(4);
            return in.getFloat();
        }
        if (size == 8) {
            need(8);
            return in.getDouble();
        }
        throw new IOException(name + ": expected a 4- or 8-byte real, size byte is " + size);
    }

    double[] vector() throws IOException {
        boolean isDouble = precision(token(), 'V');
        int size = int32();
        return reals(size, isDouble);
    }

    /** Row-major. */
    double[][] matrix() throws IOException {
        boolean isDouble = precision(token(), 'M');
        int rows = int32();
        int cols = int32();
        double[][] m = new double[rows][];
        for (int r = 0; r < rows; r++) {
            m[r] = reals(cols, isDouble);
        }
        return m;
    }

    /** A packed symmetric matrix (lower triangle, row by row), unpacked to a full square. */
    double[][] symmetricMatrix() throws IOException {
        boolean isDouble = precision(token(), 'P');
        int dim = int32();
        double[][] m = new double[dim][dim];
        for (int r = 0; r < dim; r++) {
            double[] row = reals(r + 1, isDouble);
            for (int c = 0; c <= r; c++) {
                m[r][c] = row[c];
                m[c][r] = row[c];
            }
        }
        return m;
    }

    private boolean precision(String token, char kind) throws IOException {
        if (token.length() == 2 && token.charAt(1) == kind && (token.charAt(0) == 'F' || token.charAt(0) == 'D')) {
            return token.charAt(0) == 'D';
        }
        throw new IOException(name + ": expected F" + kind + " or D" + kind + " but found " + token);
    }

    private double[] reals(int count, boolean isDouble) throws IOException {
        if (count < 0) {
            throw new IOException(name + ": negative size " + count);
        }
        need((long) count * (isDouble ? 8 : 4));
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = isDouble ? in.getDouble() : in.getFloat();
        }
        return values;
    }

    private void skipSpaces() {
        while (in.hasRemaining() && in.get(in.position()) == ' ') {
            in.get();
        }
    }

    private void need(long bytes) throws IOException {
        if (in.remaining() < bytes) {
            throw new IOException(name + ": truncated at byte " + in.position());
        }
    }

    /** Kaldi's text form of a matrix, {@code [ a b c \n d e f ]}, as used for global_cmvn.stats. */
    static double[][] textMatrix(Path path) throws IOException {
        String text = Files.readString(path, StandardCharsets.ISO_8859_1).strip();
        if (!text.startsWith("[") || !text.endsWith("]")) {
            throw new IOException(path + ": not a Kaldi text matrix");
        }
        String[] lines = text.substring(1, text.length() - 1).strip().split("\n");
        double[][] m = new double[lines.length][];
        for (int r = 0; r < lines.length; r++) {
            String[] fields = lines[r].strip().split("\\s+");
            m[r] = new double[fields.length];
            for (int c = 0; c < fields.length; c++) {
                m[r][c] = Double.parseDouble(fields[c]);
            }
        }
        return m;
    }
}
