package io.callbridge.api;

import static io.callbridge.testing.Api.api;
import static io.callbridge.testing.Api.badField;
import static io.callbridge.testing.Api.problem;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every endpoint that takes a JSON body does with one it cannot use: malformed JSON is a 400
 * malformed-json problem, and a body over the limit (1 MiB) a 413 problem, whether its size is announced in
 * Content-Length or it comes chunked. Route number 8890 belongs to this test.
 */
@QuarkusTest
class RequestBodyTest {

    static final int LIMIT = 1024 * 1024; // quarkus.http.limits.max-body-size
    static final String MALFORMED = "tag:callbridge.io,2026:problem:malformed-json";

    /** Every POST and PUT of the API that reads a body. */
    static Stream<Arguments> bodyEndpoints() {
        return Stream.of(
                Arguments.of("POST", "/api/routes"),
                Arguments.of("PUT", "/api/routes/999999999"),
                Arguments.of("POST", "/api/numbers/block"),
                Arguments.of("POST", "/api/calls/initiate"),
                Arguments.of("POST", "/api/calls/CA00000000000000000000000000000000/transfer"),
                Arguments.of("PUT", "/api/routes/999999999/forwarding"),
                Arguments.of("POST", "/api/keys"),
                Arguments.of("PUT", "/api/config"));
    }

    static Stream<Arguments> malformedBodies() {
        return bodyEndpoints().flatMap(endpoint -> Stream.of(
                        "{\"number\":\"8890\",",
                        "{\"number\":\"8890\" \"url\":\"ws://a/\"}",
                        "{} trailing",
                        "{\"number\":\"8890\",\"number\":\"8891\"}",
                        "[1,2]",
                        "not json",
                        "\"a string\"")
                .map(body -> Arguments.of(endpoint.get()[0], endpoint.get()[1], body)));
    }

    @TestHTTPResource("/")
    URI base;

    @Inject
    ObjectMapper json;

    @ParameterizedTest(name = "{0} {1}: {2}")
    @MethodSource("malformedBodies")
    void malformedJsonIs400(String method, String path, String body) {
        problem(api().body(body).request(method, path), 400)
                .body("type", equalTo(MALFORMED))
                .body("instance", equalTo(path))
                .body("detail", not(containsString("io.callbridge")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("bodyEndpoints")
    void aContentLengthOverTheLimitIs413(String method, String path) throws Exception {
        // Expect: 100-continue, as curl sends for large bodies: the answer comes before the body is sent.
        HttpResponse<String> r = send(request(path).expectContinue(true)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(longNumber(LIMIT + 1))));
        assertTooLarge(r, path);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("bodyEndpoints")
    void aChunkedBodyOverTheLimitIs413(String method, String path) throws Exception {
        byte[] body = longNumber(LIMIT + 1);
        HttpResponse<String> r = send(request(path)
                .method(method, HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
        assertTooLarge(r, path);
    }

    /**
     * A client that writes a body of 5 MiB whole before it reads the answer (as most do without
     * {@code Expect: 100-continue}) still reads the 413 problem, rather than a reset connection.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("bodyEndpoints")
    void aBodyOverTheLimitSentWholeBeforeReadingGetsThe413(String method, String path) throws Exception {
        RawAnswer r = sendWholeThenRead(method, path, 5 * LIMIT, false);
        assertTooLarge(r.status(), r.contentType(), r.body(), path);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("bodyEndpoints")
    void aChunkedBodyOverTheLimitSentWholeBeforeReadingGetsThe413(String method, String path) throws Exception {
        RawAnswer r = sendWholeThenRead(method, path, 5 * LIMIT, true);
        assertTooLarge(r.status(), r.contentType(), r.body(), path);
    }

    /**
     * A value of the wrong JSON type is a 400 naming the field, on every endpoint: no coercion of a number to
     * a string, of a string to a number or boolean, of an object to an array, of 1.0 to an integer.
     */
    @ParameterizedTest(name = "{0} {1}: {3}")
    @CsvSource(delimiter = '|', value = {
            "POST | /api/routes                | number             | {\"number\":8890,\"url\":\"ws://127.0.0.1:9/\"}",
            "POST | /api/routes                | url                | {\"number\":\"8890\",\"url\":true}",
            "POST | /api/routes                | sampleRate         | {\"number\":\"8890\",\"url\":\"ws://127.0.0.1:9/\",\"sampleRate\":\"8000\"}",
            "POST | /api/routes                | maxConcurrentCalls | {\"number\":\"8890\",\"url\":\"ws://127.0.0.1:9/\",\"maxConcurrentCalls\":2.0}",
            "POST | /api/routes                | maxConcurrentCalls | {\"number\":\"8890\",\"url\":\"ws://127.0.0.1:9/\",\"maxConcurrentCalls\":\"\"}",
            "POST | /api/routes                | parameters.tenant  | {\"number\":\"8890\",\"url\":\"ws://127.0.0.1:9/\",\"parameters\":{\"tenant\":7}}",
            "POST | /api/routes                | parameters         | {\"number\":\"8890\",\"url\":\"ws://127.0.0.1:9/\",\"parameters\":\"tenant=7\"}",
            "POST | /api/routes                | description        | {\"number\":\"8890\",\"url\":\"ws://127.0.0.1:9/\",\"description\":[\"a\"]}",
            "PUT  | /api/routes/999999999      | number             | {\"number\":8890,\"url\":\"ws://127.0.0.1:9/\"}",
            "POST | /api/numbers/block         | number             | {\"number\":15557600001}",
            "POST | /api/numbers/block         | reason             | {\"number\":\"+15557600001\",\"reason\":false}",
            "POST | /api/calls/initiate        | to                 | {\"to\":14155550100,\"from\":\"+14155550100\",\"route\":\"8890\"}",
            "POST | /api/calls/initiate        | timeoutSeconds     | {\"to\":\"+14155550100\",\"from\":\"+14155550100\",\"route\":\"8890\",\"timeoutSeconds\":\"30\"}",
            "POST | /api/calls/initiate        | statusCallbackEvent| {\"to\":\"+14155550100\",\"from\":\"+14155550100\",\"route\":\"8890\",\"statusCallback\":\"http://a/\",\"statusCallbackEvent\":{\"a\":\"completed\"}}",
            "POST | /api/calls/initiate        | statusCallbackEvent| {\"to\":\"+14155550100\",\"from\":\"+14155550100\",\"route\":\"8890\",\"statusCallback\":\"http://a/\",\"statusCallbackEvent\":\"completed\"}",
            "POST | /api/calls/initiate        | agent.sampleRate   | {\"to\":\"+14155550100\",\"from\":\"+14155550100\",\"agent\":{\"url\":\"ws://a/\",\"sampleRate\":\"8000\"}}",
            "POST | /api/calls/initiate        | agent              | {\"to\":\"+14155550100\",\"from\":\"+14155550100\",\"agent\":\"ws://a/\"}",
            "POST | /api/calls/CA00000000000000000000000000000000/transfer | to | {\"to\":14155550100}",
            "POST | /api/calls/CA00000000000000000000000000000000/transfer | mode | {\"to\":\"+14155550100\",\"mode\":true}",
            "PUT  | /api/routes/999999999/forwarding | on  | {\"on\":\"busy\",\"targets\":[{\"to\":\"+14155550100\"}]}",
            "POST | /api/keys                  | name               | {\"name\":42}",
            "PUT  | /api/config                | webhooks.dtmfEvents| {\"webhooks.dtmfEvents\":\"true\"}",
            "PUT  | /api/config                | calls.drainTimeoutSeconds | {\"calls.drainTimeoutSeconds\":\"30\"}",
    })
    void aValueOfTheWrongTypeIs400NamingTheField(String method, String path, String field, String body) {
        badField(api().body(body).request(method, path), field);
        api().get("/api/routes").then().statusCode(200).body("number", not(hasItem("8890")));
    }

    /** Malformed JSON is described without the parser's internals (its source, the opening bracket's place). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"number\":\"8890\",                         | the body ends before its JSON is complete (line 1, column 18)",
            "{\"number\":\"88                               | the body ends before its JSON is complete (line 1, column 14)",
            "{\"number\":[\"8890\"                         | the body ends before its JSON is complete (line 1, column 18)",
            "{\"number\":\"8890\",\"number\":\"8891\"}     | duplicate key 'number' (line 1, column 26)",
            "{\"number\":\"8890\" \"url\":\"ws://a/\"}     | Unexpected character ('\"' (code 34)): was expecting comma to separate Object entries (line 1, column 18)",
            "[1,2]                                             | the body must be a JSON object",
    })
    void malformedJsonIsDescribedWithoutParserInternals(String body, String detail) {
        problem(api().body(body).post("/api/routes"), 400)
                .body("type", equalTo(MALFORMED))
                .body("detail", equalTo(detail))
                .body("detail", not(containsString("Source")))
                .body("detail", not(containsString("REDACTED")))
                .body("detail", not(containsString("StreamReadFeature")));
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {LIMIT, LIMIT - 1})
    void aBodyUpToTheLimitIsRead(int size) throws Exception {
        // Read and checked: refused for its over-long description, not for its size.
        problem(api().body(route(size)).post("/api/routes"), 400)
                .body("errors.field", equalTo(List.of("description")));
        HttpResponse<String> chunked = send(request("/api/routes")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(route(size)))));
        assertEquals(400, chunked.statusCode(), chunked.body());
        api().get("/api/routes").then().statusCode(200).body("number", not(hasItem("8890")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/api/routes", "/q/health", "/nothing-here"})
    void theLimitHoldsWithoutAKeyAndOutsideTheApi(String path) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(base.resolve(path)).expectContinue(true)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(longNumber(LIMIT + 1))));
        assertTooLarge(r, path);
    }

    /** A route whose description fills the body up to {@code size} bytes. */
    static byte[] route(int size) {
        return padded("{\"number\":\"8890\",\"url\":\"ws://127.0.0.1:9/\",\"description\":\"", size);
    }

    /**
     * A body of {@code size} bytes that both a route and a block would read to its end: a number, a property
     * of both, padded with digits (a strict reader stops at the first unknown property).
     */
    static byte[] longNumber(int size) {
        return padded("{\"number\":\"8890", size);
    }

    private static byte[] padded(String head, int size) {
        String tail = "\"}";
        return (head + "0".repeat(size - head.length() - tail.length()) + tail).getBytes(StandardCharsets.US_ASCII);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer test-key")
                .header("Content-Type", "application/json");
    }

    /** An HTTP/1.1 answer read off a socket: status, Content-Type and body (chunked bodies decoded). */
    record RawAnswer(int status, String contentType, String body) {
    }

    /**
     * Writes a request with a body of {@code size} bytes whole, in 64 KiB writes, before reading anything,
     * then reads the answer to the end of the connection.
     */
    private RawAnswer sendWholeThenRead(String method, String path, int size, boolean chunked) throws Exception {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            String head = method + " " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                    + "\r\nAuthorization: Bearer test-key\r\nContent-Type: application/json\r\n"
                    + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + size + "\r\n") + "\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            byte[] body = longNumber(size);
            for (int at = 0; at < size; at += 64 * 1024) {
                int n = Math.min(64 * 1024, size - at);
                if (chunked) out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body, at, n);
                if (chunked) out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            if (chunked) out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return read(socket.getInputStream());
        }
    }

    /** Reads one answer: up to the end of its body by Content-Length or chunking, or of the connection. */
    private static RawAnswer read(java.io.InputStream in) throws java.io.IOException {
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            got.write(buffer, 0, n);
            if (complete(got.toString(StandardCharsets.UTF_8))) break;
        }
        return parse(got.toByteArray());
    }

    private static boolean complete(String text) {
        int split = text.indexOf("\r\n\r\n");
        if (split < 0) return false;
        String head = text.substring(0, split).toLowerCase(java.util.Locale.ROOT);
        String body = text.substring(split + 4);
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("content-length:\\s*(\\d+)").matcher(head);
        if (length.find()) return body.getBytes(StandardCharsets.UTF_8).length >= Integer.parseInt(length.group(1));
        return head.contains("chunked") && body.contains("\r\n0\r\n\r\n") || body.startsWith("0\r\n\r\n");
    }

    private static RawAnswer parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.UTF_8);
        int split = text.indexOf("\r\n\r\n");
        if (split < 0) throw new AssertionError("no complete answer: " + text);
        String[] lines = text.substring(0, split).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        String contentType = null;
        boolean chunked = false;
        for (String line : lines) {
            String lower = line.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("content-type:")) contentType = line.substring(13).strip();
            if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) chunked = true;
        }
        String body = text.substring(split + 4);
        if (chunked) {
            StringBuilder decoded = new StringBuilder();
            int at = 0;
            while (true) {
                int eol = body.indexOf("\r\n", at);
                int n = Integer.parseInt(body.substring(at, eol).strip(), 16);
                if (n == 0) break;
                decoded.append(body, eol + 2, eol + 2 + n);
                at = eol + 2 + n + 2;
            }
            body = decoded.toString();
        }
        return new RawAnswer(status, contentType, body);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private void assertTooLarge(HttpResponse<String> r, String path) throws Exception {
        assertTooLarge(r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), r.body(), path);
    }

    private void assertTooLarge(int status, String contentType, String body, String path) throws Exception {
        assertEquals(413, status, body);
        assertEquals("application/problem+json", contentType);
        JsonNode problem = json.readTree(body);
        assertEquals("about:blank", problem.path("type").asText());
        assertEquals(413, problem.path("status").asInt());
        assertEquals("Request Entity Too Large", problem.path("title").asText());
        assertEquals("the request body must be at most " + LIMIT + " bytes", problem.path("detail").asText());
        assertEquals(path, problem.path("instance").asText());
    }
}
