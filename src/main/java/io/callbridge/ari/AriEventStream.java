package io.callbridge.ari;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import io.callbridge.AppThreads;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * One connection of ARI's events WebSocket ({@code /ari/events?app=…}). Frames are parsed and handed on
 * in arrival order from a single thread (java.net.http delivers one frame at a time). The socket is
 * pinged when quiet, and declared dead when nothing — event or pong — arrives for {@code deadAfter}:
 * that is how a silently dead Asterisk is noticed within seconds rather than ari4java's 5 minutes.
 */
final class AriEventStream implements WebSocket.Listener {

    private static final Logger LOG = Logger.getLogger(AriEventStream.class);

    private final Consumer<AriEvent> onEvent;
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile long lastFrameNanos = System.nanoTime();
    private volatile WebSocket socket;
    private volatile HttpClient http;
    private volatile ExecutorService events;
    private ScheduledFuture<?> liveness;

    /** A stream not connected yet: {@link #open} connects it; tests feed it frames. */
    AriEventStream(Consumer<AriEvent> onEvent) {
        this.onEvent = onEvent;
    }

    /**
     * Opens the socket on a client of its own (a client whose connection was cut can stall the next
     * handshake for seconds); the returned stream's {@link #closed()} completes when it goes away.
     */
    static AriEventStream open(AriConfig config, ScheduledExecutorService timer, Consumer<AriEvent> onEvent)
            throws Exception {
        AriEventStream stream = new AriEventStream(onEvent);
        String base = config.url().replaceFirst("^http", "ws");
        URI uri = URI.create((base.endsWith("/") ? base : base + "/") + "ari/events?app="
                + URLEncoder.encode(config.app(), StandardCharsets.UTF_8) + "&subscribeAll=false");
        // Events are delivered on this client's threads: give them the app's class loader (lazy beans load there).
        stream.events = Executors.newCachedThreadPool(AppThreads.withAppClassLoader(
                Thread.ofPlatform().name("ari-events-", 0).daemon().factory()));
        stream.http = HttpClient.newBuilder().executor(stream.events).build();
        CompletableFuture<WebSocket> opening = stream.http.newWebSocketBuilder()
                .header("Authorization", AriHttpClient.basicAuth(config.user(), config.password()))
                .connectTimeout(config.requestTimeout())
                .buildAsync(uri, stream);
        try {
            stream.socket = opening.get(config.requestTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            opening.thenAccept(WebSocket::abort); // a handshake that completes late must not linger
            stream.close("handshake failed: " + e);
            throw e;
        }
        stream.watch(timer, config.pingInterval(), config.deadAfter());
        return stream;
    }

    private void watch(ScheduledExecutorService timer, Duration pingInterval, Duration deadAfter) {
        liveness = timer.scheduleAtFixedRate(() -> {
            long quiet = System.nanoTime() - lastFrameNanos;
            if (quiet > deadAfter.toNanos()) {
                close("no frame or pong for " + Duration.ofNanos(quiet).toMillis() + " ms");
            } else if (quiet > pingInterval.toNanos()) {
                socket.sendPing(ByteBuffer.allocate(0));
            }
        }, pingInterval.toMillis(), pingInterval.toMillis() / 2, TimeUnit.MILLISECONDS);
    }

    CompletableFuture<String> closed() {
        return closed;
    }

    /** Abandons the socket at once (no close handshake: the peer may be gone), and its client. */
    void close(String why) {
        if (liveness != null) liveness.cancel(false);
        if (socket != null) socket.abort();
        closed.complete(why);
        if (http != null) http.shutdownNow();
        if (events != null) events.shutdown();
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        lastFrameNanos = System.nanoTime();
        if (!last) {
            partial.append(data);
        } else {
            String json;
            if (partial.isEmpty()) {
                json = data.toString(); // the usual case: one frame, one event, no copy
            } else {
                json = partial.append(data).toString();
                partial.setLength(0);
            }
            handle(json);
        }
        ws.request(1);
        return null;
    }

    private void handle(String json) {
        if (LOG.isTraceEnabled()) LOG.tracef("ARI event %s", json);
        AriEvent event;
        try {
            event = AriEventReader.read(json);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("unreadable ARI event skipped (%s): %.300s", e.getMessage(), json);
            return;
        }
        if (event == null) return;
        try {
            onEvent.accept(event);
        } catch (RuntimeException e) {
            LOG.errorf(e, "ARI event handler failed");
        }
    }

    @Override
    public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
        lastFrameNanos = System.nanoTime();
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
        lastFrameNanos = System.nanoTime();
        ws.request(1);
        return null; // java.net.http answers pings itself
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        close("closed by Asterisk (" + statusCode + " " + reason + ")");
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        close("socket error: " + error);
    }
}
