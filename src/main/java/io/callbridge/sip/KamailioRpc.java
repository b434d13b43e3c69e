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
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small JSON-RPC 2.0 client for Kamailio's {@code jsonrpcs} module over HTTP ({@link SipConfig#rpcUrl()}).
 * The app changes Kamailio's tables in PostgreSQL and then calls a reload command ({@code domain.reload}) or
 * drops in-memory state ({@code ul.rm}). A failed call never undoes the database change: Kamailio reads its
 * tables when it starts, so what the app wrote applies then at the latest.
 */
@ApplicationScoped
public class KamailioRpc {

    /** A call that did not give a result: {@link Unreachable} or {@link Failed}. */
    public abstract static sealed class RpcException extends RuntimeException permits Unreachable, Failed {
        RpcException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Kamailio did not answer: not running, not listening, or slower than {@link SipConfig#rpcTimeout()}. */
    public static final class Unreachable extends RpcException {
        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Kamailio answered with a JSON-RPC error object (an unknown command, an unknown AOR for {@code ul.lookup}). */
    public static final class Failed extends RpcException {
        /** The error's code as Kamailio gives it (HTTP-like, mostly 500; the message says more). */
        public final int code;

        Failed(int code, String message) {
            super(message, null);
            this.code = code;
        }
    }

    private final SipConfig config;
    private final ObjectMapper json;
    private final HttpClient http;
    private final AtomicLong ids = new AtomicLong();

    KamailioRpc(SipConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(config.rpcTimeout()).build();
    }

    /**
     * Calls {@code method} with positional {@code params} (strings or numbers) and returns the JSON-RPC
     * {@code result} (a null node when the command returns nothing).
     *
     * @throws Unreachable when Kamailio cannot be reached or does not answer in time
     * @throws Failed      when Kamailio answers with an error object
     */
    public JsonNode call(String method, Object... params) {
        return call(config.rpcTimeout(), method, params);
    }

    /**
     * As {@link #call(String, Object...)}, waiting up to {@code timeout} for the answer: for commands that
     * block until something happens in SIP ({@code tm.t_uac_wait_block} answers with the request's final reply).
     */
    public JsonNode call(java.time.Duration timeout, String method, Object... params) {
        ObjectNode request = json.createObjectNode().put("jsonrpc", "2.0").put("method", method);
        var array = request.putArray("params");
        for (Object p : params) array.addPOJO(p);
        request.put("id", ids.incrementAndGet());
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(config.rpcUrl()))
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(request))).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Unreachable("Kamailio's JSON-RPC at " + config.rpcUrl() + " is unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted while calling Kamailio's " + method, e);
        }
        JsonNode body;
        try {
            body = json.readTree(response.body());
        } catch (IOException e) {
            throw new Failed(response.statusCode(), "Kamailio answered " + method + " with HTTP "
                    + response.statusCode() + " and no JSON-RPC body");
        }
        JsonNode error = body == null ? null : body.get("error");
        if (error != null && !error.isNull()) {
            throw new Failed(error.path("code").asInt(500), method + ": " + error.path("message").asText("error"));
        }
        if (body == null || !body.has("result")) {
            throw new Failed(response.statusCode(), "Kamailio answered " + method + " with HTTP " + response.statusCode());
        }
        return body.get("result");
    }
}
