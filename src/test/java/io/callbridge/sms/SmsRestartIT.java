package io.callbridge.sms;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.testing.PackagedApp;
import io.callbridge.testing.Sipp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Queued messages survive a crash of the app. The packaged app queues three messages for a user of ours who is
 * offline, is killed with SIGKILL, and the user registers while it is down (the registration's notification
 * reaches no one). Started again, the app sends each message exactly once to the user's phone.
 */
class SmsRestartIT {

    /** Beside the tests' app (8081), the stack's (8080) and the other restart tests' (8082). */
    static final int HTTP_PORT = 8086;
    static final int RTP_PORT = 40280;
    static final int PHONE_PORT = 5805;
    static final String USER = "7805";
    static final String DOMAIN = "restart.sms.example.test";
    static final String PASSWORD = "an-sms-restart-secret";
    static final String API_KEY = "sms-restart-it-" + UUID.randomUUID();
    static final Duration READY = Duration.ofSeconds(60);

    @Test
    void messagesQueuedAtACrashAreEachSentOnceAfterTheRestart() throws Exception {
        subscriber();
        try (PackagedApp app = PackagedApp.built("sms-restart-it", Map.of("CALLBRIDGE_API_KEY", API_KEY,
                "CALLBRIDGE_MEDIA_RTP_PORT", String.valueOf(RTP_PORT)), HTTP_PORT)) {
            app.start(READY);
            List<String> bodies = List.of("one", "two", "three");
            List<String> sids = bodies.stream().map(b -> app.api(API_KEY)
                    .body(Map.of("from", "7800", "to", USER + "@" + DOMAIN, "body", b)).post("/api/sms/send")
                    .then().statusCode(202).extract().<String>path("messageSid")).toList();
            // each waits for the user to register
            for (String sid : sids) {
                await().atMost(Duration.ofSeconds(10)).until(() -> app.api(API_KEY).get("/api/sms/" + sid).then()
                        .extract().<String>path("waitUntil") != null);
            }

            app.kill();
            // sipp registers from the phone's port, then the phone listens there
            assertTrue(Sipp.register(USER, DOMAIN, PASSWORD, PHONE_PORT, 300).succeeded(), "the user registers");
            try (SipResponder phone = new SipResponder(PHONE_PORT)) {
                app.start(READY);
                for (String sid : sids) {
                    await().atMost(Duration.ofSeconds(20)).until(() -> app.api(API_KEY).get("/api/sms/" + sid).then()
                            .extract().<String>path("status"), "sent"::equals);
                }
                Map<String, Long> arrivals = phone.received().stream()
                        .collect(Collectors.groupingBy(SipResponder.Received::body, Collectors.counting()));
                assertEquals(Map.of("one", 1L, "two", 1L, "three", 1L), arrivals, phone.received().toString());
            }
        } finally {
            sql("delete from kamailio.location where username = ? and domain = ?", USER, DOMAIN);
            sql("delete from kamailio.subscriber where username = ? and domain = ?", USER, DOMAIN);
            sql("delete from kamailio.domain where domain = ?", DOMAIN);
        }
    }

    private static void subscriber() throws Exception {
        sql("insert into kamailio.domain (domain) values (?) on conflict (domain) do nothing", DOMAIN);
        String ha1 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                .digest((USER + ":" + DOMAIN + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        sql("insert into kamailio.subscriber (username, domain, ha1) values (?, ?, ?) "
                + "on conflict (username, domain) do update set ha1 = excluded.ha1", USER, DOMAIN, ha1);
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest reload = HttpRequest.newBuilder(URI.create("http://127.0.0.1:5066/RPC"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"domain.reload\"}")).build();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> http.send(reload, HttpResponse.BodyHandlers.ofString()).body(), b -> b.contains("\"result\""));
    }

    private static void sql(String statement, String... values) {
        String url = System.getenv().getOrDefault("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/callbridge_test");
        try (Connection c = DriverManager.getConnection(url, "callbridge", "callbridge");
             PreparedStatement s = c.prepareStatement(statement)) {
            for (int i = 0; i < values.length; i++) s.setString(i + 1, values[i]);
            s.executeUpdate();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(statement + ": " + e.getMessage(), e);
        }
    }
}
