package io.callbridge.ari;

import ch.loway.oss.ari4java.tools.HttpClient;
import ch.loway.oss.ari4java.tools.HttpParam;
import ch.loway.oss.ari4java.tools.HttpResponse;
import ch.loway.oss.ari4java.tools.HttpResponseHandler;
import ch.loway.oss.ari4java.tools.RestException;
import ch.loway.oss.ari4java.tools.WsClient;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * ari4java's HTTP transport on {@code java.net.http}: pooled keep-alive connections, and no Netty 4.2
 * (which ari4java's own client needs and Quarkus does not ship). Only the synchronous calls are used:
 * callers run on virtual threads, never on an event loop. The events socket is {@link AriEventStream};
 * the {@link WsClient} side exists only because ari4java refuses to build actions without one.
 */
final class AriHttpClient implements HttpClient, WsClient {

    private volatile java.net.http.HttpClient http;
    private final String base;
    private final String authorization;
    private final Duration timeout;

    AriHttpClient(String baseUrl, String user, String password, Duration timeout) {
        this.base = (baseUrl.endsWith("/") ? baseUrl : baseUrl + "/") + "ari";
        this.authorization = basicAuth(user, password);
        this.timeout = timeout;
        this.http = newClient();
    }

    private java.net.http.HttpClient newClient() {
        return java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
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

    /** {@code path} is what ari4java passes, e.g. {@code /channels/123/answer}. */
    static String url(String base, String path, List<HttpParam> query) {
        StringBuilder url = new StringBuilder(base).append(path);
        char sep = '?';
        if (query != null) {
            for (HttpParam p : query) {
                if (p.getValue() == null || p.getValue().isEmpty()) continue;
                url.append(sep).append(p.getName()).append('=')
                        .append(URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8).replace("+", "%20"));
                sep = '&';
            }
        }
        return url.toString();
    }

    @Override
    public String httpActionSync(String uri, String method, List<HttpParam> query, String body,
                                 List<HttpResponse> errors) throws RestException {
        return new String(send(uri, method, query, body, errors), StandardCharsets.UTF_8);
    }

    @Override
    public byte[] httpActionSyncAsBytes(String uri, String method, List<HttpParam> query, String body,
                                        List<HttpResponse> errors) throws RestException {
        return send(uri, method, query, body, errors);
    }

    private byte[] send(String path, String method, List<HttpParam> query, String body,
                        List<HttpResponse> errors) throws RestException {
        boolean hasBody = body != null && !body.isEmpty();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url(base, path, query)))
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
            throw new RestException(method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RestException(method + " " + path + ": interrupted", e);
        }
        int code = response.statusCode();
        if (code / 100 == 2) return response.body();
        String text = new String(response.body(), StandardCharsets.UTF_8);
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
