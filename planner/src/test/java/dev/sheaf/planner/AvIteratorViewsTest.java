package dev.sheaf.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.compute.ffmpeg.PathSource;
import dev.sheaf.compute.video.VideoFrames;
import dev.sheaf.testing.media.TestMedia;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Iterator views over video and audio: video_frames and audio_segments end to end in SQL. */
class AvIteratorViewsTest extends EngineTestCase {
  private Path media(String name) throws IOException {
    return Files.createDirectories(directory.resolve("media")).resolve(name);
  }

  @Test
  void framesFollowTheVideosOfTheBase() throws IOException {
    Path clip = TestMedia.video(media("clip.mp4"), TestMedia.VideoSpec.h264(320, 240, 25, 75, 25));
    Path longer =
        TestMedia.video(media("longer.mp4"), TestMedia.VideoSpec.h264(320, 240, 25, 125, 25));
    byte[] whole = Files.readAllBytes(clip);
    Path cut = Files.write(media("cut.mp4"), Arrays.copyOf(whole, whole.length / 2));
    update("CREATE TABLE videos (id INTEGER, v VIDEO)");
    update("INSERT INTO videos VALUES (1, '" + clip.toUri() + "'), (2, '" + cut.toUri() + "')");
    update("CREATE VIEW frames AS SELECT * FROM TABLE(video_frames(TABLE videos, fps => 1))");
    assertThat(
            query(
                "SELECT id, pos, frame_time FROM frames WHERE iterator_error IS NULL ORDER BY id, pos"))
        .containsExactly(List.of(1, 0, 0.0), List.of(1, 1, 1.0), List.of(1, 2, 2.0));
    // the truncated video is one error row, not a failed insert
    assertThat(query("SELECT id FROM frames WHERE iterator_error LIKE 'MEDIA_FORMAT_ERROR%'"))
        .containsExactly(List.of(2));
    // the payload is the frame shown at frame_time, computed when read
    // (QueryRows shows bytes as Arrays.toString)
    Object frame = query("SELECT frame FROM frames WHERE id = 1 AND pos = 2").get(0).get(0);
    assertThat(frame)
        .isEqualTo(Arrays.toString(VideoFrames.extract(new PathSource("clip", clip), 2.0)));
    update("INSERT INTO videos VALUES (3, '" + longer.toUri() + "')");
    assertThat(query("SELECT count(*) FROM frames WHERE id = 3")).containsExactly(List.of(5L));
    update("DELETE FROM videos WHERE id = 1");
    assertThat(query("SELECT count(*) FROM frames WHERE id = 1")).containsExactly(List.of(0L));
  }

  @Test
  void segmentsOfRecordings() throws IOException {
    Path talk = TestMedia.audio(media("talk.wav"), "pcm_s16le", 16000, 1, 25, 300);
    update("CREATE TABLE talks (id INTEGER, a AUDIO)");
    update("INSERT INTO talks VALUES (1, '" + talk.toUri() + "')");
    update(
        "CREATE VIEW segments AS SELECT * FROM TABLE(audio_segments(TABLE talks, duration => 10,"
            + " overlap => 1))");
    assertThat(query("SELECT pos, start_time, end_time FROM segments ORDER BY pos"))
        .containsExactly(List.of(0, 0.0, 10.0), List.of(1, 9.0, 19.0), List.of(2, 18.0, 25.0));
    assertThat(query("SELECT octet_length(segment) FROM segments WHERE pos = 2"))
        .containsExactly(List.of(44 + 7 * 16000 * 2));
  }
}
