package io.callbridge.flow;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.awaitility.Awaitility;

/**
 * A voice application as Twilio's customers write them: a web server (on an ephemeral port) that answers each path
 * with TwiML, keeps every request, and checks its {@code X-Twilio-Signature} the way Twilio's RequestValidator does
 * (written here from Twilio's documented algorithm, not with the app's signer).
 */
final class TwimlApp implements AutoCloseable {

    /** A request as it arrived: the URL it was signed for, its parameters (query and form), and the verdict. */
    record Request(String method, String path, Map<String, String> parameters, boolean signatureValid) {
    }

    /** What a path answers: HTTP {@code status} with {@code body} (TwiML), after {@code delay}. */
    record Answer(int status, String body, Duration delay) {
        static Answer twiml(String body) {
            return new Answer(200, body, Duration.ZERO);
        }
    }

    private final HttpServer server;
    private final String secret;
    private final Map<String, Function<Request, Answer>> paths = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    TwimlApp(String secret) throws IOException {
        this.secret = secret;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    /** The absolute URL of {@code path} on this server. */
    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** {@code path} answers {@code twiml} (200). */
    TwimlApp on(String path, String twiml) {
        return on(path, request -> Answer.twiml(twiml));
    }

    TwimlApp on(String path, Function<Request, Answer> answer) {
        paths.put(path, answer);
        return this;
    }

    /** The requests so far, in order. */
    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Waits (at most {@code within}) for a request matching {@code which}, and returns it. */
    Request await(Predicate<Request> which, Duration within) {
        return Awaitility.await().atMost(within).pollInterval(Duration.ofMillis(50))
                .until(() -> requests.stream().filter(which).findFirst().orElse(null), r -> r != null);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String rawQuery = exchange.getRequestURI().getRawQuery();
            String path = exchange.getRequestURI().getPath();
            Map<String, String> parameters = new LinkedHashMap<>(decode(rawQuery));
            Map<String, String> form = decode(body);
            parameters.putAll(form);
            String signedUrl = url(path) + (rawQuery == null ? "" : "?" + rawQuery);
            boolean valid = expectedSignature(signedUrl, form).equals(exchange.getRequestHeaders().getFirst("X-Twilio-Signature"));
            Request request = new Request(exchange.getRequestMethod(), path, parameters, valid);
            requests.add(request);
            Function<Request, Answer> answerer = paths.get(path);
            Answer answer = answerer == null ? new Answer(404, "", Duration.ZERO) : answerer.apply(request);
            if (!answer.delay().isZero()) Thread.sleep(answer.delay());
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/xml");
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) exchange.getResponseBody().write(bytes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Twilio's algorithm: base64(HMAC-SHA1(auth token, URL + each POST parameter's name and value, sorted by name)). */
    private String expectedSignature(String url, Map<String, String> form) {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(form).forEach((name, value) -> data.append(name).append(value));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> decode(String encoded) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) return fields;
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            fields.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return fields;
    }

    /** The paths requested so far, in order. */
    List<String> paths() {
        List<String> p = new ArrayList<>();
        for (Request r : requests) p.add(r.path());
        return p;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
