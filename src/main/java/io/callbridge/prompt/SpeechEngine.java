package io.callbridge.prompt;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A text-to-speech engine behind {@link PromptMedia#speech}: one implementation per engine (flite today), so
 * another engine (a network service, a neural model) is one more class. Implementations are CDI beans; the one
 * in use is the only bean of this type.
 */
public interface SpeechEngine {

    /**
     * The engine and voice a rendering of {@code voice} and {@code language} uses, as it should appear in a cache
     * key ({@code flite/slt}): two inputs that map to the same id sound the same.
     */
    String voiceId(String voice, String language);

    /**
     * Writes {@code text} spoken in {@code voice} and {@code language} (TwiML's attributes, either may be null) to
     * {@code wav}: a RIFF WAV of 16-bit signed little-endian PCM, mono, at any sample rate. Blocking.
     *
     * @throws IOException when the engine cannot be run, fails (its exit code in the message) or writes nothing
     */
    void render(String text, String voice, String language, Path wav) throws IOException;
}
