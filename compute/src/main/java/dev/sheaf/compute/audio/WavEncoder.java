package dev.sheaf.compute.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Writes samples as a 16-bit PCM WAV file (RIFF, one fmt and one data chunk). */
public final class WavEncoder {
  private WavEncoder() {}

  public static byte[] encode(AudioSamples audio) {
    int dataBytes = audio.samples().length * 2;
    ByteBuffer out = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    out.put(new byte[] {'R', 'I', 'F', 'F'}).putInt(36 + dataBytes);
    out.put(new byte[] {'W', 'A', 'V', 'E', 'f', 'm', 't', ' '}).putInt(16);
    out.putShort((short) 1).putShort((short) audio.channels()).putInt(audio.sampleRate());
    out.putInt(audio.sampleRate() * audio.channels() * 2);
    out.putShort((short) (audio.channels() * 2)).putShort((short) 16);
    out.put(new byte[] {'d', 'a', 't', 'a'}).putInt(dataBytes);
    for (float sample : audio.samples()) {
      float clipped = Math.max(-1f, Math.min(1f, sample));
      out.putShort((short) Math.round(clipped * 32767f));
    }
    return out.array();
  }
}
