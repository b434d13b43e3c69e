package io.callbridge.stream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * The JSON side shared by the twilio and raw adapters: reading an agent's text frame under the common
 * malformed rules, checking DTMF digits, and writing the rarer gateway → agent messages (the per-frame
 * twilio {@code media} message is built by hand in {@link TwilioProtocol}).
 */
public final class AgentJson {

    /** Frames longer than this (text: chars, binary: bytes) are refused before any parsing. */
    public static final int MAX_FRAME = 1 << 20;

    /** Twilio's own limit for the digits of one {@code sendDigits}. */
    public static final int MAX_DIGITS = 32;

    private static final int MAX_DETAIL = 120;

    /** Thread-safe once built; trailing tokens would mean two messages glued together: refuse them. */
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private AgentJson() {
    }

    /**
     * A streaming parser over UTF-8 JSON with the same features as {@link #read}'s (for a hot path that
     * must accept exactly what {@link #read} accepts). The caller closes it.
     */
    public static JsonParser parser(byte[] utf8, int offset, int length) throws IOException {
        return MAPPER.createParser(utf8, offset, length);
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) { // a tree of strings and numbers always serialises
            throw new IllegalStateException(e);
        }
    }

    /** A JSON string literal, quotes included, escaped as the JSON spec requires. */
    public static String quote(String value) {
        return write(MAPPER.getNodeFactory().textNode(value));
    }

    /**
     * Parses one text frame from the agent. Returns the message, or null after reporting to the sink why
     * it was refused: {@code too_large}, {@code not_json} (also for JSON that is not an object),
     * {@code missing_field} (no string {@code event}) or {@code wrong_stream_sid} (a {@code streamSid}
     * that is present but not ours; an absent one is accepted).
     */
    public static ObjectNode read(String text, String streamSid, AgentSink sink) {
        if (text.length() > MAX_FRAME) {
            sink.malformed("too_large", "text frame of " + text.length() + " chars");
            return null;
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            sink.malformed("not_json", clip(e.getOriginalMessage()));
            return null;
        }
        if (!(node instanceof ObjectNode message)) {
            sink.malformed("not_json", "not a JSON object");
            return null;
        }
        if (text(message, "event") == null) {
            sink.malformed("missing_field", "event");
            return null;
        }
        JsonNode sid = message.get("streamSid");
        if (sid != null && !(sid.isTextual() && sid.textValue().equals(streamSid))) {
            sink.malformed("wrong_stream_sid", clip(sid.toString()));
            return null;
        }
        return message;
    }

    /** The string value of {@code field}, or null when it is absent or not a string. */
    public static String text(JsonNode parent, String field) {
        JsonNode value = parent.get(field);
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    /**
     * Passes agent-requested digits on if they can be dialled: 1 to {@value #MAX_DIGITS} of
     * {@code 0-9 * # A-D}; anything else is reported as {@code bad_dtmf}.
     */
    public static void dtmf(String digits, AgentSink sink) {
        if (validDigits(digits)) sink.dtmf(digits);
        else sink.malformed("bad_dtmf", clip(digits));
    }

    private static boolean validDigits(String digits) {
        if (digits.isEmpty() || digits.length() > MAX_DIGITS) return false;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'D') || c == '*' || c == '#';
            if (!ok) return false;
        }
        return true;
    }

    /** Details end up in logs: keep them short whatever the agent sent. */
    public static String clip(String detail) {
        if (detail == null) return "";
        return detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL) + "…";
    }
}
