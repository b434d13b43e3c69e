package io.callbridge.sms;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A messaging webhook for the tests (an AI agent's SMS endpoint): keeps each POST and answers with the TwiML
 * (or JSON) it was given. {@link #validSignature} checks X-Twilio-Signature as Twilio documents it, written
 * here rather than with the app's signer: base64(HMAC-SHA1(token, url + each field's name and value, sorted)).
 */
final class SmsAgent implements AutoCloseable {

    /** One POST: its X-Twilio-Signature header, its body (and that as form fields), its Callbridge-Signature header. */
    record Request(String signature, String contentType, String body, Map<String, String> form,
                   String callbridgeSignature) {
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicReference<String> answer = new AtomicReference<>("<Response/>");
    private final AtomicReference<String> answerType = new AtomicReference<>("text/xml");

    SmsAgent() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/sms", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Request(exchange.getRequestHeaders().getFirst("X-Twilio-Signature"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body, form(body),
                    exchange.getRequestHeaders().getFirst("Callbridge-Signature")));
            byte[] out = answer.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", answerType.get());
            exchange.sendResponseHeaders(200, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/sms";
    }

    void answer(String contentType, String body) {
        answerType.set(contentType);
        answer.set(body);
    }

    Request await(int count) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> requests.size() >= count);
        return requests.get(count - 1);
    }

    List<Request> requests() {
        return requests;
    }

    static boolean validSignature(String token, String url, Request r) throws Exception {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(r.form()).forEach((k, v) -> data.append(k).append(v));
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        String expected = java.util.Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        return expected.equals(r.signature());
    }

    static Map<String, String> form(String body) {
        Map<String, String> fields = new TreeMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq < 0) continue;
            fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return fields;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
