package io.callbridge.api;

import static io.callbridge.testing.Api.api;
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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
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

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private void assertTooLarge(HttpResponse<String> r, String path) throws Exception {
        assertEquals(413, r.statusCode(), r.body());
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(null));
        JsonNode problem = json.readTree(r.body());
        assertEquals("about:blank", problem.path("type").asText());
        assertEquals(413, problem.path("status").asInt());
        assertEquals("Request Entity Too Large", problem.path("title").asText());
        assertEquals("the request body must be at most " + LIMIT + " bytes", problem.path("detail").asText());
        assertEquals(path, problem.path("instance").asText());
    }
}
