package io.callbridge.prompt;

/**
 * Turns what a TwiML {@code <Say>} or {@code <Play>} names into audio Asterisk can play, as an ARI media URI
 * ({@code sound:…} for a file in Asterisk's reach; ARI "Channels.play", media parameter). Rendering and
 * fetching happen once per distinct input and are cached; a call waits only the first time.
 */
public interface PromptMedia {

    /**
     * Speech for {@code text} (UTF-8, at most a few thousand characters) in {@code voice} and {@code language}
     * (TwiML's {@code voice} and {@code language} attributes; either may be null for the default). Blocking:
     * call it off the call's executor. Throws {@link PromptException} when the text cannot be rendered.
     */
    String speech(String text, String voice, String language);

    /**
     * The audio at {@code url} (http or https; WAV or MP3, as Twilio's {@code <Play>} accepts) converted for
     * Asterisk; {@code sound:NAME} (one of Asterisk's own sounds, e.g. {@code sound:beep}) is returned as it is. Blocking: call it off the call's executor. Throws {@link PromptException} for an unreachable URL,
     * an HTTP error, or audio that cannot be decoded.
     */
    String audio(String url);

    /** A prompt that could not be produced; the message says why (HTTP status, decoder error, engine exit code). */
    class PromptException extends RuntimeException {
        public PromptException(String message) {
            super(message);
        }

        public PromptException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
