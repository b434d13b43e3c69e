package io.callbridge.sip;

import static io.callbridge.testing.Api.api;
import static io.callbridge.testing.Api.badField;
import static io.callbridge.testing.Api.problem;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SIP users, aliases and domains API over HTTP against the real PostgreSQL (Kamailio's tables in schema
 * kamailio): validation, conflicts, what is stored (HA1 hashes only) and what is never shown or audited (the
 * password). Domain api.a.example.test and its users belong to this test.
 */
@QuarkusTest
class SipUsersApiTest {

    static final String DOMAIN = "api.a.example.test";
    static final String PASSWORD = "correct horse battery";

    @Inject
    DataSource db;

    @BeforeEach
    @AfterEach
    void clean() throws SQLException {
        sql("delete from kamailio.dbaliases where domain = ? or alias_domain = ?", DOMAIN, DOMAIN);
        sql("delete from kamailio.subscriber where domain = ?", DOMAIN);
        sql("delete from kamailio.domain where domain = ?", DOMAIN);
    }

    @Test
    void aUserIsStoredWithItsHa1HashesOnlyAndNeverShowsThePassword() throws SQLException {
        addDomain();
        JsonPath created = api().body(Map.of("username", "alice", "domain", DOMAIN.toUpperCase(), "password", PASSWORD,
                        "displayName", "Alice Example", "callerId", "+4930123456"))
                .post("/api/sip/users").then().statusCode(201)
                .header("Location", containsString("/api/sip/users/"))
                .body("uri", equalTo("sip:alice@" + DOMAIN))
                .body("enabled", equalTo(true))
                .body("$", not(hasKey("password")))
                .body(not(containsString("ha1")))
                .extract().jsonPath();
        long id = created.getLong("id");

        Map<String, String> row = row("select password, ha1, ha1_sha256, caller_id, display_name, enabled::text "
                + "from kamailio.subscriber where id = ?", id);
        assertEquals("", row.get("password"));
        assertEquals(DigestHa1.md5("alice", DOMAIN, PASSWORD), row.get("ha1"));
        assertEquals(DigestHa1.sha256("alice", DOMAIN, PASSWORD), row.get("ha1_sha256"));
        assertEquals("+4930123456", row.get("caller_id"));
        assertEquals("Alice Example", row.get("display_name"));
        assertEquals("1", row.get("enabled"));

        // The audit log says a password was set, never what it is or its hashes.
        String audit = api().queryParam("action", SipUsers.CREATE).queryParam("target", String.valueOf(id))
                .get("/api/audit").then().statusCode(200).extract().asString();
        assertFalse(audit.contains(PASSWORD) || audit.contains(row.get("ha1")), audit);

        // An update without a password keeps the hashes; with one, both change.
        api().body(Map.of("displayName", "Alice", "enabled", true)).put("/api/sip/users/" + id).then().statusCode(200)
                .body("displayName", equalTo("Alice")).body("callerId", equalTo(null));
        assertEquals(DigestHa1.md5("alice", DOMAIN, PASSWORD), row("select ha1 from kamailio.subscriber where id = ?", id).get("ha1"));
        api().body(Map.of("password", "another long secret")).put("/api/sip/users/" + id).then().statusCode(200);
        assertEquals(DigestHa1.sha256("alice", DOMAIN, "another long secret"),
                row("select ha1_sha256 from kamailio.subscriber where id = ?", id).get("ha1_sha256"));

        api().get("/api/sip/users?domain=" + DOMAIN).then().statusCode(200).body("username", equalTo(List.of("alice")));
        api().delete("/api/sip/users/" + id).then().statusCode(204);
        problem(api().get("/api/sip/users/" + id), 404);
    }

    @Test
    void badUsersAreRefusedNamingEveryField() {
        addDomain();
        badField(api().body(Map.of("username", "a b", "domain", DOMAIN, "password", "short")).post("/api/sip/users"), "username")
                .body("errors.field", equalTo(List.of("username", "password")));
        badField(api().body(Map.of("username", "bob", "domain", "not a domain", "password", PASSWORD, "callerId", "call me"))
                .post("/api/sip/users"), "domain").body("errors.field", equalTo(List.of("domain", "callerId")));
        badField(api().body(Map.of("username", "bob", "password", PASSWORD)).post("/api/sip/users"), "domain");
        badField(api().body(Map.of("username", "bob", "domain", "unknown.a.example.test", "password", PASSWORD))
                .post("/api/sip/users"), "domain").body("detail", containsString("domain"));
        badField(api().body(Map.of("username", "bob", "domain", DOMAIN, "password", PASSWORD, "ha1", "x"))
                .post("/api/sip/users"), "ha1");

        long id = createUser("bob");
        problem(api().body(Map.of("username", "bob", "domain", DOMAIN, "password", PASSWORD)).post("/api/sip/users"), 409);
        badField(api().body(Map.of("username", "robert")).put("/api/sip/users/" + id), "username");
        problem(api().body(Map.of("enabled", true)).put("/api/sip/users/999999"), 404);
    }

    @Test
    void concurrentCreatesOfOneAddressGiveOneUserAndConflicts() throws Exception {
        addDomain();
        int writers = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Integer>> codes = new java.util.ArrayList<>();
            for (int i = 0; i < writers; i++) {
                codes.add(pool.submit(() -> {
                    start.await();
                    return api().body(Map.of("username", "erin", "domain", DOMAIN, "password", PASSWORD))
                            .post("/api/sip/users").statusCode();
                }));
            }
            start.countDown();
            List<Integer> got = new java.util.ArrayList<>();
            for (var c : codes) got.add(c.get());
            assertEquals(1, got.stream().filter(c -> c == 201).count(), got.toString());
            assertEquals(writers - 1, got.stream().filter(c -> c == 409).count(), got.toString());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aliasesNameTheUserAndCannotShadowAnother() throws SQLException {
        addDomain();
        long carol = createUser("carol");
        createUser("dave");
        JsonPath alias = api().body(Map.of("alias", "+4930777")).post("/api/sip/users/" + carol + "/aliases")
                .then().statusCode(201).body("uri", equalTo("sip:+4930777@" + DOMAIN)).extract().jsonPath();
        assertEquals(Map.of("username", "carol", "domain", DOMAIN), row(
                "select username, domain from kamailio.dbaliases where alias_username = '+4930777' and alias_domain = ?", DOMAIN));
        api().get("/api/sip/users/" + carol + "/aliases").then().statusCode(200).body("alias", equalTo(List.of("+4930777")));

        problem(api().body(Map.of("alias", "+4930777")).post("/api/sip/users/" + carol + "/aliases"), 409);
        problem(api().body(Map.of("alias", "dave")).post("/api/sip/users/" + carol + "/aliases"), 409);
        problem(api().body(Map.of("username", "+4930777", "domain", DOMAIN, "password", PASSWORD)).post("/api/sip/users"), 409);
        badField(api().body(Map.of("alias", "x y")).post("/api/sip/users/" + carol + "/aliases"), "alias");
        badField(api().body(Map.of("alias", "x", "domain", "elsewhere.example.test")).post("/api/sip/users/" + carol + "/aliases"), "domain");
        problem(api().body(Map.of("alias", "x")).post("/api/sip/users/999999/aliases"), 404);

        // A domain with users cannot go; deleting the user takes its aliases along.
        problem(api().delete("/api/sip/domains/" + DOMAIN), 409);
        api().delete("/api/sip/users/" + carol + "/aliases/" + alias.getLong("id")).then().statusCode(204);
        problem(api().delete("/api/sip/users/" + carol + "/aliases/" + alias.getLong("id")), 404);
        api().body(Map.of("alias", "+4930778")).post("/api/sip/users/" + carol + "/aliases").then().statusCode(201);
        api().delete("/api/sip/users/" + carol).then().statusCode(204);
        assertNull(row("select username from kamailio.dbaliases where alias_username = '+4930778'").get("username"));
    }

    @Test
    void domainsAreValidatedAndUnique() {
        badField(api().body(Map.of("domain", "-bad-.example")).post("/api/sip/domains"), "domain");
        badField(api().body(Map.of("domain", "localhost")).post("/api/sip/domains"), "domain");
        addDomain();
        problem(api().body(Map.of("domain", DOMAIN)).post("/api/sip/domains"), 409);
        api().get("/api/sip/domains").then().statusCode(200).body("domain", org.hamcrest.Matchers.hasItem(DOMAIN));
        api().delete("/api/sip/domains/" + DOMAIN).then().statusCode(204);
        problem(api().delete("/api/sip/domains/" + DOMAIN), 404);
    }

    private static void addDomain() {
        api().body(Map.of("domain", DOMAIN)).post("/api/sip/domains").then().statusCode(201).body("domain", equalTo(DOMAIN));
    }

    private static long createUser(String name) {
        return api().body(Map.of("username", name, "domain", DOMAIN, "password", PASSWORD)).post("/api/sip/users")
                .then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private void sql(String statement, Object... params) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(statement)) {
            for (int i = 0; i < params.length; i++) s.setObject(i + 1, params[i]);
            s.executeUpdate();
        }
    }

    /** The first row's columns by name (empty when there is none). */
    private Map<String, String> row(String query, Object... params) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(query)) {
            for (int i = 0; i < params.length; i++) s.setObject(i + 1, params[i]);
            try (ResultSet rs = s.executeQuery()) {
                java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
                if (rs.next()) {
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) m.put(rs.getMetaData().getColumnName(i), rs.getString(i));
                }
                return m;
            }
        }
    }
}
