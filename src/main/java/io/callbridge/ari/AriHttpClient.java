package io.callbridge.ari;

import ch.loway.oss.ari4java.tools.HttpClient;
import ch.loway.oss.ari4java.tools.HttpParam;
import ch.loway.oss.ari4java.tools.HttpResponse;
import ch.loway.oss.ari4java.tools.HttpResponseHandler;
import ch.loway.oss.ari4java.tools.RestException;
import ch.loway.oss.ari4java.tools.WsClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ARI's HTTP transport on {@code java.net.http}: pooled keep-alive connections (java.net.http closes one idle
 * for 30 s; asterisk/http.conf keeps them 60 s, so Asterisk never closes one under a request being sent), and
 * no Netty 4.2 (which ari4java's own client needs and Quarkus does not ship). The call path sends its requests through {@link #request} and
 * reads the few answers it needs itself ({@link AriChannels}, {@link AriBridges}); ari4java uses the same
 * transport for the rest. Only synchronous calls: callers run on virtual threads or a call's executor,
 * never on an event loop. The events socket is {@link AriEventStream}; the {@link WsClient} side exists only
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

    private volatile java.net.http.HttpClient http;
    private final String base;
    private final String authorization;
    private final Duration timeout;
    private final MeterRegistry meters;
    /** Counters by method, then by outcome: looked up without building tags on every request. */
    private final Map<String, Counter[]> counters = new ConcurrentHashMap<>();

    AriHttpClient(String baseUrl, String user, String password, Duration timeout, MeterRegistry meters) {
        this.base = (baseUrl.endsWith("/") ? baseUrl : baseUrl + "/") + "ari";
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

    /**
     * The client runs its own tasks on the thread that makes them ready (a direct executor): an answer is
     * read and completed on the client's selector thread, which wakes the caller, where the default executor,
     * a thread pool, handed it to a worker thread first (the workers took about 1 ms of CPU per call in the
     * call-path benchmark; docs/performance.md, section 6). What the selector thread now does itself: collect
     * each answer's body (small JSON documents, and a recording's WAV in {@link AriRecordings#storedFile},
     * a few MB at most, read while calls' answers wait behind it) and restart a request whose pooled
     * connection failed (resolving ARI's host name again, so a slow resolver would hold every request up).
     */
    private java.net.http.HttpClient newClient() {
        return java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .executor(Runnable::run)
                .build();
    }

    /**
     * Drops every pooled connection: after the events socket was lost, the pooled REST connections may be
     * dead too, and a request written into a dead one waits for its whole timeout instead of failing fast.
     */
    void reset() {
        java.net.http.HttpClient old = http;
        http = newClient();
        old.shutdownNow();
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
        return send(method, pathAndQuery, base + pathAndQuery, jsonBody, null);
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
        return new String(send(method, uri, url(base, uri, query), body, errors), StandardCharsets.UTF_8);
    }

    @Override
    public byte[] httpActionSyncAsBytes(String uri, String method, List<HttpParam> query, String body,
                                        List<HttpResponse> errors) throws RestException {
        return send(method, uri, url(base, uri, query), body, errors);
    }

    private byte[] send(String method, String path, String url, String body, List<HttpResponse> errors)
            throws RestException {
        boolean hasBody = body != null && !body.isEmpty();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(timeout)
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .method(method, hasBody ? HttpRequest.BodyPublishers.ofString(body)
                        : HttpRequest.BodyPublishers.noBody())
                .build();
        java.net.http.HttpResponse<byte[]> response;
        try {
            response = http.send(request, BodyHandlers.ofByteArray());
        } catch (IOException e) {
            count(method, Outcome.ERROR);
            throw new RestException(method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            count(method, Outcome.ERROR);
            Thread.currentThread().interrupt();
            throw new RestException(method + " " + path + ": interrupted", e);
        }
        int code = response.statusCode();
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
