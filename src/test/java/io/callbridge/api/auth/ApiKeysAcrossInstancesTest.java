package io.callbridge.api.auth;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.callbridge.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A key created or revoked by another instance (written here with SQL, as that instance's API writes it) works,
 * and stops working, on this instance within a second, long before the periodic refresh
 * ({@code callbridge.api.key-refresh}, 30 s): the change notification (V26 trigger) reloads the keys.
 */
@QuarkusTest
class ApiKeysAcrossInstancesTest {

    private static final Duration WITHIN = Duration.ofMillis(1500);
    private static final String ID = "key-across-instances";

    @Inject
    TestData data;

    @AfterEach
    void clean() {
        data.sql("delete from api_keys where id = '" + ID + "'");
    }

    @Test
    void aKeyCreatedAndRevokedElsewhereAppliesHereWithinASecond() {
        String key = "cb_" + UUID.randomUUID().toString().replace("-", "");
        data.sql("insert into api_keys (id, name, prefix, key_hash, created_by) values ('" + ID + "', 'made elsewhere', '"
                + key.substring(0, 8) + "', sha256(convert_to('" + key + "', 'UTF8')), 'other instance')");
        await().atMost(WITHIN).until(() -> status(key) == 200);
        data.sql("update api_keys set revoked_at = now(), revoked_by = 'other instance' where id = '" + ID + "'");
        await().atMost(WITHIN).until(() -> status(key) == 401);
    }

    private static int status(String key) {
        return given().header("Authorization", "Bearer " + key).get("/api/routes").statusCode();
    }
}
