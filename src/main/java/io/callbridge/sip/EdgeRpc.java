package io.callbridge.sip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The few Kamailio JSON-RPC 2.0 calls attack protection needs ({@code htable.*}, {@code permissions.addressReload}),
 * over HTTP to {@code callbridge.sip.rpc-url} (loopback, kamailio/rpc.cfg). Blocking: call it off event loops.
 */
@ApplicationScoped
public class EdgeRpc {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final URI url;
    private final ObjectMapper json;
    private final HttpClient http;
    private final AtomicLong ids = new AtomicLong();

    EdgeRpc(@ConfigProperty(name = "callbridge.sip.rpc-url", defaultValue = "http://127.0.0.1:5066/RPC") String url,
            ObjectMapper json) {
        this.url = URI.create(url);
        this.json = json;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    }

    /** Kamailio did not answer, or answered with a JSON-RPC error ({@link #code} is its code, 0 when none came). */
    public static final class RpcException extends RuntimeException {
        private final int code;

        RpcException(String message, int code, Throwable cause) {
            super(message, cause);
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    /**
     * Calls {@code method} with positional {@code params} (strings) and returns its {@code result} (a JSON
     * null when it has none).
     *
     * @throws RpcException when Kamailio is unreachable or answers an error
     */
    public JsonNode call(String method, String... params) {
        ObjectNode request = json.createObjectNode().put("jsonrpc", "2.0").put("method", method).put("id", ids.incrementAndGet());
        var array = request.putArray("params");
        for (String p : params) array.add(p);
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(url).timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(request))).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new RpcException("Kamailio's JSON-RPC at " + url + " is unreachable: " + e.getMessage(), 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RpcException("interrupted while calling " + method, 0, e);
        }
        JsonNode body;
        try {
            body = json.readTree(response.body());
        } catch (IOException e) {
            throw new RpcException(method + ": Kamailio answered HTTP " + response.statusCode() + " without JSON", 0, e);
        }
        JsonNode error = body.path("error");
        if (!error.isMissingNode() && !error.isNull()) {
            throw new RpcException(method + ": " + error.path("message").asText(), error.path("code").asInt(), null);
        }
        return body.path("result");
    }
}
