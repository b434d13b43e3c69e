package io.callbridge.testing;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.json.JsonObject;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * An AI agent for the tests: a real WebSocket server on loopback that records every frame the gateway
 * sends (with its arrival time) and sends whatever the test tells it to. Also a TCP port that accepts
 * connections and never answers, for an agent that hangs.
 */
@ApplicationScoped
public class TestAgent {

    /** One stream from the gateway. */
    public static final class Session {
        public record Frame(long nanos, String text, byte[] binary) {
            public JsonObject json() {
                return new JsonObject(text);
            }
        }

        private final ServerWebSocket ws;
        private final Runnable dropper;
        private final Runnable freezer;
        private final java.util.function.Consumer<Boolean> holder;
        public final String path;
        public final List<Frame> frames = new CopyOnWriteArrayList<>();
        private final BlockingQueue<Frame> inbox = new LinkedBlockingQueue<>();
        private volatile boolean closed;
        private volatile Short closeStatus;

        Session(ServerWebSocket ws, Runnable dropper, Runnable freezer, java.util.function.Consumer<Boolean> holder) {
            this.ws = ws;
            this.dropper = dropper;
            this.freezer = freezer;
            this.holder = holder;
            this.path = ws.path();
            ws.textMessageHandler(t -> record(new Frame(System.nanoTime(), t, null)));
            ws.binaryMessageHandler(b -> record(new Frame(System.nanoTime(), null, b.getBytes())));
            ws.closeHandler(v -> {
                closeStatus = ws.closeStatusCode();
                closed = true;
            });
        }

        private void record(Frame f) {
            frames.add(f);
            inbox.add(f);
        }

        /** The next frame matching {@code which}, skipping others; fails after {@code within}. */
        public Frame next(Predicate<Frame> which, Duration within) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            while (true) {
                long left = deadline - System.nanoTime();
                Frame f = left > 0 ? inbox.poll(left, TimeUnit.NANOSECONDS) : null;
                if (f == null) throw new AssertionError("no matching frame from the gateway within " + within + " on " + path);
                if (which.test(f)) return f;
            }
        }

        public Frame nextEvent(String event, Duration within) throws InterruptedException {
            return next(f -> f.text() != null && f.text().contains("\"event\"") && event.equals(safeEvent(f.text())), within);
        }

        public void send(String text) {
            ws.writeTextMessage(text);
        }

        /**
         * Sends {@code texts} so that the gateway reads them together, as from an agent that floods: the relay
         * holds what the agent writes until the last frame is on the wire, then passes it on at once. Without
         * the hold, a slow test machine spreads the frames out and the gateway keeps up with them.
         */
        public void burst(List<String> texts) {
            holder.accept(true);
            try {
                io.vertx.core.Future<Void> last = null;
                for (String text : texts) last = ws.writeTextMessage(text);
                if (last != null) last.toCompletionStage().toCompletableFuture().join();
            } finally {
                holder.accept(false);
            }
        }

        public void sendBinary(byte[] data) {
            ws.writeBinaryMessage(Buffer.buffer(data));
        }

        /** A clean close: the agent ends the stream. */
        public void close() {
            ws.close((short) 1000, "agent done");
        }

        /** Drops the TCP connection without a close frame, as a crashed agent or a broken network would. */
        public void drop() {
            dropper.run();
        }

        /**
         * The agent stops reading and answering, with its TCP connection still up: nothing more is relayed
         * either way, pings included, as with a hung agent or a half-open connection.
         */
        public void freeze() {
            freezer.run();
        }

        public boolean isClosed() {
            return closed;
        }

        /** The close code the gateway sent, once closed (null: none, or not closed yet). */
        public Short closeStatus() {
            return closeStatus;
        }

        public List<JsonObject> events(String event) {
            return frames.stream().filter(f -> f.text() != null && event.equals(safeEvent(f.text()))).map(Frame::json).toList();
        }

        private static String safeEvent(String text) {
            try {
                return new JsonObject(text).getString("event");
            } catch (RuntimeException e) {
                return null;
            }
        }
    }

    private final Vertx vertx;
    private final BlockingQueue<Session> sessions = new LinkedBlockingQueue<>();
    private final List<NetSocket> hung = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private NetServer silent;
    private NetServer relay;
    private final List<NetSocket[]> pairs = new CopyOnWriteArrayList<>();
    private volatile boolean refusing;

    TestAgent(Vertx vertx) {
        this.vertx = vertx;
    }

    private synchronized void start() {
        if (server != null) return;
        server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
                        .setMaxWebSocketFrameSize(4 << 20).setMaxWebSocketMessageSize(4 << 20))
                .requestHandler(req -> {
                    if (refusing) {
                        req.response().setStatusCode(503).end();
                        return;
                    }
                    req.toWebSocket().onSuccess(ws -> {
                        int port = ws.remoteAddress().port();
                        Session s = new Session(ws, () -> dropConnectionFrom(port), () -> freezeConnectionFrom(port),
                                hold -> holdConnectionFrom(port, hold));
                        sessions.add(s);
                    });
                })
                .listen().toCompletionStage().toCompletableFuture().join();
        silent = vertx.createNetServer().connectHandler(hung::add) // accept, never answer the upgrade
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        // The gateway reaches the agent through this TCP relay, so a test can cut a connection without the
        // WebSocket close handshake (a WebSocket server always sends a close frame when it closes).
        NetClient client = vertx.createNetClient();
        relay = vertx.createNetServer().connectHandler(front -> {
            front.pause();
            client.connect(server.actualPort(), "127.0.0.1").onSuccess(back -> {
                pairs.add(new NetSocket[] {front, back});
                front.handler(back::write);
                back.handler(front::write);
                front.closeHandler(v -> back.close());
                back.closeHandler(v -> front.close());
                front.resume();
            }).onFailure(e -> front.close());
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
    }

    private void dropConnectionFrom(int serverSidePort) {
        for (NetSocket[] pair : pairs) {
            if (pair[1].localAddress().port() == serverSidePort) {
                pair[0].close();
                pair[1].close();
            }
        }
    }

    private void freezeConnectionFrom(int serverSidePort) {
        for (NetSocket[] pair : pairs) {
            if (pair[1].localAddress().port() == serverSidePort) {
                pair[0].pause(); // nothing read from the gateway: its pings go unanswered
                pair[1].pause(); // nothing from the agent reaches the gateway
            }
        }
    }

    private void holdConnectionFrom(int serverSidePort, boolean hold) {
        for (NetSocket[] pair : pairs) {
            if (pair[1].localAddress().port() == serverSidePort) {
                if (hold) pair[1].pause(); // what the agent writes waits in the relay's socket
                else pair[1].resume();
            }
        }
    }

    /** ws:// URL of this agent; {@code path} is recorded on the session. */
    public String url(String path) {
        start();
        return "ws://127.0.0.1:" + relay.actualPort() + path;
    }

    /** A ws:// URL whose server accepts TCP and never completes the WebSocket handshake. */
    public String hangingUrl() {
        start();
        return "ws://127.0.0.1:" + silent.actualPort() + "/never";
    }

    /** While set, new connections are refused (503), as by an agent that is down. */
    public void refuse(boolean refuse) {
        this.refusing = refuse;
    }

    public Session awaitSession(Duration within) throws InterruptedException {
        Session s = sessions.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        if (s == null) throw new AssertionError("the gateway did not connect to the test agent within " + within);
        return s;
    }

    /** Forgets sessions from earlier tests. */
    public void reset() {
        sessions.clear();
        refusing = false;
    }

    @PreDestroy
    void stop() {
        if (server != null) server.close();
        if (silent != null) silent.close();
        if (relay != null) relay.close();
    }
}
