package io.callbridge.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData.TypedKey;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import java.io.ByteArrayOutputStream;
import java.util.Base64;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * A demo AI agent that speaks Twilio Media Streams as a bot: it hears the caller and plays each second of
 * their audio back to them one second later, followed by a mark {@code echo-<n>}. Point a route at
 * {@code ws://host:8080/demo/echo} to hear the whole path work without an AI platform.
 *
 * <p>Callbacks return {@link Uni}, so they run on the connection's event loop; they only decode, copy and
 * send without waiting, and one connection's messages are handled in order (the default serial mode).
 */
@WebSocket(path = "/demo/echo")
public class EchoAgent {

    /** 1 s of mu-law at 8 kHz: 50 frames of 20 ms. */
    static final int ECHO_BYTES = 8000;

    private static final Logger LOG = Logger.getLogger(EchoAgent.class);
    private static final TypedKey<Echo> ECHO = new TypedKey<>("echo");

    private final ObjectMapper mapper;

    EchoAgent(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** One connection's state, kept in its user data (dropped with it); only its serial callbacks touch it. */
    private static final class Echo {
        String streamSid;
        /** From {@code start}: the call's id, put in the log context of this connection's lines. */
        String callSid;
        final ByteArrayOutputStream heard = new ByteArrayOutputStream(ECHO_BYTES);
        int echoes;
    }

    @OnOpen
    Uni<Void> open(WebSocketConnection connection) {
        connection.userData().put(ECHO, new Echo());
        return Uni.createFrom().voidItem();
    }

    @OnTextMessage
    Uni<Void> message(String text, WebSocketConnection connection) {
        Echo echo = connection.userData().get(ECHO);
        try {
            return handle(text, echo, connection);
        } finally {
            MDC.remove("callSid"); // event-loop threads serve every connection
        }
    }

    private Uni<Void> handle(String text, Echo echo, WebSocketConnection connection) {
        if (echo.callSid != null) MDC.put("callSid", echo.callSid);
        JsonNode message;
        try {
            message = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            LOG.warnf("echo: not JSON: %s", e.getOriginalMessage());
            return Uni.createFrom().voidItem();
        }
        switch (message.path("event").asText()) {
            case "start" -> {
                echo.streamSid = message.path("streamSid").asText();
                echo.callSid = message.path("start").path("callSid").asText();
                MDC.put("callSid", echo.callSid);
                LOG.debugf("echo: stream %s started for call %s", echo.streamSid, echo.callSid);
            }
            case "media" -> {
                return heard(echo, message.path("media").path("payload").asText(), connection);
            }
            case "mark" -> LOG.debugf("echo: %s played to the caller", message.path("mark").path("name").asText());
            case "stop" -> {
                LOG.debugf("echo: stream %s stopped after %d echoes", echo.streamSid, echo.echoes);
                echo.heard.reset();
            }
            default -> { } // connected, dtmf: nothing to echo
        }
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> heard(Echo echo, String payload, WebSocketConnection connection) {
        if (echo.streamSid == null) return Uni.createFrom().voidItem(); // media before start: not a stream yet
        try {
            echo.heard.writeBytes(Base64.getDecoder().decode(payload));
        } catch (IllegalArgumentException e) {
            LOG.warnf("echo: bad base64 in media: %s", e.getMessage());
            return Uni.createFrom().voidItem();
        }
        if (echo.heard.size() < ECHO_BYTES) return Uni.createFrom().voidItem();

        String audio = Base64.getEncoder().encodeToString(echo.heard.toByteArray());
        echo.heard.reset();
        String mark = "echo-" + ++echo.echoes;
        ObjectNode media = event("media", echo.streamSid);
        media.putObject("media").put("payload", audio);
        ObjectNode marker = event("mark", echo.streamSid);
        marker.putObject("mark").put("name", mark);
        return connection.sendText(media.toString()).chain(() -> connection.sendText(marker.toString()));
    }

    private ObjectNode event(String event, String streamSid) {
        return mapper.createObjectNode().put("event", event).put("streamSid", streamSid);
    }
}
