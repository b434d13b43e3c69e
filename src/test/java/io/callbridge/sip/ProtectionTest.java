package io.callbridge.sip;

import static io.callbridge.testing.Api.api;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.store.CallRecord;
import io.callbridge.testing.Api;
import io.callbridge.testing.HookReceiver;
import io.callbridge.testing.HookReceiver.Hook;
import io.callbridge.testing.Metrics;
import io.callbridge.testing.Sipp;
import io.callbridge.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Attack protection on the real edge (kamailio/protect.cfg with its default limits): floods, password
 * guessing, scanners and the IP lists, from loopback addresses 127.0.0.2-127.0.0.9 (the suite's other callers
 * use 127.0.0.1, never banned by these tests: each lifts its bans). The figures printed (requests until a flood
 * is banned, a caller's call setup during the flood) are those of docs/sip-edge.md.
 */
@QuarkusTest
@TestProfile(ProtectionTest.Hooks.class)
class ProtectionTest {

    static final int HOOK_PORT = 5659;
    static final String ROUTE = "7640";
    /** protect.cfg's defaults. */
    static final int FLOOD_REQUESTS = 300;
    static final int AUTH_FAILURES = 10;

    static final String FLOODER = "127.0.0.2";
    static final String CALLER = "127.0.0.3";
    static final String GUESSER = "127.0.0.4";
    static final String SCANNER = "127.0.0.5";
    static final String LISTED = "127.0.0.6";
    static final String OTHER = "127.0.0.8";
    static final String GUESSED_USER = "c-guess";

    public static class Hooks implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("callbridge.webhooks.url", "http://127.0.0.1:" + HOOK_PORT + "/hooks",
                    "callbridge.webhooks.poll-interval", "200ms",
                    "callbridge.security.event-poll", "200ms");
        }
    }

    @Inject
    TestData data;

    @Inject
    Vertx vertx;

    /** Whatever a test left: no ban and no IP rule outlives it (127.0.0.1 must stay reachable for the suite). */
    @AfterEach
    void cleanUp() {
        for (Map<String, Object> ban : bans()) api().delete("/api/security/bans/{t}", ban.get("target"));
        for (Map<String, Object> rule : api().get("/api/security/ip-rules").then().statusCode(200).extract().jsonPath()
                .<Map<String, Object>>getList("$")) {
            api().delete("/api/security/ip-rules/{id}", rule.get("id")).then().statusCode(204);
        }
    }

    @Test
    void aFloodIsBannedWhileACallerFromAnotherAddressReachesItsAgent() throws Exception {
        data.ensureRoute(ROUTE);
        TestData.awaitReady();
        double bansBefore = Metrics.value("callbridge_security_events_total", "reason=\"flood\",type=\"ban\"");
        // The first call after the app starts pays for its warm-up: the second is the fair baseline.
        setupMillis(callFromCaller());
        long quietSetupMillis = setupMillis(callFromCaller());
        // After the quiet call (it started 2 s before it ended): only the call during the flood is newer.
        OffsetDateTime since = OffsetDateTime.now().minusNanos(500_000_000);
        try (HookReceiver hooks = new HookReceiver(vertx, HOOK_PORT)) {
            // 1000 OPTIONS a second for 8 s from one address, each waiting 2 s for its answer.
            CompletableFuture<Sipp.Result> flood = CompletableFuture.supplyAsync(() -> Sipp.from(FLOODER, 5640,
                    "options-probe.xml", "", Map.of("UA", "flooder", "WAIT_MS", "2000"),
                    List.of("-m", "8000", "-r", "1000", "-l", "8000", "-nr"), 40));
            await().atMost(Duration.ofSeconds(10)).until(() -> banOf(FLOODER).isPresent());
            assertTrue(!flood.isDone(), "the flood is still going on");

            // Meanwhile a caller from another address: answered, its audio relayed, its agent reached.
            Sipp.Result call = callFromCaller();
            boolean floodStillOn = !flood.isDone();
            assertTrue(floodStillOn, "the call was placed during the flood");
            long setupMillis = setupMillis(call);
            CallRecord cdr = data.awaitEnded(ROUTE, since);
            assertEquals(200, cdr.sipCode);
            assertEquals(TestData.ECHO_AGENT, cdr.agentUrl);
            assertTrue(cdr.packetsIn > 20, "caller audio at the app: " + cdr.packetsIn);

            Sipp.Result flooded = flood.get();
            long answered = Sipp.count(flooded, "Successful call");
            long dropped = Sipp.count(flooded, "Failed call");
            System.out.printf("FIGURE flood: %d of %d requests answered before the ban (limit %d per 2 s); a caller's "
                    + "call setup (INVITE to 200) during the flood: %d ms (without a flood: %d ms)%n", answered,
                    answered + dropped, FLOOD_REQUESTS, setupMillis, quietSetupMillis);
            assertTrue(answered >= FLOOD_REQUESTS / 2 && answered <= 3L * FLOOD_REQUESTS, "answered before the ban: " + answered);
            assertTrue(dropped >= 8000 - 3L * FLOOD_REQUESTS, "dropped: " + dropped);
            assertTrue(setupMillis < 2000, "call setup " + setupMillis + " ms");

            Hook ban = hooks.await(h -> isEvent(h, "security.ban", FLOODER), 1, Duration.ofSeconds(10)).get(0);
            JsonObject d = ban.json().getJsonObject("data");
            assertEquals("address", d.getString("type"));
            assertEquals("flood", d.getString("reason"));
            assertEquals(300, d.getInteger("banSeconds"));
            assertEquals("flooder", d.getString("userAgent"));
            assertEquals(1, hooks.all(h -> isEvent(h, "security.ban", FLOODER)).size(), "one ban, one event");
            assertAudited("security.ban", FLOODER);
            assertEquals(bansBefore + 1, Metrics.value("callbridge_security_events_total", "reason=\"flood\",type=\"ban\""));
        }

        assertEquals("flood", banOf(FLOODER).orElseThrow().get("reason"));
        api().delete("/api/security/bans/{t}", FLOODER).then().statusCode(204);
        assertTrue(banOf(FLOODER).isEmpty());
        assertAudited("security.ban.lift", FLOODER);
        // Pike forgets the flood within a window or two: then the address is answered again.
        await().atMost(Duration.ofSeconds(15)).until(() -> EdgeProbe.options(FLOODER, 5643, "probe").isPresent());
        Api.problem(api().delete("/api/security/bans/{t}", FLOODER), 404);
    }

    @Test
    void passwordGuessingBansTheAddressAndLocksTheUser() throws Exception {
        // HA1 = MD5(user:realm:password) (RFC 2617); the realm is the domain, here the edge's own address.
        data.sql("insert into kamailio.subscriber (username, domain, ha1) values ('" + GUESSED_USER + "', '127.0.0.1', "
                + "md5('" + GUESSED_USER + ":127.0.0.1:right-secret')) on conflict do nothing");
        try (HookReceiver hooks = new HookReceiver(vertx, HOOK_PORT)) {
            Sipp.Result guesses = register(GUESSER, "wrong-guess", "401", AUTH_FAILURES + 2);
            // Each wrong password is challenged again (401) until the limit; from then on nothing is answered.
            assertEquals(AUTH_FAILURES, Sipp.count(guesses, "Successful call"), guesses.output());
            assertEquals(2, Sipp.count(guesses, "Failed call"));
            System.out.printf("FIGURE brute force: banned after %d failed authentications%n", AUTH_FAILURES);

            String user = GUESSED_USER + "@127.0.0.1";
            List<Hook> events = hooks.await(h -> h.json().getString("type").startsWith("security.")
                    && GUESSER.equals(h.json().getJsonObject("data").getString("address")), 4, Duration.ofSeconds(10));
            JsonObject byAddress = data(events, "security.auth_failures", "address");
            assertEquals(GUESSER, byAddress.getString("address"));
            assertEquals(AUTH_FAILURES, byAddress.getInteger("failures"));
            assertEquals(user, data(events, "security.auth_failures", "username").getString("username"));
            assertEquals("auth_failures", data(events, "security.ban", GUESSER).getString("reason"));
            assertEquals("user", data(events, "security.ban", user).getString("type"));
            assertAudited("security.auth_failures", GUESSER);
            assertAudited("security.ban", user);

            assertEquals("address", banOf(GUESSER).orElseThrow().get("type"));
            assertEquals("user", banOf(user).orElseThrow().get("type"));
            // The user is locked from every address: the right password from elsewhere gets nothing.
            assertEquals(1, Sipp.count(register(OTHER, "right-secret", "200", 1), "Failed call"));

            api().delete("/api/security/bans/{t}", GUESSER).then().statusCode(204);
            api().delete("/api/security/bans/{t}", user).then().statusCode(204);
            Sipp.Result right = register(GUESSER, "right-secret", "200", 1);
            assertTrue(right.succeeded(), "the right password after the bans were lifted:\n" + right.output());
        } finally {
            data.sql("delete from kamailio.location where username = '" + GUESSED_USER + "'");
            data.sql("delete from kamailio.subscriber where username = '" + GUESSED_USER + "'");
        }
    }

    @Test
    void scannersAreDroppedAndBannedAndMalformedRequestsRejected() {
        assertEquals(Optional.empty(), EdgeProbe.options(SCANNER, 5644, "friendly-scanner"));
        assertEquals("scanner", banOf(SCANNER).orElseThrow().get("reason"));
        // Banned: even a harmless request from there gets nothing now.
        assertEquals(Optional.empty(), EdgeProbe.options(SCANNER, 5644, "probe"));
        api().delete("/api/security/bans/{t}", SCANNER).then().statusCode(204);
        assertEquals(Optional.of("SIP/2.0 200 OK"), EdgeProbe.options(SCANNER, 5644, "probe"));
        for (String ua : List.of("sipvicious", "sipcli/v1.8", "VaxSIPUserAgent/3.1")) {
            assertEquals(Optional.empty(), EdgeProbe.options(SCANNER, 5644, ua), ua);
            api().delete("/api/security/bans/{t}", SCANNER).then().statusCode(204);
        }
        assertTrue(EdgeProbe.malformed(SCANNER, 5644).orElseThrow().startsWith("SIP/2.0 400 "));

        // A user agent made to break out of the event's SQL string is recorded as sent, and nothing else runs.
        String crafted = "sipvicious'\\'); delete from security_event; --";
        assertEquals(Optional.empty(), EdgeProbe.options(SCANNER, 5644, crafted));
        await().atMost(Duration.ofSeconds(10)).until(() -> api().queryParam("action", "security.ban").queryParam("target", SCANNER)
                .get("/api/audit").then().statusCode(200).extract().jsonPath().<String>getList("items.after.userAgent")
                .contains(crafted));
        api().delete("/api/security/bans/{t}", SCANNER).then().statusCode(204);
    }

    @Test
    void aDenyListEntrySilencesItsNetworkAtOnce() {
        assertEquals(Optional.of("SIP/2.0 200 OK"), EdgeProbe.options(LISTED, 5645, "probe"));
        long id = addRule("deny", "127.0.0.6/31", "test: .6 and .7");
        assertEquals(Optional.empty(), EdgeProbe.options(LISTED, 5645, "probe"));
        assertEquals(Optional.empty(), EdgeProbe.options("127.0.0.7", 5645, "probe"));
        assertEquals(Optional.of("SIP/2.0 200 OK"), EdgeProbe.options(OTHER, 5645, "probe"));
        assertAudited("ip_rule.create", "ip-rule/" + id);
        api().delete("/api/security/ip-rules/{id}", id).then().statusCode(204);
        assertEquals(Optional.of("SIP/2.0 200 OK"), EdgeProbe.options(LISTED, 5645, "probe"));
        Api.problem(api().delete("/api/security/ip-rules/{id}", id), 404);
    }

    @Test
    void anAllowListAdmitsOnlyItsNetworksAndDenyWins() {
        long allow = addRule("allow", "127.0.0.6", null);
        // The same network again is kept as it is.
        api().body(Map.of("list", "allow", "cidr", "127.0.0.6/32")).post("/api/security/ip-rules").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.equalTo((int) allow));
        assertEquals(Optional.of("SIP/2.0 200 OK"), EdgeProbe.options(LISTED, 5646, "probe"));
        assertEquals(Optional.empty(), EdgeProbe.options(OTHER, 5646, "probe"));
        long deny = addRule("deny", "127.0.0.6", null);
        assertEquals(Optional.empty(), EdgeProbe.options(LISTED, 5646, "probe"));
        api().delete("/api/security/ip-rules/{id}", deny).then().statusCode(204);
        api().delete("/api/security/ip-rules/{id}", allow).then().statusCode(204);
        // An empty allow list allows everyone again.
        assertEquals(Optional.of("SIP/2.0 200 OK"), EdgeProbe.options(OTHER, 5646, "probe"));
    }

    @Test
    void ipRulesAreValidated() {
        Api.badField(api().body(Map.of("list", "deny", "cidr", "example.com")).post("/api/security/ip-rules"), "cidr");
        Api.badField(api().body(Map.of("list", "deny", "cidr", "10.0.0.0/33")).post("/api/security/ip-rules"), "cidr");
        Api.badField(api().body(Map.of("list", "maybe", "cidr", "10.0.0.0/8")).post("/api/security/ip-rules"), "list");
        // A network is stored as its first address.
        api().body(Map.of("list", "deny", "cidr", "2001:db8::7/32")).post("/api/security/ip-rules").then().statusCode(201)
                .body("cidr", org.hamcrest.Matchers.equalTo("2001:db8:0:0:0:0:0:0/32"));
    }

    /** A caller from {@link #CALLER} that talks for 2 s to the route's agent and hangs up. */
    private static Sipp.Result callFromCaller() {
        return Sipp.from(CALLER, 5641, "uac-hangup.xml", ROUTE, Map.of("HOLD_MS", "2000", "PCAP", "pcap/g711a.pcap"),
                Stream.concat(Stream.of("-m", "1"), Sipp.RESPONSE_TIMES.stream()).toList(), 20);
    }

    /** The call's setup time, INVITE to 200 OK, as its caller measured it. */
    private static long setupMillis(Sipp.Result call) {
        assertTrue(call.succeeded(), "the caller's call failed:\n" + call.output());
        List<Long> setup = Sipp.responseTimesMillis(call);
        assertEquals(1, setup.size(), call.output());
        return setup.get(0);
    }

    private long addRule(String list, String cidr, String description) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("list", list, "cidr", cidr));
        if (description != null) body.put("description", description);
        return api().body(body).post("/api/security/ip-rules").then().statusCode(201)
                .body("list", org.hamcrest.Matchers.equalTo(list)).extract().jsonPath().getLong("id");
    }

    private static Sipp.Result register(String source, String password, String finalCode, int times) {
        return Sipp.from(source, 5642, "register-guess.xml", "", Map.of("USER", GUESSED_USER, "DOMAIN", "127.0.0.1",
                "PASSWORD", password, "FINAL", finalCode, "UA", "guesser", "WAIT_MS", "1000"),
                List.of("-m", String.valueOf(times), "-l", "1", "-r", "20"), 60);
    }

    private static List<Map<String, Object>> bans() {
        return api().get("/api/security/bans").then().statusCode(200).extract().jsonPath().getList("$");
    }

    private static Optional<Map<String, Object>> banOf(String target) {
        return bans().stream().filter(b -> target.equals(b.get("target"))).findFirst();
    }

    private static boolean isEvent(Hook h, String type, String target) {
        JsonObject json = h.json();
        JsonObject d = json.getJsonObject("data");
        return type.equals(json.getString("type")) && (target.equals(d.getString("target")) || target.equals(d.getString("scope")));
    }

    private static JsonObject data(List<Hook> events, String type, String targetOrScope) {
        return events.stream().filter(h -> isEvent(h, type, targetOrScope)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " " + targetOrScope + " in " + events.stream().map(Hook::body).toList()))
                .json().getJsonObject("data");
    }

    private static void assertAudited(String action, String target) {
        await().atMost(Duration.ofSeconds(10)).until(() -> !api().queryParam("action", action).queryParam("target", target)
                .get("/api/audit").then().statusCode(200).extract().jsonPath().getList("items").isEmpty());
    }
}
