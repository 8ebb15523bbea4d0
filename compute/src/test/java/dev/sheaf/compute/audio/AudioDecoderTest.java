package dev.sheaf.compute.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.compute.ffmpeg.PathSource;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import dev.sheaf.testing.media.TestMedia;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Audio metadata, decoding, resampling and segments on sine waves FFmpeg encodes for the test. */
class AudioDecoderTest {
  @TempDir static Path folder;
  static PathSource wav;
  static PathSource mp3;
  static PathSource aac;

  @BeforeAll
  static void writeAudio() throws IOException {
    wav = source(TestMedia.audio(folder.resolve("tone.wav"), "pcm_s16le", 44100, 2, 3, 440));
    mp3 = source(TestMedia.audio(folder.resolve("tone.mp3"), "libmp3lame", 44100, 1, 3, 440));
    aac = source(TestMedia.audio(folder.resolve("tone.m4a"), "aac", 48000, 1, 3, 440));
  }

  private static PathSource source(Path path) {
    return new PathSource("file://" + path, path);
  }

  @Test
  void metadata() throws IOException {
    assertEquals(new AudioInfo(3.0, 44100, 2, "pcm_s16le"), AudioProbe.probe(wav));
    AudioInfo mp3Info = AudioProbe.probe(mp3);
    assertEquals("mp3", mp3Info.codec());
    assertEquals(44100, mp3Info.sampleRate());
    assertEquals(1, mp3Info.channels());
    assertEquals(3.0, mp3Info.duration(), 0.06);
    AudioInfo aacInfo = AudioProbe.probe(aac);
    assertEquals("aac", aacInfo.codec());
    assertEquals(48000, aacInfo.sampleRate());
    assertEquals(
        "{\"duration\":3.0,\"sample_rate\":44100,\"channels\":2,\"codec\":\"pcm_s16le\"}",
        AudioProbe.probe(wav).toJson());
  }

  @Test
  void decodesToMonoAtARate() throws IOException {
    for (PathSource source : new PathSource[] {wav, mp3, aac}) {
      AudioSamples mono = AudioDecoder.decode(source, 16000, 1, 0, Double.POSITIVE_INFINITY);
      assertEquals(16000, mono.sampleRate());
      assertEquals(1, mono.channels());
      assertEquals(48000, mono.frames(), 1200, source.uri());
      assertEquals(440, frequency(mono, 8000, 40000), 2, source.uri());
      assertEquals(0.5, peak(mono, 8000, 40000), 0.05, source.uri()); // MP3 and AAC are lossy
    }
    // WAV is exact: 3 s at 16 kHz
    assertEquals(48000, AudioDecoder.decode(wav, 16000, 1, 0, Double.POSITIVE_INFINITY).frames());
  }

  @Test
  void segmentsSeekAndCutExactly() throws IOException {
    AudioSamples whole = AudioDecoder.decode(wav, 0, 0, 0, Double.POSITIVE_INFINITY);
    assertEquals(44100 * 3, whole.frames());
    assertEquals(2, whole.channels());
    AudioSamples part = AudioDecoder.decode(wav, 0, 0, 1.0, 1.5);
    assertEquals(22050, part.frames());
    for (int i = 0; i < part.samples().length; i++) {
      assertEquals(whole.samples()[44100 * 2 + i], part.samples()[i], 1e-6, "sample " + i);
    }
    AudioSamples tail = AudioDecoder.decode(mp3, 16000, 1, 2.5, 10);
    assertEquals(8000, tail.frames(), 600);
    byte[] wavBytes = WavEncoder.encode(part);
    assertEquals(44 + 22050 * 2 * 2, wavBytes.length);
    Path written = Files.write(folder.resolve("part.wav"), wavBytes);
    assertEquals(new AudioInfo(0.5, 44100, 2, "pcm_s16le"), AudioProbe.probe(source(written)));
  }

  @Test
  void emptyAudioIsAFormatError() throws IOException {
    Path empty = Files.write(folder.resolve("empty.wav"), new byte[0]);
    SheafException none =
        assertThrows(
            SheafException.class, () -> AudioDecoder.decode(source(empty), 16000, 1, 0, 1));
    assertEquals(ErrorCode.MEDIA_FORMAT_ERROR, none.code());
    assertTrue(none.getMessage().contains("empty (0 bytes"), none.getMessage());
    Path silent =
        Files.write(
            folder.resolve("header-only.wav"),
            WavEncoder.encode(new AudioSamples(16000, 1, new float[0])));
    SheafException noSamples =
        assertThrows(
            SheafException.class,
            () -> AudioDecoder.decode(source(silent), 16000, 1, 0, Double.POSITIVE_INFINITY));
    assertEquals(ErrorCode.MEDIA_FORMAT_ERROR, noSamples.code());
    assertTrue(noSamples.getMessage().contains("no audio samples"), noSamples.getMessage());
    byte[] odd = WavEncoder.encode(new AudioSamples(16000, 1, new float[1600]));
    odd[20] = 0x34; // the WAV format tag: 0x1234, no codec FFmpeg knows
    odd[21] = 0x12;
    Path unknown = Files.write(folder.resolve("odd-codec.wav"), odd);
    SheafException codec =
        assertThrows(SheafException.class, () -> AudioProbe.probe(source(unknown)));
    assertEquals(ErrorCode.MEDIA_FORMAT_ERROR, codec.code());
    assertTrue(
        codec.getMessage().contains("its codec (tag 0x1234) is unknown")
            && codec.getMessage().contains("re-encode it, e.g. to AAC or WAV"),
        codec.getMessage());
    SheafException late =
        assertThrows(SheafException.class, () -> AudioDecoder.decode(wav, 0, 0, 5, 6));
    assertEquals(ErrorCode.MEDIA_FORMAT_ERROR, late.code());
    assertEquals(
        ErrorCode.INVALID_ARGUMENT,
        assertThrows(SheafException.class, () -> AudioDecoder.decode(wav, -1, 1, 0, 1)).code());
  }

  private static double frequency(AudioSamples mono, int from, int to) {
    int crossings = 0;
    float[] s = mono.samples();
    for (int i = from + 1; i < to; i++) {
      if (s[i - 1] < 0 && s[i] >= 0) {
        crossings++;
      }
    }
    return crossings * mono.sampleRate() / (double) (to - from);
  }

  private static double peak(AudioSamples mono, int from, int to) {
    double peak = 0;
    for (int i = from; i < to; i++) {
      peak = Math.max(peak, Math.abs(mono.samples()[i]));
    }
    return peak;
  }
}
