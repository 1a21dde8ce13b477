package io.spacecaps.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavFileTest {

    @Test
    void reads16BitMono() throws IOException {
        PcmAudio audio = read(WavBytes.pcm16(1, 16_000, (short) 0, (short) 1, (short) -1, Short.MAX_VALUE, Short.MIN_VALUE));

        assertEquals(16_000, audio.sampleRate());
        assertArrayEquals(new short[] {0, 1, -1, 32767, -32768}, audio.samples());
    }

    @Test
    void averagesStereoToMonoRoundingHalvesUp() throws IOException {
        PcmAudio audio = read(WavBytes.pcm16(2, 44_100,
                (short) 100, (short) 300,
                (short) 1, (short) 2,
                (short) -1, (short) -2,
                Short.MAX_VALUE, Short.MAX_VALUE));

        assertEquals(44_100, audio.sampleRate());
        assertArrayEquals(new short[] {200, 2, -1, 32767}, audio.samples());
    }

    @Test
    void averagesAnyChannelCount() throws IOException {
        PcmAudio audio = read(WavBytes.pcm16(3, 8000, (short) 3, (short) 6, (short) 9, (short) -30, (short) 0, (short) 0));

        assertArrayEquals(new short[] {6, -10}, audio.samples());
    }

    @Test
    void reads8BitUnsigned() throws IOException {
        byte[] wav = WavBytes.riffWave().fmt(1, 1, 8000, 8)
                .chunk("data", new byte[] {(byte) 128, (byte) 255, 0, (byte) 129}).toByteArray();

        assertArrayEquals(new short[] {0, 32512, -32768, 256}, read(wav).samples());
    }

    @Test
    void reads24BitRounding() throws IOException {
        WavBytes data = new WavBytes().u24(0x7FFFFF).u24(0x800000).u24(0x000180).u24(0xFFFE80).u24(0x000100);
        byte[] wav = WavBytes.riffWave().fmt(1, 1, 48_000, 24).chunk("data", data.toByteArray()).toByteArray();

        // 0x180 / 256 = 1.5 rounds up to 2; -0x180 / 256 = -1.5 rounds up to -1.
        assertArrayEquals(new short[] {32767, -32768, 2, -1, 1}, read(wav).samples());
    }

    @Test
    void reads32BitInteger() throws IOException {
        WavBytes data = new WavBytes().u32(0x7FFFFFFFL).u32(0x80000000L).u32(0x00010000L).u32(0xFFFF0000L);
        byte[] wav = WavBytes.riffWave().fmt(1, 1, 96_000, 32).chunk("data", data.toByteArray()).toByteArray();

        assertArrayEquals(new short[] {32767, -32768, 1, -1}, read(wav).samples());
    }

    @Test
    void readsFloat32ClippingOutOfRangeValues() throws IOException {
        WavBytes data = new WavBytes().f32(0f).f32(0.5f).f32(-1f).f32(1f).f32(2.5f).f32(-0.25f);
        byte[] wav = WavBytes.riffWave().fmt(3, 1, 22_050, 32).chunk("data", data.toByteArray()).toByteArray();

        PcmAudio audio = read(wav);

        assertEquals(22_050, audio.sampleRate());
        assertArrayEquals(new short[] {0, 16384, -32768, 32767, 32767, -8192}, audio.samples());
    }

    @Test
    void readsFloat64Stereo() throws IOException {
        WavBytes data = new WavBytes().f64(0.5).f64(0.25).f64(-0.5).f64(-0.5);
        byte[] wav = WavBytes.riffWave().fmt(3, 2, 48_000, 64).chunk("data", data.toByteArray()).toByteArray();

        assertArrayEquals(new short[] {12288, -16384}, read(wav).samples());
    }

    @Test
    void readsWaveFormatExtensible() throws IOException {
        WavBytes pcmData = new WavBytes().u16(1000).u16(3000);
        byte[] pcm = WavBytes.riffWave().extensibleFmt(1, 2, 48_000, 16)
                .chunk("data", pcmData.toByteArray()).toByteArray();
        WavBytes floatData = new WavBytes().f32(0.5f);
        byte[] ieee = WavBytes.riffWave().extensibleFmt(3, 1, 48_000, 32)
                .chunk("data", floatData.toByteArray()).toByteArray();

        assertArrayEquals(new short[] {2000}, read(pcm).samples());
        assertArrayEquals(new short[] {16384}, read(ieee).samples());
    }

    @Test
    void skipsListAndOtherChunksIncludingOddSizedOnes() throws IOException {
        byte[] wav = WavBytes.riffWave()
                .chunk("LIST", "INFOISFT\u0005\u0000\u0000\u0000Lavf\u0000".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))
                .chunk("odd ", new byte[] {1, 2, 3})
                .fmt(1, 1, 16_000, 16)
                .chunk("fact", new byte[] {4, 0, 0, 0})
                .chunk("data", new WavBytes().u16(7).u16(-7).toByteArray())
                .chunk("id3 ", new byte[] {9, 9})
                .toByteArray();

        assertArrayEquals(new short[] {7, -7}, read(wav).samples());
    }

    @Test
    void toleratesAnOddChunkWithoutItsPadByte() throws IOException {
        byte[] wav = WavBytes.riffWave()
                .chunkHeader("junk", 3).raw(1, 2, 3)
                .fmt(1, 1, 16_000, 16)
                .chunk("data", new WavBytes().u16(42).toByteArray())
                .toByteArray();

        assertArrayEquals(new short[] {42}, read(wav).samples());
    }

    @Test
    void readsStreamedWavWhoseDataSizeIsUnknown() throws IOException {
        byte[] wav = WavBytes.riffWave().fmt(1, 1, 16_000, 16)
                .chunkHeader("data", 0xFFFFFFFFL).u16(5).u16(6).u16(7).raw(1)
                .toByteArray();

        assertArrayEquals(new short[] {5, 6, 7}, read(wav).samples(), "the trailing half frame is dropped");
    }

    @Test
    void ignoresAHalfFrameAtTheEndOfTheDataChunk() throws IOException {
        byte[] wav = WavBytes.riffWave().fmt(1, 2, 16_000, 16)
                .chunk("data", new WavBytes().u16(10).u16(20).u16(30).toByteArray())
                .toByteArray();

        assertArrayEquals(new short[] {15}, read(wav).samples());
    }

    @Test
    void explainsCompressedFormats() {
        byte[] mp3 = WavBytes.riffWave().fmt(0x55, 2, 44_100, 0).chunk("data", new byte[4]).toByteArray();
        byte[] mulaw = WavBytes.riffWave().fmt(7, 1, 8000, 8).chunk("data", new byte[4]).toByteArray();
        byte[] odd = WavBytes.riffWave().fmt(0x1234, 1, 8000, 8).chunk("data", new byte[4]).toByteArray();

        assertEquals("input.wav: WAV format 0x0055 (MP3) is not supported; convert to PCM WAV first", failure(mp3));
        assertEquals("input.wav: WAV format 0x0007 (mu-law) is not supported; convert to PCM WAV first", failure(mulaw));
        assertEquals("input.wav: WAV format 0x1234 is not supported; convert to PCM WAV first", failure(odd));
    }

    @Test
    void explainsInputThatIsNotWav() {
        assertEquals("input.wav: not a WAV file (no RIFF/WAVE header)", failure("ID3\u0004 mp3 data".getBytes()));
        assertEquals("input.wav: not a WAV file (no RIFF/WAVE header)", failure(new byte[0]));
        assertEquals("input.wav: not a WAV file (no RIFF/WAVE header)",
                failure(new WavBytes().ascii("RIFF").u32(4).ascii("AVI ").toByteArray()));
        assertEquals("input.wav: big-endian (RIFX) WAV is not supported; convert to PCM WAV first",
                failure(new WavBytes().ascii("RIFX").u32(4).ascii("WAVE").toByteArray()));
    }

    @Test
    void explainsTruncatedFiles() {
        byte[] complete = WavBytes.pcm16(1, 16_000, (short) 1, (short) 2, (short) 3, (short) 4);

        assertEquals("input.wav: truncated WAV file: no fmt chunk before the end",
                failure(Arrays.copyOf(complete, 12)));
        assertEquals("input.wav: truncated WAV file: fmt chunk cut short", failure(Arrays.copyOf(complete, 30)));
        assertEquals("input.wav: truncated WAV file: no data chunk before the end",
                failure(Arrays.copyOf(complete, 40)));
        assertEquals("input.wav: truncated WAV file: data chunk declares 8 bytes but only 5 are present",
                failure(Arrays.copyOf(complete, 49)));
        assertEquals("input.wav: truncated WAV file: 'LIST' chunk cut short and no data chunk found",
                failure(WavBytes.riffWave().chunkHeader("LIST", 100).raw(1, 2).toByteArray()));
    }

    @Test
    void aDataChunkCutShortCarriesTheWholeFramesBeforeTheCut() {
        byte[] complete = WavBytes.pcm16(2, 16_000, (short) 100, (short) 300, (short) -50, (short) -150, (short) 7, (short) 9);

        // Two whole stereo frames and half of the third: the half is not a sample.
        TruncatedWavException cut = assertThrows(TruncatedWavException.class, () -> read(Arrays.copyOf(complete, 44 + 10)));

        assertEquals("input.wav: truncated WAV file: data chunk declares 12 bytes but only 10 are present", cut.getMessage());
        assertArrayEquals(new short[] {200, -100}, cut.present().samples());
        assertEquals(16_000, cut.present().sampleRate());
        // Cut before the first whole frame, there is nothing to carry: a plain refusal.
        IOException nothing = assertThrows(IOException.class, () -> read(Arrays.copyOf(complete, 44 + 3)));
        assertFalse(nothing instanceof TruncatedWavException, nothing.getMessage());
    }

    @Test
    void explainsEmptyAndNonsensicalHeaders() {
        assertEquals("input.wav: WAV data chunk holds no audio",
                failure(WavBytes.riffWave().fmt(1, 1, 16_000, 16).chunk("data", new byte[0]).toByteArray()));
        assertEquals("input.wav: WAV data chunk holds no audio", failure(WavBytes.riffWave().fmt(1, 1, 16_000, 16)
                .chunk("data", new byte[0]).chunk("LIST", new byte[8]).toByteArray()));
        assertEquals("input.wav: WAV data chunk holds no audio", failure(WavBytes.riffWave().fmt(1, 1, 16_000, 16)
                .chunk("data", new byte[1]).toByteArray()));
        assertEquals("input.wav: WAV header declares 0 channels",
                failure(WavBytes.riffWave().fmt(1, 0, 16_000, 16).chunk("data", new byte[2]).toByteArray()));
        assertEquals("input.wav: WAV header declares an invalid sample rate of 0 Hz",
                failure(WavBytes.riffWave().fmt(1, 1, 0, 16).chunk("data", new byte[2]).toByteArray()));
        assertEquals("input.wav: data chunk comes before the fmt chunk; cannot tell its format",
                failure(WavBytes.riffWave().chunk("data", new byte[2]).fmt(1, 1, 16_000, 16).toByteArray()));
        assertEquals("input.wav: 16-bit float PCM is not supported; use 32 or 64 bits",
                failure(WavBytes.riffWave().fmt(3, 1, 16_000, 16).chunk("data", new byte[2]).toByteArray()));
        assertEquals("input.wav: 48-bit integer PCM is not supported; use 8, 16, 24 or 32 bits",
                failure(WavBytes.riffWave().fmt(1, 1, 16_000, 48).chunk("data", new byte[6]).toByteArray()));
    }

    @Test
    void writesCanonical16BitMonoThatReadsBack(@TempDir Path directory) throws IOException {
        PcmAudio audio = new PcmAudio(new short[] {0, 1, -1, 32767, -32768}, 16_000);
        Path file = directory.resolve("out.wav");

        WavFile.write(file, audio);

        byte[] expected = WavBytes.riffWave().fmt(1, 1, 16_000, 16)
                .chunk("data", audio.toLittleEndianBytes()).toByteArray();
        expected[4] = 46; // RIFF size: 36 + 10 data bytes
        assertArrayEquals(expected, Files.readAllBytes(file));
        assertEquals(audio, WavFile.read(file));
    }

    @Test
    void namesTheFileInErrors(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("talk.mp3");
        Files.write(file, new byte[] {'I', 'D', '3'});

        IOException error = assertThrows(IOException.class, () -> WavFile.read(file));

        assertEquals(file + ": not a WAV file (no RIFF/WAVE header)", error.getMessage());
    }

    @Test
    void writingToAStreamLeavesItOpen() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        WavFile.write(out, new PcmAudio(new short[] {3}, 8000));
        out.write(99);

        assertEquals(44 + 2 + 1, out.size());
    }

    private static PcmAudio read(byte[] wav) throws IOException {
        return WavFile.read(new ByteArrayInputStream(wav), "input.wav");
    }

    @Test
    void aHeaderThatClaimsGigabytesIsNotBelieved() {
        // 3 KB of file whose data chunk claims 2 GB: read as far as it goes, never allocated from the claim
        // (the tests run with a 2 GB heap, so believing it would end them with an OutOfMemoryError).
        byte[] claim = WavBytes.riffWave().fmt(1, 1, 16_000, 16).chunkHeader("data", 0x7FFF_0000L)
                .raw(new byte[3000]).toByteArray();
        assertEquals("input.wav: truncated WAV file: data chunk declares 2147418112 bytes but only 3000 are present",
                failure(claim));
    }

    @Test
    void absurdChannelCountsAreRefusedInOneLine() {
        byte[] wav = WavBytes.riffWave().fmt(1, 65_535, 16_000, 16).chunkHeader("data", 8).raw(new byte[8]).toByteArray();
        assertEquals("input.wav: WAV header declares 65535 channels; at most 64 are read", failure(wav));
    }

    private static String failure(byte[] wav) {
        return assertThrows(IOException.class, () -> read(wav)).getMessage();
    }
}
