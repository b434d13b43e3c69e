package io.callbridge.trunk;

import static io.callbridge.testing.Api.api;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.sip.KamailioRpc;
import io.callbridge.store.CallRecord;
import io.callbridge.testing.Api;
import io.callbridge.testing.Child;
import io.callbridge.testing.Sipp;
import io.callbridge.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Trunks on the real path: the API writes Kamailio's tables and Kamailio applies them at once; sipp stands in for
 * the carriers (callers from a trunk's address and from an unknown one, gateways answering OPTIONS, a registrar
 * that challenges with 401). Ports 5920-5939.
 */
@QuarkusTest
class TrunksTest {

    /** The route the trunk's calls reach, in E.164; dialed in national form. */
    static final String NUMBER = "+493012347920";
    static final String NATIONAL = "03012347920";

    @Inject
    TestData data;

    @Inject
    KamailioRpc rpc;

    @Inject
    DataSource db;

    private final List<Long> trunks = new ArrayList<>();
    private final List<Child> farEnds = new ArrayList<>();

    @BeforeEach
    void ready() {
        data.ensureRoute(NUMBER);
        TestData.awaitReady();
    }

    @AfterEach
    void cleanUp() {
        farEnds.forEach(Child::stop);
        for (long id : trunks) api().delete("/api/trunks/" + id);
        inboundOpen(true);
        data.removeRoute(NUMBER);
    }

    @Test
    void theApiValidatesStoresAndWritesTheEdgesTables() {
        Api.badField(api().body(Map.of("name", "bad name", "inboundSources", List.of("300.0.0.1"),
                "gateways", List.of(Map.of("host", "gw.example", "transport", "sctp")),
                "dids", List.of("+4930-+49301"))).post("/api/trunks"), "inboundSources[0]");
        long id = create(Map.of("name", "carrier-api", "inboundSources", List.of("198.51.100.7/29"),
                "authUsername", "acct", "authPassword", "secret-1",
                "gateways", List.of(Map.of("host", "192.0.2.10", "priority", 1, "weight", 3),
                        Map.of("host", "gw.carrier.example", "port", 5061, "transport", "tls", "priority", 0, "srtp", true)),
                "dids", List.of("+4930123400-+4930123499")));
        JsonPath trunk = api().get("/api/trunks/" + id).then().statusCode(200)
                .body("inboundSources", equalTo(List.of("198.51.100.0/29")))
                .body("authPasswordSet", equalTo(true))
                .body("dids", equalTo(List.of("+4930123400-+4930123499")))
                .extract().jsonPath();
        assertTrue(!trunk.getString("").contains("secret-1"), "the password must never be returned");
        long firstGateway = trunk.getLong("gateways[0].id");
        assertEquals("gw.carrier.example", trunk.getString("gateways[0].host")); // lowest priority first
        List<String> rows = rows("select setid || ' ' || destination || ' ' || priority || ' ' || attrs from kamailio.dispatcher "
                + "where setid = " + (100 + id) + " order by priority desc");
        assertEquals(List.of((100 + id) + " sip:gw.carrier.example:5061;transport=tls 1000 duid=gw-" + firstGateway + ";weight=1;srtp=1",
                (100 + id) + " sip:192.0.2.10:5060 999 duid=gw-" + trunk.getLong("gateways[1].id") + ";weight=3"), rows);
        assertEquals(List.of("198.51.100.0/29"), rows("select ip_addr || '/' || mask from kamailio.address where grp = " + (100 + id)));
        api().get("/api/trunks").then().statusCode(200).body("name", hasItem("carrier-api"));
        api().get("/api/audit?target=trunk/" + id).then().statusCode(200).body("items.action", hasItem(Trunks.CREATE));

        // Disabled: no rows, so its sources are strangers and no call leaves through it.
        api().body(Map.of("name", "carrier-api", "enabled", false, "inboundSources", List.of("198.51.100.7/29")))
                .put("/api/trunks/" + id).then().statusCode(200).body("enabled", equalTo(false));
        assertEquals(List.of(), rows("select destination from kamailio.dispatcher where setid = " + (100 + id)));
        assertEquals(List.of(), rows("select ip_addr from kamailio.address where grp = " + (100 + id)));

        api().delete("/api/trunks/" + id).then().statusCode(204);
        trunks.remove(id);
        Api.problem(api().get("/api/trunks/" + id), 404);
    }

    @Test
    void aStrangerIsRefusedAndATrunksCallIsRoutedByItsNumberInE164() {
        long id = create(Map.of("name", "carrier-in", "inboundSources", List.of("127.0.0.1/32"), "countryCode", "49",
                "nationalPrefix", "0", "dids", List.of("+4930123479 20-+4930123479 39".replace(" ", ""))));
        inboundOpen(false);

        Sipp.Result stranger = Sipp.from("127.0.0.2", 5921, "uac-rejected.xml", NATIONAL,
                Map.of("CODE", "403", "FROM", "+15550001111"), List.of("-m", "1"), 15);
        assertTrue(stranger.succeeded(), "a call from an address of no trunk must be refused with 403:\n" + stranger.output());

        OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);
        Sipp.Result call = Sipp.talkingCall(NATIONAL, 1000);
        assertTrue(call.succeeded(), "the trunk's call to " + NATIONAL + " failed:\n" + call.output());
        CallRecord cdr = data.awaitEnded(NUMBER, since);
        assertEquals(NUMBER, cdr.route);
        assertEquals(List.of(String.valueOf(id)), rows("select trunk_id::text from calls where call_sid = '" + cdr.callSid + "'"));
    }

    @Test
    void aGatewayThatStopsAnsweringOptionsShowsDown() throws IOException {
        Child steady = optionsAnswerer(5924);
        Child failing = optionsAnswerer(5925);
        long id = create(Map.of("name", "carrier-health", "gateways", List.of(
                Map.of("host", "127.0.0.1", "port", 5924), Map.of("host", "127.0.0.1", "port", 5925, "priority", 1))));
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> gatewayStates(id), s -> s.equals(List.of("up", "up")));

        failing.stop();

        // Two unanswered probes, 1 s apart (kamailio.cfg ds_ping_interval, ds_probing_threshold).
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> gatewayStates(id), s -> s.equals(List.of("up", "down")));
        // Kamailio's gauge for the TrunkDown alert says so too (event_route[dispatcher:dst-down], rpc.cfg).
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
                .until(() -> io.callbridge.testing.SipFixtures.sample("callbridge_edge_destination_up",
                        "destination=\"" + gatewayUri(id, 5925) + "\""), v -> v != null && v == 0);
        assertTrue(steady.output().isEmpty() || !steady.output().contains("Fatal"), steady.output());
    }

    @Test
    void aTrunkThatRegistersIsRegisteredWithItsCarriersRegistrarAfterA401() throws IOException {
        Child registrar = sipp("uas-registrar.xml", 5926, Map.of("USER", "trunkuser", "PASSWORD", "trunk-secret-9",
                "REALM", "carrier.test", "EXPIRES", "300"), List.of("-m", "50")); // OPTIONS probes are calls too
        long id = create(Map.of("name", "carrier-reg", "register", true, "registerExpires", 300,
                "authUsername", "trunkuser", "authPassword", "trunk-secret-9",
                "gateways", List.of(Map.of("host", "127.0.0.1", "port", 5926))));
        // The registrar grants the registration (200) only to a REGISTER whose digest answer is right, else 403.
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> api().get("/api/trunks/" + id).then().statusCode(200).extract().jsonPath()
                            .getString("status.registration.state"), "registered"::equals);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("not registered; the registrar saw:\n" + registrar.output(), e);
        } finally {
            registrar.stop();
        }
    }

    private long create(Map<String, Object> body) {
        long id = api().body(body).post("/api/trunks").then().statusCode(201).extract().jsonPath().getLong("id");
        trunks.add(id);
        return id;
    }

    /** The SIP URI the edge knows gateway {@code port} of trunk {@code id} by (its dispatcher destination). */
    private String gatewayUri(long id, int port) {
        return rows("select destination from kamailio.dispatcher where setid = " + (100 + id)
                + " and destination like '%:" + port + "%'").getFirst();
    }

    private List<String> gatewayStates(long id) {
        return api().get("/api/trunks/" + id).then().statusCode(200).extract().jsonPath().getList("status.gateways.state");
    }

    /** The edge's inbound policy, switched at run time as the app would at start (table edge_flags). */
    private void inboundOpen(boolean open) {
        data.sql("update kamailio.edge_flags set key_value = '" + (open ? 1 : 0) + "' where key_name = 'inbound_open'");
        rpc.call("htable.reload", "edge_flags");
    }

    private Child optionsAnswerer(int port) throws IOException {
        return sipp("uas-options.xml", port, Map.of(), List.of());
    }

    /** A sipp far end on {@code port} running {@code scenario} until it ends or is stopped. */
    private Child sipp(String scenario, int port, Map<String, String> params, List<String> extra) throws IOException {
        Path dir = Files.createTempDirectory("sipp-trunk");
        String xml;
        try (InputStream in = TrunksTest.class.getResourceAsStream("/sipp/" + scenario)) {
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (var p : params.entrySet()) xml = xml.replace("@" + p.getKey() + "@", p.getValue());
        Path file = dir.resolve(scenario);
        Files.writeString(file, xml);
        List<String> cmd = new ArrayList<>(List.of("sipp", "-sf", file.toString(), "-i", "127.0.0.1", "-p", String.valueOf(port),
                "-nostdin", "-timeout", "90s", "-timeout_error", "-trace_err", "-error_file", dir.resolve("errors.log").toString()));
        cmd.addAll(extra);
        Child child = Child.start(new ProcessBuilder(cmd).directory(dir.toFile()), dir.resolve("sipp.out"));
        farEnds.add(child);
        return child;
    }

    private List<String> rows(String sql) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            List<String> out = new ArrayList<>();
            while (rs.next()) out.add(rs.getString(1));
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
