package io.callbridge.webhook;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How several instances share the outbox, on the real database: leasing races between instances (threads
 * with connections of their own, as instances have), a call's events in order, and a lease that runs out
 * (its instance died) making its event due again. The app's own delivery loop is kept out of the way (its
 * first poll is an hour off), so every lease here is the test's.
 */
@QuarkusTest
@TestProfile(OutboxLeasesTest.NoPolling.class)
class OutboxLeasesTest {

    public static class NoPolling implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("callbridge.webhooks.poll-interval", "1h");
        }
    }

    /** Long enough to outlast each test, short enough not to hold up others' events (the outbox is shared). */
    static final Duration LEASE = Duration.ofSeconds(20);

    @Inject
    OutboxLeases leases;

    @Inject
    DataSource db;

    /** This run's receiver: events of other tests in the shared outbox are left out of every assertion. */
    String endpoint;

    @BeforeEach
    void endpoint() {
        endpoint = "http://127.0.0.1:9/outbox-leases-" + System.nanoTime();
    }

    @AfterEach
    void clean() throws SQLException {
        update("delete from webhook_outbox where endpoint = ?", endpoint);
    }

    @Test
    void instancesLeasingAtOnceNeverTakeTheSameEvent() throws Exception {
        int events = 60;
        for (int i = 0; i < events; i++) insert("CAlease" + i);
        int instances = 4;
        CyclicBarrier start = new CyclicBarrier(instances);
        ExecutorService pool = Executors.newFixedThreadPool(instances);
        List<Future<List<String>>> taken = new ArrayList<>();
        try {
            for (int i = 0; i < instances; i++) {
                Callable<List<String>> instance = () -> {
                    List<String> mine = new ArrayList<>();
                    start.await(10, TimeUnit.SECONDS);
                    List<OutboxLeases.Leased> batch;
                    do {
                        batch = leases.leaseDue(3, LEASE);
                        batch.stream().filter(e -> endpoint.equals(e.endpoint())).forEach(e -> mine.add(e.eventId()));
                    } while (!batch.isEmpty());
                    return mine;
                };
                taken.add(pool.submit(instance));
            }
            Map<String, Integer> times = new HashMap<>();
            for (Future<List<String>> f : taken) {
                for (String id : f.get(30, TimeUnit.SECONDS)) times.merge(id, 1, Integer::sum);
            }
            assertEquals(events, times.size(), "every due event leased: " + times);
            assertTrue(times.values().stream().allMatch(n -> n == 1), "each by one instance only: " + times);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCallsNextEventForTheSameReceiverWaitsUntilTheOneBeforeIsDeliveredOrGivenUp() throws Exception {
        String first = insert("CAorder");
        String second = insert("CAorder");
        String third = insert("CAorder");

        assertEquals(List.of(first), mineIn(leases.leaseDue(50, Duration.ZERO)), "only the call's first event");
        assertTrue(leases.delivered(idOf(first), 204));
        assertEquals(List.of(second), mineIn(leases.leaseDue(50, Duration.ZERO)));
        // a failure within give-up-after keeps it pending: the third still waits
        OutboxLeases.Failure failure = leases.failed(idOf(second), 503, "HTTP 503", Duration.ofHours(1),
                Duration.ZERO, Duration.ZERO);
        assertEquals(new OutboxLeases.Failure(1, false), failure);
        assertEquals(List.of(second), mineIn(leases.leaseDue(50, Duration.ZERO)), "retried, still ahead of the third");
        // past give-up-after: given up, and the third gets its turn
        assertEquals(new OutboxLeases.Failure(2, true), leases.failed(idOf(second), 503, "HTTP 503", Duration.ZERO,
                Duration.ZERO, Duration.ZERO));
        assertEquals(List.of(third), mineIn(leases.leaseDue(50, Duration.ZERO)));
        // an outcome arriving for an event no longer pending (a late second attempt) changes nothing
        assertNull(leases.failed(idOf(second), 500, "HTTP 500", Duration.ZERO, Duration.ZERO, Duration.ZERO));
        assertFalse(leases.delivered(idOf(first), 200));
    }

    @Test
    void anEventLeasedByAnInstanceThatDiedIsLeasedAgainOnceTheLeaseRunsOut() throws Exception {
        String event = insert("CAdied");
        Duration shortLease = Duration.ofMillis(500);
        assertEquals(List.of(event), mineIn(leases.leaseDue(50, shortLease)));
        // the instance that took it writes no outcome (it died): no one else gets it while the lease holds …
        assertEquals(List.of(), mineIn(leases.leaseDue(50, LEASE)));
        // … and once it runs out, the event is due again
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> mineIn(leases.leaseDue(50, LEASE)), List.of(event)::equals);
    }

    private List<String> mineIn(List<OutboxLeases.Leased> leased) {
        return leased.stream().filter(e -> endpoint.equals(e.endpoint())).map(OutboxLeases.Leased::eventId).toList();
    }

    /** A due event of the call for this run's receiver; returns its event id. */
    private String insert(String callSid) throws SQLException {
        String eventId = "evt_lease" + System.nanoTime();
        update("""
                insert into webhook_outbox (event_id, call_sid, event_type, endpoint, payload)
                values (?, ?, 'call.initiated', ?, '{}')""", eventId, callSid + endpoint.hashCode(), endpoint);
        return eventId;
    }

    private long idOf(String eventId) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("select id from webhook_outbox where event_id = ?")) {
            s.setString(1, eventId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void update(String sql, String... values) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) s.setString(i + 1, values[i]);
            s.executeUpdate();
        }
    }
}
