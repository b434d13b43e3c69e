package io.callbridge.config;

import static io.callbridge.testing.Api.api;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.api.auth.RateLimits;
import io.callbridge.store.TableChanges;
import io.callbridge.testing.SettingsEvents;
import io.callbridge.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runtime settings changed in the {@code settings} table by someone else (another instance's API writes
 * exactly these rows; here SQL does) apply to this instance within a second, observers included, also when
 * the listener's connection is killed; this instance's own change is applied once, not again on its echo.
 */
@QuarkusTest
class SettingsAcrossInstancesTest {

    /** The staleness bound (one second) and slack for a loaded test machine. */
    private static final Duration WITHIN = Duration.ofMillis(1500);

    @Inject
    Settings settings;

    @Inject
    SettingDefaults defaults;

    @Inject
    RateLimits rateLimits;

    @Inject
    SettingsEvents events;

    @Inject
    TableChanges changes;

    @Inject
    TestData data;


    @BeforeEach
    @AfterEach
    void defaults() {
        data.resetSettings();
        events.clear();
    }

    @Test
    void aSettingStoredElsewhereAppliesHereWithinASecondAndObserversHearOfIt() {
        data.sql("insert into settings (key, value, updated_by) values ('api.rateLimit.perSecond', '7.5', 'other')");
        await().atMost(WITHIN).until(() -> settings.rateLimitPerSecond() == 7.5);
        await().atMost(WITHIN).until(() -> rateLimits.perSecond() == 7.5);
        var seen = events.touching(Setting.RATE_LIMIT_PER_SECOND);
        assertEquals(1, seen.size(), seen.toString());
        assertEquals(Set.of(Setting.RATE_LIMIT_PER_SECOND), seen.getFirst().event().changed(), "only what differs");

        data.sql("update settings set value = '\"http://127.0.0.1:9/elsewhere\"' where key = 'api.rateLimit.perSecond'");
        // not valid for that key: its default applies again
        await().atMost(WITHIN).until(() -> settings.rateLimitPerSecond() == defaults.api().rateLimit().perSecond());

        data.sql("insert into settings (key, value, updated_by) values ('webhooks.url', '\"http://127.0.0.1:9/elsewhere\"', 'other')");
        await().atMost(WITHIN).until(() -> settings.webhookUrl().equals(Optional.of("http://127.0.0.1:9/elsewhere")));
        data.sql("delete from settings where key = 'webhooks.url'");
        await().atMost(WITHIN).until(() -> settings.webhookUrl().equals(defaults.webhooks().url()));
    }

    @Test
    void aChangeThroughThisInstanceIsAppliedOnceNotAgainWhenItsNotificationComesBack() {
        api().body(Map.of("api.rateLimit.burst", 11)).put("/api/config").then().statusCode(200);
        assertEquals(11, settings.rateLimitBurst());
        // notifications come in commit order: once this later change is seen, so was the one above
        data.sql("insert into settings (key, value, updated_by) values ('calls.drainTimeoutSeconds', '77', 'other')");
        await().atMost(WITHIN).until(() -> settings.drainTimeout().equals(Duration.ofSeconds(77)));
        assertEquals(1, events.touching(Setting.RATE_LIMIT_BURST).size(), events.touching(Setting.RATE_LIMIT_BURST).toString());
        assertEquals(11, settings.rateLimitBurst());
    }

    @Test
    void aChangeMadeWhileTheListenerConnectionIsKilledStillAppliesWithinASecond() {
        await().atMost(Duration.ofSeconds(10)).until(changes::isListening);
        assertTrue(data.killTableChangesListener() >= 1, "the listener's connection must be found (application_name) and killed");
        data.sql("insert into settings (key, value, updated_by) values ('calls.drainTimeoutSeconds', '55', 'other')");
        await().atMost(WITHIN).until(() -> settings.drainTimeout().equals(Duration.ofSeconds(55)));

        await().atMost(Duration.ofSeconds(10)).until(changes::isListening);
        data.sql("update settings set value = '66' where key = 'calls.drainTimeoutSeconds'");
        await().atMost(WITHIN).until(() -> settings.drainTimeout().equals(Duration.ofSeconds(66)));
    }
}
