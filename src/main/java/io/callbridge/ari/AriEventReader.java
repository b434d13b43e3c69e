package io.callbridge.ari;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads ARI events (JSON text frames of the events socket) in one streaming pass into {@link AriEvent}s:
 * the fields Callbridge uses are read, everything else is skipped without being built. Fields may come in
 * any order. Thread-safe.
 */
public final class AriEventReader {

    /** Field names are few and repeat in every event: Jackson's symbol table canonicalizes them. */
    private static final JsonFactory JSON = new JsonFactory();

    private AriEventReader() {
    }

    /**
     * The event in {@code json}; null for an event type Callbridge does not act on (read only up to its
     * {@code type} when that comes first, as Asterisk writes it).
     *
     * @throws IOException when {@code json} is not a JSON object, has no {@code type}, or an event Callbridge
     *                     acts on lacks the channel it is about
     */
    public static AriEvent read(String json) throws IOException {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new JsonParseException(p, "an ARI event is a JSON object");
            String type = null;
            List<String> args = List.of();
            AriChannel channel = null;
            AriChannel peer = null;
            int cause = 0;
            String causeText = null;
            String techCause = null;
            String dialstatus = null;
            String digit = null;
            String[] playback = null;
            AriChannel referrer = null;
            String[] referTo = null;
            String state = null;
            String field;
            while ((field = p.nextFieldName()) != null) {
                p.nextToken();
                switch (field) {
                    case "type" -> {
                        type = p.getValueAsString();
                        if (!isUsed(type)) return null;
                    }
                    case "channel" -> channel = channel(p);
                    case "peer" -> peer = channel(p);
                    case "args" -> args = strings(p);
                    case "cause" -> cause = p.getValueAsInt(0);
                    case "cause_txt" -> causeText = p.getValueAsString();
                    case "tech_cause" -> techCause = p.getValueAsString();
                    case "dialstatus" -> dialstatus = p.getValueAsString();
                    case "digit" -> digit = p.getValueAsString();
                    case "playback" -> playback = members(p, "id", "state");
                    case "referred_by" -> referrer = sourceChannel(p);
                    case "refer_to" -> referTo = requestedDestination(p);
                    case "state" -> state = p.currentToken().isScalarValue() ? p.getValueAsString() : skip(p);
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) throw new JsonParseException(p, "unexpected " + p.currentToken());
            if (type == null) throw new JsonParseException(p, "an ARI event without a type");
            if (!isUsed(type)) return null;
            if ("Dial".equals(type)) {
                return new AriEvent.Dial(idOf(peer, "Dial", "peer", p), dialstatus == null ? "" : dialstatus);
            }
            if ("PlaybackFinished".equals(type)) {
                if (playback == null || playback[0] == null) throw new JsonParseException(p, "PlaybackFinished without a playback id");
                return new AriEvent.PlaybackFinished(playback[0], playback[1]);
            }
            if ("ChannelTransfer".equals(type)) {
                String id = idOf(referrer != null ? referrer : channel, type, "referred_by source_channel", p);
                return new AriEvent.ChannelTransfer(id, referTo == null ? null : referTo[0],
                        referTo == null ? null : referTo[1], state, referTo == null ? null : referTo[2]);
            }
            String id = idOf(channel, type, "channel", p);
            return switch (type) {
                case "StasisStart" -> new AriEvent.StasisStart(args, channel);
                case "StasisEnd" -> new AriEvent.StasisEnd(id);
                case "ChannelHangupRequest" -> new AriEvent.ChannelHangupRequest(id, cause, techCause);
                case "ChannelDestroyed" -> new AriEvent.ChannelDestroyed(id, cause, causeText, techCause);
                case "ChannelDtmfReceived" -> new AriEvent.ChannelDtmfReceived(id, digit);
                case "ChannelHold" -> new AriEvent.ChannelHold(id);
                case "ChannelUnhold" -> new AriEvent.ChannelUnhold(id);
                default -> throw new IllegalStateException("isUsed and this switch disagree on " + type);
            };
        }
    }

    private static boolean isUsed(String type) {
        return switch (type) {
            case "StasisStart", "StasisEnd", "ChannelHangupRequest", "ChannelDestroyed", "Dial",
                 "ChannelDtmfReceived", "ChannelHold", "ChannelUnhold", "PlaybackFinished", "ChannelTransfer" -> true;
            case null, default -> false;
        };
    }

    private static String idOf(AriChannel channel, String type, String field, JsonParser p) throws JsonParseException {
        if (channel == null || channel.id() == null) throw new JsonParseException(p, type + " without a " + field + " id");
        return channel.id();
    }

    /**
     * Reads the channel object the parser is at (its {@code START_OBJECT}, or a null) and leaves the parser on
     * its {@code END_OBJECT}; null for a JSON null. Also reads the channels of REST answers.
     */
    static AriChannel channel(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) return null;
        if (p.currentToken() != JsonToken.START_OBJECT) throw new JsonParseException(p, "a channel is a JSON object");
        String id = null;
        String name = null;
        String state = null;
        String callerNumber = null;
        String exten = null;
        Map<String, String> variables = Map.of();
        String field;
        while ((field = p.nextFieldName()) != null) {
            p.nextToken();
            switch (field) {
                case "id" -> id = p.getValueAsString();
                case "name" -> name = p.getValueAsString();
                case "state" -> state = p.getValueAsString();
                case "caller" -> callerNumber = member(p, "number");
                case "dialplan" -> exten = member(p, "exten");
                case "channelvars" -> variables = variables(p);
                default -> p.skipChildren();
            }
        }
        return new AriChannel(id, name, state, callerNumber, exten, variables);
    }

    private static String skip(JsonParser p) throws IOException {
        p.skipChildren();
        return null;
    }

    /** A ChannelTransfer's {@code referred_by}: its {@code source_channel}, the channel the REFER came in on. */
    private static AriChannel sourceChannel(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        AriChannel source = null;
        String field;
        while ((field = p.nextFieldName()) != null) {
            p.nextToken();
            if ("source_channel".equals(field)) source = channel(p);
            else p.skipChildren();
        }
        return source;
    }

    /**
     * A ChannelTransfer's {@code refer_to}: {@code requested_destination}'s {@code destination} (a blind
     * transfer's user part) and {@code protocol_id} (an attended transfer's SIP Call-ID), and the id of
     * {@code destination_channel} (the channel an attended transfer replaces); null when absent.
     */
    private static String[] requestedDestination(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        String[] destination = new String[3];
        String field;
        while ((field = p.nextFieldName()) != null) {
            p.nextToken();
            if ("requested_destination".equals(field)) {
                String[] requested = members(p, "destination", "protocol_id");
                if (requested != null) {
                    destination[0] = requested[0];
                    destination[1] = requested[1];
                }
            } else if ("destination_channel".equals(field)) {
                AriChannel replaced = channel(p);
                destination[2] = replaced == null ? null : replaced.id();
            } else {
                p.skipChildren();
            }
        }
        return destination;
    }

    /** The string member {@code wanted} of the object the parser is at (null when absent), skipping the rest. */
    private static String member(JsonParser p, String wanted) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        String value = null;
        String field;
        while ((field = p.nextFieldName()) != null) {
            p.nextToken();
            if (wanted.equals(field)) value = p.getValueAsString();
            else p.skipChildren();
        }
        return value;
    }

    /** The string members {@code wanted} of the object the parser is at (nulls when absent), skipping the rest; null for a non-object. */
    private static String[] members(JsonParser p, String... wanted) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        String[] values = new String[wanted.length];
        String field;
        while ((field = p.nextFieldName()) != null) {
            p.nextToken();
            int i = List.of(wanted).indexOf(field);
            if (i >= 0 && p.currentToken().isScalarValue()) values[i] = p.getValueAsString();
            else p.skipChildren();
        }
        return values;
    }

    /** An object of string (or null) values, such as {@code channelvars}; null values are left out. */
    private static Map<String, String> variables(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return Map.of();
        }
        Map<String, String> values = new HashMap<>(4);
        String field;
        while ((field = p.nextFieldName()) != null) {
            JsonToken token = p.nextToken();
            if (token.isScalarValue() && token != JsonToken.VALUE_NULL) values.put(field, p.getValueAsString());
            else p.skipChildren();
        }
        return values;
    }

    /** An array of strings, such as a StasisStart's {@code args}. */
    private static List<String> strings(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            p.skipChildren();
            return List.of();
        }
        List<String> values = new ArrayList<>(2);
        JsonToken token;
        while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
            if (token == null) throw new JsonParseException(p, "unterminated array");
            if (token.isScalarValue() && token != JsonToken.VALUE_NULL) values.add(p.getValueAsString());
            else p.skipChildren();
        }
        return values;
    }
}
