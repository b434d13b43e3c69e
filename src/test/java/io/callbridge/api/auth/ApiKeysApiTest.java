package io.callbridge.api.auth;

import static io.callbridge.testing.Api.api;
import static io.callbridge.testing.Api.badField;
import static io.callbridge.testing.Api.problem;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.callbridge.store.ApiKeyEntity;
import io.callbridge.store.ApiKeyRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** API keys over HTTP against the real PostgreSQL: created, used, listed without secrets, revoked. */
@QuarkusTest
class ApiKeysApiTest {


    @Inject
    ApiKeyRepository repository;

    @Inject
    StoredKeys stored;

    @Test
    void aCreatedKeyWorksUntilItIsRevoked() {
        JsonPath created = api().body(Map.of("name", "ci deploy")).post("/api/keys")
                .then().statusCode(201)
                .contentType(ContentType.JSON)
                .body("id", matchesPattern("key_[0-9a-f]{20}"))
                .body("key", matchesPattern("cbk_[A-Za-z0-9_-]{43}"))
                .body("name", equalTo("ci deploy"))
                .body("createdAt", notNullValue())
                .body("createdBy", equalTo("env-1"))
                .extract().jsonPath();
        String id = created.getString("id");
        String key = created.getString("key");
        assertEquals(key.substring(0, 12), created.getString("prefix"));

        with(key).get("/api/routes").then().statusCode(200);
        Map<String, Object> listed = listed(id);
        assertEquals("ci deploy", listed.get("name"));
        assertEquals(key.substring(0, 12), listed.get("prefix"));
        assertEquals("env-1", listed.get("createdBy"));
        assertNull(listed.get("revokedAt"));

        api().delete("/api/keys/" + id).then().statusCode(204);
        problem(with(key).get("/api/routes"), 401)
                .header("WWW-Authenticate", containsString("invalid_token"));
        Map<String, Object> revoked = listed(id);
        assertNotNull(revoked.get("revokedAt"));
        assertEquals("env-1", revoked.get("revokedBy"));
    }

    @Test
    void creatingAndRevokingAKeyIsAuditedWithoutTheKey() {
        JsonPath created = api().body(Map.of("name", "audited")).post("/api/keys").then().statusCode(201)
                .extract().jsonPath();
        String id = created.getString("id");
        String key = created.getString("key");
        api().delete("/api/keys/" + id).then().statusCode(204);

        JsonPath audit = api().queryParam("target", id).get("/api/audit").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("key.revoke", "key.create"), audit.getList("items.action"), "newest first");
        assertEquals("env-1", audit.getString("items[1].actor.keyId"));
        assertEquals("audited", audit.getString("items[1].after.name"));
        assertNull(audit.get("items[1].before"));
        assertNull(audit.get("items[0].before.revokedAt"));
        assertNotNull(audit.get("items[0].after.revokedAt"));
        String all = api().queryParam("target", id).get("/api/audit").asString();
        assertFalse(all.contains(key) || all.contains(key.substring(4)), "the key never reaches the audit log");
    }

    @Test
    void theListNeverShowsAKeyOrItsHash() {
        String key = create("listed").getString("key");
        String body = api().get("/api/keys").then().statusCode(200).extract().asString();
        assertFalse(body.contains(key), body);
        assertFalse(body.contains(key.substring(12)), body);
        List<Map<String, Object>> all = api().get("/api/keys").then().extract().jsonPath().getList("$");
        Set<String> fields = Set.of("id", "name", "prefix", "createdAt", "createdBy", "lastUsedAt", "revokedAt",
                "revokedBy");
        all.forEach(k -> assertEquals(fields, k.keySet(), "no key, no hash: " + k));
    }

    @Test
    void aStoredKeyCreatesAndRevokesKeysInItsOwnName() {
        JsonPath admin = create("admin");
        String adminId = admin.getString("id");
        String adminKey = admin.getString("key");
        String otherId = with(adminKey).contentType(ContentType.JSON).body(Map.of("name", "made by admin"))
                .post("/api/keys").then().statusCode(201)
                .body("createdBy", equalTo(adminId))
                .extract().path("id");
        with(adminKey).delete("/api/keys/" + otherId).then().statusCode(204);
        assertEquals(adminId, listed(otherId).get("revokedBy"));

        // A key may revoke itself: this request succeeds, the next one is refused.
        with(adminKey).delete("/api/keys/" + adminId).then().statusCode(204);
        problem(with(adminKey).get("/api/keys"), 401);
    }

    @Test
    void theLastUseIsRecorded() {
        JsonPath created = create("used");
        String id = created.getString("id");
        assertNull(listed(id).get("lastUsedAt"));
        with(created.getString("key")).get("/api/routes").then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> listed(id).get("lastUsedAt") != null);
    }

    @Test
    void revokingAnUnknownKeyIs404AndARevokedOne409() {
        problem(api().delete("/api/keys/key_00000000000000000000"), 404)
                .body("type", equalTo("about:blank"))
                .body("detail", equalTo("no API key key_00000000000000000000"));
        String id = create("twice").getString("id");
        api().delete("/api/keys/" + id).then().statusCode(204);
        problem(api().delete("/api/keys/" + id), 409)
                .body("detail", equalTo("API key " + id + " is already revoked"));
    }

    @Test
    void theEnvironmentKeyAlwaysWorksAndIsNotAStoredKey() {
        problem(api().delete("/api/keys/env-1"), 404);
        api().get("/api/keys").then().statusCode(200).body("id", not(hasItem("env-1")));
        api().get("/api/routes").then().statusCode(200);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "name   | {}",
            "name   | {\"name\":null}",
            "name   | {\"name\":\"\"}",
            "name   | {\"name\":\"   \"}",
            "name   | {\"name\":\"line\\nbreak\"}",
            "name   | {\"name\":[\"a\"]}",
            "name   | {\"name\":{\"a\":1}}",
            "bogus  | {\"name\":\"ok\",\"bogus\":1}",
            "key    | {\"name\":\"ok\",\"key\":\"cbk_mine\"}",
    })
    void invalidInputIs400NamingTheField(String field, String body) {
        long before = storedCount();
        badField(api().body(body).post("/api/keys"), field);
        assertEquals(before, storedCount(), "nothing stored");
    }

    @Test
    void aNameIsOneTo100CharactersWithoutSurroundingSpace() {
        problem(api().body(Map.of("name", "x".repeat(101))).post("/api/keys"), 400)
                .body("errors", equalTo(List.of(Map.of("field", "name", "message", "must be at most 100 characters"))));
        api().body(Map.of("name", "x".repeat(100))).post("/api/keys").then().statusCode(201);
        api().body(Map.of("name", "  spaced  ")).post("/api/keys").then().statusCode(201).body("name", equalTo("spaced"));
    }

    @Test
    void anEmptyBodyIs400() {
        problem(api().post("/api/keys"), 400).body("errors[0].field", equalTo("name"));
    }

    @Test
    void withoutAValidKeyEveryKeysRequestIs401() {
        long before = storedCount();
        for (Response r : List.of(given().get("/api/keys"),
                given().contentType(ContentType.JSON).body(Map.of("name", "sneaky")).post("/api/keys"),
                given().delete("/api/keys/key_00000000000000000000"),
                with("cbk_" + "A".repeat(43)).get("/api/keys"))) {
            problem(r, 401);
        }
        assertEquals(before, storedCount(), "a refused request must not write");
    }

    /**
     * What another instance does to the table reaches this one when it reads the table again (and sooner, by the
     * change notification: ApiKeysAcrossInstancesTest).
     */
    @Test
    void keysChangedByAnotherInstanceApplyOnTheNextReload() {
        String key = "cbk_" + "elsewhere".repeat(5).substring(0, 43);
        ApiKeyEntity e = new ApiKeyEntity();
        e.id = "key_e1sewhere0000000000";
        e.name = "made elsewhere";
        e.prefix = key.substring(0, 12);
        e.keyHash = ApiKeys.sha256(key);
        e.createdBy = "env-1";
        QuarkusTransaction.requiringNew().run(() -> repository.persist(e));
        stored.reload();
        with(key).get("/api/routes").then().statusCode(200);

        QuarkusTransaction.requiringNew().run(() -> repository.findById(e.id).revokedAt = OffsetDateTime.now());
        stored.reload();
        problem(with(key).get("/api/routes"), 401);
    }

    private long storedCount() {
        return QuarkusTransaction.requiringNew().call(repository::count);
    }

    private static RequestSpecification with(String key) {
        return given().header("Authorization", "Bearer " + key);
    }

    private static JsonPath create(String name) {
        return api().body(Map.of("name", name)).post("/api/keys").then().statusCode(201).extract().jsonPath();
    }

    private static Map<String, Object> listed(String id) {
        List<Map<String, Object>> all = api().get("/api/keys").then().statusCode(200).extract().jsonPath().getList("$");
        return all.stream().filter(k -> id.equals(k.get("id"))).findFirst()
                .orElseThrow(() -> new AssertionError(id + " not listed: " + all));
    }
}
