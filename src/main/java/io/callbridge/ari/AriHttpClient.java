package io.callbridge.ari;

import ch.loway.oss.ari4java.tools.HttpClient;
import ch.loway.oss.ari4java.tools.HttpParam;
import ch.loway.oss.ari4java.tools.HttpResponse;
import ch.loway.oss.ari4java.tools.HttpResponseHandler;
import ch.loway.oss.ari4java.tools.RestException;
import ch.loway.oss.ari4java.tools.WsClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * ARI's HTTP transport on the app's own Vert.x event loops (Netty, native epoll): pooled keep-alive
 * connections (closed here after 30 s idle; asterisk/http.conf keeps them 60 s, so Asterisk never closes one
 * under a request being sent), written and read on an event loop with no thread of its own, and no Netty 4.2
 * (which ari4java's own client needs and Quarkus does not ship). An earlier version on {@code java.net.http}
 * cost about 0.5 ms of CPU per request in its selector and executor threads (docs/performance.md). The call
 * path sends its requests through {@link #request} and reads the few answers it needs itself
 * ({@link AriChannels}, {@link AriBridges}); ari4java uses the same transport for the rest. Only
 * synchronous calls, which block their caller until the answer: callers run on virtual threads or a call's
 * executor, never on an event loop. The events socket is {@link AriEventStream}; the {@link WsClient} side exists only
 * because ari4java refuses to build actions without one. Every request is counted in
 * {@code callbridge_ari_requests_total{method,outcome}}.
 */
final class AriHttpClient implements HttpClient, WsClient {

    /** The methods ARI's REST interface uses; each is counted from the start, with every outcome. */
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE");

    /** How a request ended: a 2xx, 4xx or 5xx answer, or none at all (connection failure, timeout). */
    enum Outcome {
        SUCCESS, CLIENT_ERROR, SERVER_ERROR, ERROR;

        final String tag = name().toLowerCase(java.util.Locale.ROOT);

        static Outcome of(int status) {
            return switch (status / 100) {
                case 2 -> SUCCESS;
                case 4 -> CLIENT_ERROR;
                case 5 -> SERVER_ERROR;
                default -> ERROR;
            };
        }
    }

    /** Enough pooled connections for a burst of call setups; requests beyond it wait for a free one. */
    private static final int MAX_CONNECTIONS = 64;

    private final Vertx vertx;
    private volatile io.vertx.core.http.HttpClient http;
    private final String host;
    private final int port;
    /** The path prefix below host and port: {@code /ari}. */
    private final String pathBase;
    private final String authorization;
    private final Duration timeout;
    private final MeterRegistry meters;
    /** Counters by method, then by outcome: looked up without building tags on every request. */
    private final Map<String, Counter[]> counters = new ConcurrentHashMap<>();

    AriHttpClient(Vertx vertx, String baseUrl, String user, String password, Duration timeout, MeterRegistry meters) {
        this.vertx = vertx;
        URI parsed = URI.create((baseUrl.endsWith("/") ? baseUrl : baseUrl + "/") + "ari");
        this.host = parsed.getHost();
        this.port = parsed.getPort() > 0 ? parsed.getPort() : 80;
        this.pathBase = parsed.getRawPath();
        this.authorization = basicAuth(user, password);
        this.timeout = timeout;
        this.meters = meters;
        this.http = newClient();
        METHODS.forEach(this::countersOf);
    }

    private Counter[] countersOf(String method) {
        return counters.computeIfAbsent(method, m -> {
            Counter[] byOutcome = new Counter[Outcome.values().length];
            for (Outcome o : Outcome.values()) {
                byOutcome[o.ordinal()] = Counter.builder("callbridge.ari.requests")
                        .description("ARI REST requests sent, by HTTP method and outcome")
                        .tag("method", m).tag("outcome", o.tag).register(meters);
            }
            return byOutcome;
        });
    }

    private void count(String method, Outcome outcome) {
        countersOf(METHODS.contains(method) ? method : "OTHER")[outcome.ordinal()].increment();
    }

    private io.vertx.core.http.HttpClient newClient() {
        return vertx.createHttpClient(new HttpClientOptions()
                        .setKeepAlive(true)
                        .setKeepAliveTimeout(30)
                        .setConnectTimeout((int) timeout.toMillis()),
                new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS));
    }

    /**
     * Drops every pooled connection: after the events socket was lost, the pooled REST connections may be
     * dead too, and a request written into a dead one waits for its whole timeout instead of failing fast.
     */
    void reset() {
        io.vertx.core.http.HttpClient old = http;
        http = newClient();
        old.close();
    }

    static String basicAuth(String user, String password) {
        return "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends one request to ARI and returns the answer's body (empty for 204).
     *
     * @param pathAndQuery below {@code /ari}, already encoded: {@code /channels/123/answer},
     *                     {@code /bridges/b1/addChannel?channel=a,b} (see {@link #encode})
     * @param jsonBody     the request body (ARI takes {@code variables} this way), or null
     * @throws RestException for an answer other than 2xx ({@link RestException#getCode()} is its status) or
     *                       none at all
     */
    byte[] request(String method, String pathAndQuery, String jsonBody) throws RestException {
        return send(method, pathAndQuery, pathBase + pathAndQuery, jsonBody, null);
    }

    /** A path segment or query value, percent-encoded. */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@code path} is what ari4java passes, e.g. {@code /channels/123/answer}. */
    static String url(String base, String path, List<HttpParam> query) {
        StringBuilder url = new StringBuilder(base).append(path);
        char sep = '?';
        if (query != null) {
            for (HttpParam p : query) {
                if (p.getValue() == null || p.getValue().isEmpty()) continue;
                url.append(sep).append(p.getName()).append('=').append(encode(p.getValue()));
                sep = '&';
            }
        }
        return url.toString();
    }

    @Override
    public String httpActionSync(String uri, String method, List<HttpParam> query, String body,
                                 List<HttpResponse> errors) throws RestException {
        return new String(send(method, uri, url(pathBase, uri, query), body, errors), StandardCharsets.UTF_8);
    }

    @Override
    public byte[] httpActionSyncAsBytes(String uri, String method, List<HttpParam> query, String body,
                                        List<HttpResponse> errors) throws RestException {
        return send(method, uri, url(pathBase, uri, query), body, errors);
    }

    /** The status and body of one answer. */
    private record Answer(int status, byte[] body) {
    }

    /**
     * @param path       what the error messages name, e.g. {@code /channels/123/answer}
     * @param pathAndQuery what goes on the request line: {@code /ari/channels/123/answer?…}
     */
    private byte[] send(String method, String path, String pathAndQuery, String body, List<HttpResponse> errors)
            throws RestException {
        if (io.vertx.core.Context.isOnEventLoopThread()) {
            // The answer would be read on this very thread, which would be blocked waiting for it.
            count(method, Outcome.ERROR);
            throw new RestException(method + " " + path + ": an ARI request may not block an event loop");
        }
        boolean hasBody = body != null && !body.isEmpty();
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.valueOf(method))
                .setHost(host).setPort(port).setURI(pathAndQuery)
                .setTimeout(timeout.toMillis())
                .putHeader("Authorization", authorization)
                .putHeader("Content-Type", "application/json");
        Future<Answer> sent = http.request(options)
                .compose(request -> hasBody ? request.send(body) : request.send())
                .compose(response -> response.body()
                        .map(buffer -> new Answer(response.statusCode(), buffer.getBytes())));
        Answer response;
        try {
            // The request's own timeout fails the future first; this bound only guards against a lost callback.
            response = sent.toCompletionStage().toCompletableFuture()
                    .get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            count(method, Outcome.ERROR);
            throw new RestException(method + " " + path + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            count(method, Outcome.ERROR);
            throw new RestException(method + " " + path + ": no answer within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            count(method, Outcome.ERROR);
            Thread.currentThread().interrupt();
            throw new RestException(method + " " + path + ": interrupted", e);
        }
        int code = response.status();
        count(method, Outcome.of(code));
        if (code / 100 == 2) return response.body();
        String text = method + " " + path + ": " + code + " " + new String(response.body(), StandardCharsets.UTF_8);
        if (errors != null) {
            for (HttpResponse known : errors) {
                if (known.getCode() == code) throw new RestException(known.getDescription(), text, code);
            }
        }
        throw new RestException(text, code);
    }

    @Override
    public void httpActionAsync(String uri, String method, List<HttpParam> query, String body,
                                List<HttpResponse> errors, HttpResponseHandler handler, boolean binary)
            throws RestException {
        throw new RestException("asynchronous ARI calls are not used by Callbridge");
    }

    @Override
    public WsClientConnection connect(HttpResponseHandler callback, String url, List<HttpParam> query)
            throws RestException {
        throw new RestException("the ARI events socket is opened by AriEventStream");
    }

    @Override
    public boolean isWsConnected() {
        return false;
    }

    @Override
    public void destroy() {
        http.close();
    }
}
