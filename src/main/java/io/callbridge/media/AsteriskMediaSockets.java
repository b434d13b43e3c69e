package io.callbridge.media;

import io.callbridge.WebSocketConnects;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Opens the media WebSockets of chan_websocket channels: one shared non-blocking client (Vert.x). */
@ApplicationScoped
public class AsteriskMediaSockets {

    /** Loopback to Asterisk: the handshake and MEDIA_START take a few milliseconds. */
    static final Duration OPEN_TIMEOUT = Duration.ofSeconds(5);

    private final Vertx vertx;
    private final WebSocketClient client;

    AsteriskMediaSockets(Vertx vertx) {
        this.vertx = vertx;
        this.client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setConnectTimeout((int) OPEN_TIMEOUT.toMillis())
                // Every call's socket goes to the same host:port (Asterisk's HTTP server); Vert.x would queue
                // all past 50 by default.
                .setMaxConnections(100_000)
                .setTcpNoDelay(true));
    }

    /**
     * Opens {@code url} (as {@code AriChannels.externalMediaWebSocket} returned it) for {@code leg}, and returns
     * once Asterisk has said {@code MEDIA_START} (its channel is then answered). Blocks: call it from the
     * call's executor. Fails with {@link IOException} when the socket cannot be opened in time.
     */
    public AsteriskMediaSocket open(String url, MediaLeg leg) throws IOException {
        Promise<AsteriskMediaSocket> started = Promise.promise();
        ClientWebSocket ws = client.webSocket();
        AsteriskMediaSocket socket = new AsteriskMediaSocket(ws, leg, url, started);
        // Asterisk says MEDIA_START right after its 101: the connect must run on the event loop (WebSocketConnects).
        WebSocketConnectOptions options = new WebSocketConnectOptions().setAbsoluteURI(url);
        WebSocketConnects.onEventLoop(vertx, () -> ws.connect(options), connected -> {
            if (connected.failed()) {
                started.tryFail(connected.cause());
            } else if (started.future().failed()) {
                socket.close(); // opened after the wait below gave up: nobody else owns it
            }
        });
        // Not started when the wait below gave up: nobody else closes it.
        started.future().onFailure(e -> socket.close());
        try {
            started.future().toCompletionStage().toCompletableFuture().get(OPEN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            leg.attach(socket);
            return socket;
        } catch (TimeoutException e) {
            started.tryFail("no MEDIA_START within " + OPEN_TIMEOUT.toMillis() + " ms");
            throw new IOException("media socket " + url + ": no MEDIA_START within " + OPEN_TIMEOUT.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new IOException("media socket " + url + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            started.tryFail("interrupted");
            throw new IOException("media socket " + url + ": interrupted");
        }
    }
}
