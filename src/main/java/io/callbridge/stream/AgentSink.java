package io.callbridge.stream;

/**
 * Where an {@link AgentProtocol} delivers what the agent sent, already decoded. Audio is in the call's RTP
 * payload format: mu-law for twilio, big-endian 16-bit PCM for raw.
 */
public interface AgentSink {

    void audio(byte[] payload);

    void mark(String name);

    /** Barge-in: drop the queued audio. */
    void clear();

    /** The agent asks to send DTMF digits to the caller. */
    void dtmf(String digits);

    /** Input that was not understood; the stream goes on. {@code kind} is low-cardinality (metric tag). */
    void malformed(String kind, String detail);

    /** Input that was understood and deliberately left alone: worth one INFO line (the stream adds the call's id). */
    default void ignored(String what) {
        org.jboss.logging.Logger.getLogger(AgentSink.class).info(what);
    }
}
