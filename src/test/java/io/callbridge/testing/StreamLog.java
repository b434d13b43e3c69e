package io.callbridge.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * An agent for fault tests, twilio or raw: accepts every stream and records, per callSid, each stream's
 * {@code start} (its streamSid and custom parameters) and when each caller {@code media} frame (raw: binary
 * frame) arrived. It
 * sends nothing, so what it counts is the caller's audio alone.
 */
public final class StreamLog implements AutoCloseable {

    /** One stream of a call: its start message and the arrival times (System.nanoTime) of its media frames. */
    public static final class Stream {
        public final JsonObject start;
        public final List<Long> media = new CopyOnWriteArrayList<>();
        /** Its other messages after start (mark, hold …), in order. */
        public final List<JsonObject> others = new CopyOnWriteArrayList<>();

        Stream(JsonObject start) {
            this.start = start;
        }

        /** Size of the last binary (raw) frame of caller audio. */
        public volatile int binaryBytes;

        public String customParameter(String name) {
            JsonObject p = start.containsKey("start")
                    ? start.getJsonObject("start").getJsonObject("customParameters", new JsonObject())
                    : start.getJsonObject("parameters", new JsonObject()); // raw
            return p.getString(name);
        }

        /** Media frames that arrived after {@code nanos}. */
        public long mediaAfter(long nanos) {
            return media.stream().filter(t -> t - nanos > 0).count();
        }

        /** When the first media frame after {@code nanos} arrived, or -1. */
        public long firstMediaAfter(long nanos) {
            return media.stream().filter(t -> t - nanos > 0).findFirst().orElse(-1L);
        }
    }

    private final HttpServer server;
    private final Map<String, List<Stream>> byCall = new ConcurrentHashMap<>();

    public StreamLog(Vertx vertx) throws Exception {
        server = vertx.createHttpServer().webSocketHandler(ws -> {
            Stream[] current = new Stream[1];
            ws.textMessageHandler(text -> {
                JsonObject msg = new JsonObject(text);
                String event = msg.getString("event");
                if ("start".equals(event)) {
                    current[0] = new Stream(msg);
                    // twilio nests the call's fields in "start"; raw has them at the top
                    JsonObject fields = msg.containsKey("start") ? msg.getJsonObject("start") : msg;
                    byCall.computeIfAbsent(fields.getString("callSid"), k -> new CopyOnWriteArrayList<>())
                            .add(current[0]);
                } else if ("media".equals(event) && current[0] != null) {
                    current[0].media.add(System.nanoTime());
                } else if (current[0] != null) {
                    current[0].others.add(msg);
                }
            });
            ws.binaryMessageHandler(audio -> { // raw: caller audio in binary frames
                if (current[0] == null) return;
                current[0].media.add(System.nanoTime());
                current[0].binaryBytes = audio.length();
            });
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    public String url() {
        return "ws://127.0.0.1:" + server.actualPort() + "/agent";
    }

    /** The streams of {@code callSid}, oldest first. */
    public List<Stream> streams(String callSid) {
        return byCall.getOrDefault(callSid, List.of());
    }

    public Map<String, List<Stream>> all() {
        return byCall;
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
