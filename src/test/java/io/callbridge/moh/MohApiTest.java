package io.callbridge.moh;

import static io.callbridge.testing.Api.api;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Music-on-hold classes over the API, against the real Asterisk: an uploaded 44.1 kHz stereo WAV is stored as
 * 8 kHz mono 16-bit, Asterisk knows the class once the API has answered, and deleting takes it away again.
 */
@QuarkusTest
class MohApiTest {

    static final String CLASS = "cbtest-jazz";

    @Inject
    MohConfig config;

    @Test
    void anUploadedWavBecomesAClassAsteriskPlays() throws Exception {
        api().delete("/api/moh/classes/" + CLASS); // left by an earlier run, if any
        api().contentType("audio/wav").body(stereoWav(44_100, 1.0)).put("/api/moh/classes/" + CLASS + "/files/intro")
                .then().statusCode(200).body("name", equalTo(CLASS)).body("files", equalTo(List.of("intro")));

        Path stored = Path.of(config.directory(), CLASS, "intro.wav");
        AudioFormat format = AudioSystem.getAudioFileFormat(stored.toFile()).getFormat();
        assertEquals(8000f, format.getSampleRate());
        assertEquals(1, format.getChannels());
        assertEquals(16, format.getSampleSizeInBits());
        assertEquals(8000, AudioSystem.getAudioFileFormat(stored.toFile()).getFrameLength(), 80);
        api().get("/api/moh/classes").then().statusCode(200).body("classes.name", hasItem(CLASS));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> asteriskClasses().contains("Class: " + CLASS));

        api().contentType("audio/mpeg").body("not audio at all".getBytes(StandardCharsets.UTF_8))
                .put("/api/moh/classes/" + CLASS + "/files/bad").then().statusCode(415);
        api().contentType("audio/wav").body(stereoWav(8000, 0.1)).put("/api/moh/classes/default/files/x").then().statusCode(400);
        api().contentType("audio/wav").body(stereoWav(8000, 0.1)).put("/api/moh/classes/a.b/files/x").then().statusCode(400);

        api().delete("/api/moh/classes/" + CLASS + "/files/intro").then().statusCode(204);
        api().delete("/api/moh/classes/" + CLASS).then().statusCode(204);
        api().delete("/api/moh/classes/" + CLASS).then().statusCode(404);
        api().get("/api/moh/classes").then().body("classes.name", not(hasItem(CLASS)));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !asteriskClasses().contains("Class: " + CLASS));
    }

    /** {@code seconds} of a 440 Hz tone as 16-bit stereo WAV at {@code rate}. */
    static byte[] stereoWav(int rate, double seconds) throws IOException {
        int frames = (int) (rate * seconds);
        byte[] pcm = new byte[frames * 4];
        for (int i = 0; i < frames; i++) {
            short v = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / rate));
            for (int c = 0; c < 2; c++) {
                pcm[i * 4 + c * 2] = (byte) v;
                pcm[i * 4 + c * 2 + 1] = (byte) (v >> 8);
            }
        }
        AudioFormat format = new AudioFormat(rate, 16, 2, true, false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(pcm), format, frames), AudioFileFormat.Type.WAVE, out);
        return out.toByteArray();
    }

    /** What the local stack's Asterisk says of its music-on-hold classes. */
    private static String asteriskClasses() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("chroot", "/var/lib/callbridge-local/asterisk-root", "asterisk", "-rx",
                "moh show classes").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }
}
