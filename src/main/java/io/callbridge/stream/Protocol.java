package io.callbridge.stream;

import java.util.Locale;

/** The wire protocol spoken to an agent. */
public enum Protocol {
    /** Twilio Media Streams JSON, mu-law 8 kHz (../docs/agents.md). */
    TWILIO,
    /** A JSON metadata frame, then binary 16-bit little-endian PCM both ways. */
    RAW;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Protocol fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
