package io.callbridge.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * An HTTP server that takes webhook and status callback POSTs and keeps them for the test. It answers 204,
 * or what {@link #answer} told it to for a path (a receiver that fails).
 */
public final class HookReceiver implements AutoCloseable {

    /** Requests to paths under this are answered only after {@link #SLOW_MILLIS}: a slow receiver. */
    public static final String SLOW = "/slow";
    public static final long SLOW_MILLIS = 6000;

    /**
     * One request as it arrived; {@code receivedNanos} is {@link System#nanoTime()} when it did, {@code query} its raw
     * query string (null for none).
     */
    public record Hook(String path, String contentType, Map<String, String> headers, String body, long receivedNanos,
                       String method, String query) {

        /** The body as form fields (status callbacks). */
        public Map<String, String> form() {
            Map<String, String> fields = new LinkedHashMap<>();
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                if (eq < 0) continue;
                fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            return fields;
        }

        public io.vertx.core.json.JsonObject json() {
            return new io.vertx.core.json.JsonObject(body);
        }
    }

    private final HttpServer server;
    private final List<Hook> hooks = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Integer>> answers = new ConcurrentHashMap<>();

    public HookReceiver(Vertx vertx, int port) throws Exception {
        server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            Map<String, String> headers = new LinkedHashMap<>();
            request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(java.util.Locale.ROOT), h.getValue()));
            hooks.add(new Hook(request.path(), request.getHeader("Content-Type"), headers, body.toString(StandardCharsets.UTF_8),
                    System.nanoTime(), request.method().name(), request.query()));
            if (request.path().startsWith(SLOW)) {
                vertx.setTimer(SLOW_MILLIS, id -> request.response().setStatusCode(204).end());
            } else {
                request.response().setStatusCode(statusFor(request.path())).end();
            }
        })).listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /**
     * Requests to {@code path} are answered with {@code statuses}, one per request in order; the last one
     * goes on being answered once the others are used up. E.g. {@code answer("/hooks", 500, 503, 204)}.
     */
    public void answer(String path, int... statuses) {
        Deque<Integer> queue = new ArrayDeque<>();
        for (int status : statuses) queue.add(status);
        answers.put(path, queue);
    }

    private int statusFor(String path) {
        Deque<Integer> queue = answers.get(path);
        if (queue == null) return 204;
        synchronized (queue) {
            return queue.size() > 1 ? queue.poll() : queue.peek();
        }
    }

    /** Waits until {@code count} hooks match {@code filter}, and returns those, in arrival order. */
    public List<Hook> await(Predicate<Hook> filter, int count, Duration within) {
        return org.awaitility.Awaitility.await().atMost(within).until(
                () -> hooks.stream().filter(filter).toList(), list -> list.size() >= count);
    }

    public List<Hook> all(Predicate<Hook> filter) {
        return hooks.stream().filter(filter).toList();
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
