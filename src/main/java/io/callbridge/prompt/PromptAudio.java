package io.callbridge.prompt;

import io.callbridge.moh.MohAudio;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.UUID;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Files a rendered WAV under the name Asterisk plays it by. Asterisk's {@code format_wav} reads 16-bit mono PCM WAV
 * at 8 kHz as {@code .wav} and at 16 kHz as {@code .wav16}; such files are kept as they are (16 kHz speech stays
 * wideband for a G.722 caller), anything else is converted to 8 kHz {@code .wav}.
 */
final class PromptAudio {

    /** The extensions a cached prompt may have, Asterisk's format names. */
    static final List<String> EXTENSIONS = List.of("wav16", "wav");

    private PromptAudio() {
    }

    /** Moves (or converts) {@code wav} to {@code dir/key.wav16} or {@code dir/key.wav}; returns {@code key}. */
    static String store(Path wav, Path dir, String key) throws IOException {
        String ext = "wav";
        try {
            AudioFormat f = AudioSystem.getAudioFileFormat(wav.toFile()).getFormat();
            boolean plain = AudioFileFormat.Type.WAVE.equals(AudioSystem.getAudioFileFormat(wav.toFile()).getType())
                    && f.getEncoding().equals(AudioFormat.Encoding.PCM_SIGNED) && f.getSampleSizeInBits() == 16
                    && f.getChannels() == 1 && !f.isBigEndian();
            Path target;
            if (plain && f.getSampleRate() == 16000f) {
                ext = "wav16";
                target = wav;
            } else if (plain && f.getSampleRate() == 8000f) {
                target = wav;
            } else {
                target = dir.resolve(key + ".tmp-" + UUID.randomUUID() + ".wav");
                MohAudio.convert(Files.readAllBytes(wav), target);
            }
            Files.move(target, dir.resolve(key + "." + ext), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            return key;
        } catch (UnsupportedAudioFileException e) {
            throw new IOException("the speech engine wrote audio that cannot be read: " + e.getMessage(), e);
        }
    }
}
