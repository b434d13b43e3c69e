package io.callbridge.api;

import static io.callbridge.testing.Api.VALIDATION;
import static io.callbridge.testing.Api.api;
import static io.callbridge.testing.Api.badField;
import static io.callbridge.testing.Api.problem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.config.Setting;
import io.callbridge.config.SettingDefaults;
import io.callbridge.config.Settings;
import io.callbridge.config.SettingsService;
import io.callbridge.testing.SettingsEvents;
import io.callbridge.testing.TestData;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** GET/PUT /api/config against the real PostgreSQL: validation, persistence, audit, secrets, startup load. */
@QuarkusTest
class ConfigApiTest {

    static final String SECRET = "cfg-test-secret-0123456789";

    @Inject
    TestData data;

    @Inject
    Settings settings;

    @Inject
    SettingDefaults defaults;

    @Inject
    SettingsService service;

    @Inject
    SettingsEvents events;

    @Inject
    EntityManager em;

    @BeforeEach
    @AfterEach
    void defaults() {
        data.resetSettings();
        events.clear();
    }

    @Test
    void getShowsEveryKeyWithItsDefault() {
        JsonPath config = api().get("/api/config").then().statusCode(200).contentType(ContentType.JSON)
                .extract().jsonPath();
        Map<String, Object> all = config.getMap("$");
        assertEquals(List.of("calls.maxConcurrentCalls", "calls.drainTimeoutSeconds", "webhooks.url", "webhooks.secret",
                "webhooks.dtmfEvents", "api.rateLimit.perSecond", "api.rateLimit.burst", "recordings.retentionDays"),
                List.copyOf(all.keySet()));
        assertEquals(null, all.get("recordings.retentionDays"));
        assertEquals(null, all.get("calls.maxConcurrentCalls"));
        assertEquals(30, all.get("calls.drainTimeoutSeconds"));
        assertEquals(null, all.get("webhooks.url"));
        assertEquals(Map.of("set", false), all.get("webhooks.secret"));
        assertEquals(false, all.get("webhooks.dtmfEvents"));
        // The rate limit's defaults are whatever the properties say (the test profile may raise them).
        assertEquals(defaults.api().rateLimit().perSecond(), config.getDouble("'api.rateLimit.perSecond'"));
        assertEquals(defaults.api().rateLimit().burst(), all.get("api.rateLimit.burst"));
    }

    @Test
    void putChangesOnlyTheGivenKeysStoresThemAndAppliesThemAtOnce() {
        api().body(Map.of("calls.maxConcurrentCalls", 7, "calls.drainTimeoutSeconds", 120, "api.rateLimit.perSecond", 2.5))
                .put("/api/config")
                .then().statusCode(200)
                .body("'calls.maxConcurrentCalls'", equalTo(7))
                .body("'calls.drainTimeoutSeconds'", equalTo(120))
                .body("'api.rateLimit.burst'", equalTo(defaults.api().rateLimit().burst()))
                .body("'webhooks.dtmfEvents'", equalTo(false));
        api().get("/api/config").then().statusCode(200)
                .body("'calls.maxConcurrentCalls'", equalTo(7))
                .body("'calls.drainTimeoutSeconds'", equalTo(120));
        assertEquals(Optional.of(7), settings.maxConcurrentCalls());
        assertEquals(Duration.ofSeconds(120), settings.drainTimeout());
        assertEquals(2.5, settings.rateLimitPerSecond());

        // In PostgreSQL, with who set it; the keys not given have no row.
        assertEquals(Map.of("calls.maxConcurrentCalls", "7", "calls.drainTimeoutSeconds", "120",
                "api.rateLimit.perSecond", "2.5"), storedValues());
        assertEquals(List.of("env-1"), QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select distinct updated_by from settings").getResultList()));

        // A second PUT leaves the first one's keys alone.
        api().body(Map.of("webhooks.dtmfEvents", true)).put("/api/config").then().statusCode(200)
                .body("'calls.maxConcurrentCalls'", equalTo(7))
                .body("'webhooks.dtmfEvents'", equalTo(true));
        assertTrue(settings.webhookDtmfEvents());
    }

    @Test
    void nullResetsAKeyToItsDefaultAndDeletesItsRow() {
        api().body(Map.of("calls.drainTimeoutSeconds", 5, "api.rateLimit.burst", 3)).put("/api/config")
                .then().statusCode(200);
        Map<String, Object> reset = new LinkedHashMap<>();
        reset.put("calls.drainTimeoutSeconds", null);
        api().body(reset).put("/api/config").then().statusCode(200)
                .body("'calls.drainTimeoutSeconds'", equalTo(30))
                .body("'api.rateLimit.burst'", equalTo(3));
        assertEquals(Duration.ofSeconds(30), settings.drainTimeout());
        assertEquals(Set.of("api.rateLimit.burst"), storedValues().keySet());
    }

    @Test
    void theSecretIsWriteOnlyInGetPutAndTheAuditLog() {
        api().body(Map.of("webhooks.secret", SECRET, "webhooks.url", "https://hooks.example.com/cb")).put("/api/config")
                .then().statusCode(200)
                .body("'webhooks.secret'", equalTo(Map.of("set", true)))
                .body("'webhooks.url'", equalTo("https://hooks.example.com/cb"))
                .body(not(containsString(SECRET)));
        api().get("/api/config").then().statusCode(200)
                .body("'webhooks.secret'", equalTo(Map.of("set", true)))
                .body(not(containsString(SECRET)));
        assertEquals(Optional.of(SECRET), settings.webhookSecret(), "in effect for signing");

        api().queryParam("target", "webhooks.secret").get("/api/audit").then().statusCode(200)
                .body("items[0].action", equalTo("config.update"))
                .body("items[0].before", equalTo(Map.of("webhooks.secret", Map.of("set", false))))
                .body("items[0].after", equalTo(Map.of("webhooks.secret", Map.of("set", true))))
                .body(not(containsString(SECRET)));
        String auditTable = QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                "select coalesce(string_agg(before::text || ' ' || after::text, ' '), '') from audit_log").getSingleResult());
        assertFalse(auditTable.contains(SECRET), "the audit table holds no secret");
    }

    @Test
    void anUnknownKeyIs400NamingItAndNothingIsApplied() {
        problem(api().body(Map.of("calls.maxConcurrentCalls", 3, "calls.maxConcurentCalls", 3)).put("/api/config"), 400)
                .body("type", equalTo(VALIDATION))
                .body("errors.field", equalTo(List.of("calls.maxConcurentCalls")))
                .body("errors[0].message", containsString("unknown setting"))
                .body("detail", containsString("calls.maxConcurentCalls"));
        assertEquals(Optional.empty(), settings.maxConcurrentCalls());
        assertEquals(Map.of(), storedValues());
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "calls.maxConcurrentCalls  | 0",
            "calls.maxConcurrentCalls  | -1",
            "calls.maxConcurrentCalls  | 1.5",
            "calls.maxConcurrentCalls  | 2.0",
            "calls.maxConcurrentCalls  | \"3\"",
            "calls.maxConcurrentCalls  | 99999999999",
            "calls.drainTimeoutSeconds | 0",
            "calls.drainTimeoutSeconds | 3601",
            "calls.drainTimeoutSeconds | true",
            "webhooks.url              | \"ftp://hooks.example.com/\"",
            "webhooks.url              | \"hooks.example.com/cb\"",
            "webhooks.url              | \"http://\"",
            "webhooks.url              | \"http://exa mple.com/\"",
            "webhooks.url              | 42",
            "webhooks.secret           | \"short\"",
            "webhooks.secret           | 1234567890123456789",
            "webhooks.secret           | {\"set\":true}",
            "webhooks.dtmfEvents       | \"true\"",
            "webhooks.dtmfEvents       | 1",
            "api.rateLimit.perSecond   | 0",
            "api.rateLimit.perSecond   | -2.5",
            "api.rateLimit.perSecond   | 1000001",
            "api.rateLimit.perSecond   | \"10\"",
            "api.rateLimit.burst       | 0",
            "api.rateLimit.burst       | 2.5",
            "api.rateLimit.burst       | [5]",
    })
    void aBadValueIs400NamingItsKeyAndNothingIsApplied(String key, String value) {
        Map<String, Object> before = api().get("/api/config").then().extract().jsonPath().getMap("$");
        long lastAudit = AuditApiTest.newestAuditId();
        // A valid key in the same body is not applied either.
        String valid = key.equals("calls.drainTimeoutSeconds") ? "api.rateLimit.burst" : "calls.drainTimeoutSeconds";
        String body = "{\"" + valid + "\": 77, \"" + key + "\": " + value + "}";
        badField(api().body(body).put("/api/config"), key);
        assertEquals(before, api().get("/api/config").then().extract().jsonPath().getMap("$"));
        assertEquals(Map.of(), storedValues());
        assertEquals(lastAudit, AuditApiTest.newestAuditId(), "a refused change leaves no audit entry");
    }

    @Test
    void everyBadKeyIsReportedAtOnce() {
        problem(api().body("{\"calls.maxConcurrentCalls\": 0, \"nope\": 1, \"webhooks.url\": \"x\"}").put("/api/config"), 400)
                .body("errors.field", equalTo(List.of("calls.maxConcurrentCalls", "nope", "webhooks.url")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"calls.drainTimeoutSeconds\": 5, \"calls.drainTimeoutSeconds\": 6}",
            "{\"calls.drainTimeoutSeconds\": 5} trailing",
            "[{\"calls.drainTimeoutSeconds\": 5}]",
            "{\"calls.drainTimeoutSeconds\": ",
    })
    void malformedJsonIs400(String body) {
        problem(api().body(body).put("/api/config"), 400)
                .body("type", equalTo("tag:callbridge.io,2026:problem:malformed-json"));
        assertEquals(Map.of(), storedValues());
    }

    @Test
    void anEmptyBodyIs400AndAnEmptyObjectChangesNothing() {
        problem(api().put("/api/config"), 400).body("type", equalTo(VALIDATION));
        long lastAudit = AuditApiTest.newestAuditId();
        api().body("{}").put("/api/config").then().statusCode(200).body("'calls.drainTimeoutSeconds'", equalTo(30));
        assertEquals(lastAudit, AuditApiTest.newestAuditId());
    }

    @Test
    void withoutAKeyConfigIs401() {
        problem(given().get("/api/config"), 401);
        problem(given().contentType(ContentType.JSON).body(Map.of("calls.drainTimeoutSeconds", 5)).put("/api/config"), 401);
        assertEquals(Map.of(), storedValues());
    }

    @Test
    void observersHearOfAChangeOnceItIsInEffect() {
        api().body(Map.of("api.rateLimit.perSecond", 5, "api.rateLimit.burst", 9)).put("/api/config")
                .then().statusCode(200)
                .body("'api.rateLimit.perSecond'", equalTo(5.0f));
        var seen = events.touching(Setting.RATE_LIMIT_PER_SECOND, Setting.RATE_LIMIT_BURST);
        assertEquals(1, seen.size(), seen.toString());
        assertEquals(Set.of(Setting.RATE_LIMIT_PER_SECOND, Setting.RATE_LIMIT_BURST), seen.getFirst().event().changed());
        assertEquals(5.0, seen.getFirst().perSecond());
        assertEquals(9, seen.getFirst().burst());

        events.clear();
        api().body(Map.of("calls.drainTimeoutSeconds", 10)).put("/api/config").then().statusCode(200);
        assertEquals(List.of(), events.touching(Setting.RATE_LIMIT_PER_SECOND, Setting.RATE_LIMIT_BURST));
    }

    @Test
    void startupLoadsStoredValuesOverTheDefaultsAndSkipsInvalidRows() {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                insert into settings(key, value, updated_by) values
                  ('calls.drainTimeoutSeconds', '90', 'env-1'),
                  ('webhooks.secret', '"loaded-secret-0123456789"', 'env-1'),
                  ('api.rateLimit.burst', '0', 'env-1'),
                  ('calls.retired', 'true', 'env-1')""").executeUpdate());
        service.load(); // what the StartupEvent observer runs

        assertEquals(Duration.ofSeconds(90), settings.drainTimeout());
        assertEquals(Optional.of("loaded-secret-0123456789"), settings.webhookSecret());
        assertEquals(defaults.api().rateLimit().burst(), settings.rateLimitBurst(),
                "an invalid row leaves the default");
        api().get("/api/config").then().statusCode(200)
                .body("'calls.drainTimeoutSeconds'", equalTo(90))
                .body("'webhooks.secret'", equalTo(Map.of("set", true)))
                .body("'api.rateLimit.burst'", equalTo(defaults.api().rateLimit().burst()));
        var seen = events.touching(Setting.RATE_LIMIT_PER_SECOND);
        assertEquals(1, seen.size());
        assertEquals(Set.of(Setting.values()), seen.getFirst().event().changed(), "at startup, every setting");
    }

    /** The settings table: key to its value as JSON text. */
    private Map<String, String> storedValues() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Map<String, String> stored = new LinkedHashMap<>();
            for (Object row : em.createNativeQuery("select key, value::text from settings order by key").getResultList()) {
                Object[] cols = (Object[]) row;
                stored.put((String) cols[0], (String) cols[1]);
            }
            return stored;
        });
    }
}
