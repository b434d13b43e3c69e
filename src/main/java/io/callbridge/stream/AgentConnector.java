package io.callbridge.stream;

import io.callbridge.media.MediaLeg;
import io.callbridge.stream.raw.RawProtocol;
import io.callbridge.stream.twilio.TwilioProtocol;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** Opens agent streams: one shared non-blocking WebSocket client (Vert.x) for every call. */
@Startup // the meters exist from the start, not from the first call that uses the bean
@ApplicationScoped
public class AgentConnector {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(AgentConnector.class);

    private final Vertx vertx;
    private final AgentConfig config;
    private final MeterRegistry meters;
    private final WebSocketClient client;
    private final Map<String, Counter> malformed = new ConcurrentHashMap<>();
    private final Map<String, Counter> dropped = new ConcurrentHashMap<>();
    private final AtomicInteger openStreams = new AtomicInteger();
    /** The kinds of agent input not understood (docs/agents.md), counted from zero from the start. */
    static final List<String> MALFORMED_KINDS = List.of("too_large", "not_json", "missing_field", "wrong_stream_sid",
            "unknown_event", "bad_base64", "bad_dtmf", "binary_frame");

    AgentConnector(Vertx vertx, AgentConfig config, MeterRegistry meters) {
        this.vertx = vertx;
        this.config = config;
        this.meters = meters;
        this.client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                // Vert.x allows 50 WebSockets per host:port by default and queues the rest: every call to a
                // popular agent would wait behind 50 others.
                .setMaxConnections(config.maxSocketsPerAgent())
                // A bigger frame is refused by Netty before it is read; messages are joined (and bounded) by
                // MessageAssembler, so the message limit is only the client's own, never reached.
                .setMaxFrameSize(config.maxFrameBytes())
                .setMaxMessageSize(Integer.MAX_VALUE));
        Gauge.builder("callbridge.agent.streams", openStreams, AtomicInteger::get)
                .description("Agent streams not yet closed").register(meters);
        MALFORMED_KINDS.forEach(this::malformedCounter);
        DROPPED_KINDS.forEach(this::droppedCounter); // at zero from the start, as every documented meter
        if (config.authToken().isEmpty()) {
            LOG.warn("no agent auth token (set CALLBRIDGE_AGENT_AUTH_TOKEN): agent WebSocket handshakes go out "
                    + "without X-Twilio-Signature, and an agent that validates it will refuse every call");
        }
    }

    /** Agent streams opened and not yet closed (a leak shows here). */
    public int openStreams() {
        return openStreams.get();
    }

    void streamClosed() {
        openStreams.decrementAndGet();
    }

    /** Starts connecting at once; the stream buffers caller audio until the socket is open. */
    public AgentStream open(StreamStart start, Protocol protocol, String url, MediaLeg leg, AgentStream.Events events) {
        Supplier<AgentProtocol> fresh = switch (protocol) {
            case TWILIO -> TwilioProtocol::new;
            case RAW -> RawProtocol::new;
        };
        AgentStream stream = new AgentStream(this, start, fresh, url, leg, events);
        openStreams.incrementAndGet();
        stream.connect();
        return stream;
    }

    Vertx vertx() {
        return vertx;
    }

    WebSocketClient client() {
        return client;
    }

    AgentConfig config() {
        return config;
    }

    void countMalformed(String kind) {
        malformedCounter(kind).increment();
    }

    private Counter malformedCounter(String kind) {
        return malformed.computeIfAbsent(kind, k -> Counter.builder("callbridge.agent.malformed")
                .description("Agent input that was not understood (the call went on)")
                .tag("kind", k).register(meters));
    }

    /** Something a bounded queue of the agent path had no room for: {@code caller_dtmf}, {@code agent_dtmf}, {@code mark}. */
    void countDropped(String what) {
        droppedCounter(what).increment();
    }

    private static final List<String> DROPPED_KINDS = List.of("caller_dtmf", "agent_dtmf", "mark");

    private Counter droppedCounter(String what) {
        return dropped.computeIfAbsent(what, k -> Counter.builder("callbridge.agent.dropped")
                .description("Agent-path items dropped because their bounded queue was full")
                .tag("what", k).register(meters));
    }
}
