package io.callbridge.fork;

import io.callbridge.ari.AriRecordings.Spy;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which of the call's audio a stream fork carries, as TwiML's {@code <Stream track>} and the REST API's
 * {@code Track} name it: what the caller says ({@code inbound_track}, the default), what the caller hears
 * ({@code outbound_track}), or both, each as its own {@code media} messages. Source:
 * https://www.twilio.com/docs/voice/twiml/stream#attributes-track
 */
public enum StreamTrack {
    INBOUND("inbound_track", List.of(Side.INBOUND)),
    OUTBOUND("outbound_track", List.of(Side.OUTBOUND)),
    BOTH("both_tracks", List.of(Side.INBOUND, Side.OUTBOUND));

    /** One direction of the call's audio: its name in Media Streams messages and what Asterisk's snoop spies on. */
    public enum Side {
        INBOUND("inbound", Spy.IN),
        OUTBOUND("outbound", Spy.OUT);

        /** The {@code track} of a {@code media} message and an entry of {@code start.tracks}. */
        public final String wire;
        final Spy spy;

        Side(String wire, Spy spy) {
            this.wire = wire;
            this.spy = spy;
        }
    }

    /** The value as TwiML and the REST API spell it. */
    public final String twiml;
    /** The directions carried, inbound first. */
    public final List<Side> sides;

    StreamTrack(String twiml, List<Side> sides) {
        this.twiml = twiml;
        this.sides = sides;
    }

    /** The track named {@code value} (either case); empty for anything else. Null or blank: {@link #INBOUND}. */
    public static Optional<StreamTrack> parse(String value) {
        if (value == null || value.isBlank()) return Optional.of(INBOUND);
        String lower = value.strip().toLowerCase(Locale.ROOT);
        for (StreamTrack t : values()) {
            if (t.twiml.equals(lower)) return Optional.of(t);
        }
        return Optional.empty();
    }
}
