package io.callbridge.call;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.store.TableChanges;
import io.callbridge.testing.Sipp;
import io.callbridge.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Calls read routes and the blocklist from memory; a change made in SQL, as another instance (or an operator)
 * makes it, reaches the call path within a second, also when the listener's connection is killed.
 */
@QuarkusTest
class RoutesAndBlocklistInMemoryTest {

    /** The staleness bound (one second) and slack for a loaded test machine. */
    private static final Duration WITHIN = Duration.ofMillis(1500);
    private static final String PREFIX = "887610*";
    private static final String DIALED = "8876101234";
    /** sipp's caller (Sipp), in the stored E.164 form. */
    private static final String CALLER = "+15550001111";
    private static final String ROUTED = "8876200";

    @Inject
    CallRouting routing;

    @Inject
    Blocklist blocklist;

    @Inject
    TableChanges changes;

    @Inject
    TestData data;

    @BeforeEach
    @AfterEach
    void clean() {
        data.sql("delete from routes where number in ('" + PREFIX + "', '" + ROUTED + "')");
        data.sql("delete from blocked_numbers where number = '" + CALLER + "'");
        await().atMost(WITHIN).until(() -> routing.routeFor(DIALED).map(AgentRoute::number).filter(PREFIX::equals).isEmpty()
                && !blocklist.isBlocked(CALLER));
    }

    @Test
    void aRouteAddedChangedAndDeletedInSqlReachesTheCallPathWithinASecond() {
        data.sql("insert into routes (number, url) values ('" + PREFIX + "', 'ws://127.0.0.1:1/one')");
        await().atMost(WITHIN).until(() -> urlFor(DIALED).equals(Optional.of("ws://127.0.0.1:1/one")));

        data.sql("update routes set url = 'ws://127.0.0.1:1/two' where number = '" + PREFIX + "'");
        await().atMost(WITHIN).until(() -> urlFor(DIALED).equals(Optional.of("ws://127.0.0.1:1/two")));

        data.sql("delete from routes where number = '" + PREFIX + "'");
        await().atMost(WITHIN).until(() -> routing.routeFor(DIALED).map(AgentRoute::number).filter(PREFIX::equals).isEmpty());
    }

    @Test
    void aCallerBlockedInSqlIsRefusedWithinASecond() {
        data.ensureRoute(ROUTED);
        data.sql("insert into blocked_numbers (number, reason) values ('" + CALLER + "', 'test')");
        await().atMost(WITHIN).until(() -> blocklist.isBlocked(CALLER));

        Sipp.Result call = Sipp.rejectedCall(ROUTED, 403);
        assertTrue(call.succeeded(), "a caller blocked in SQL must be refused with 403:\n" + call.output());

        data.sql("delete from blocked_numbers where number = '" + CALLER + "'");
        await().atMost(WITHIN).until(() -> !blocklist.isBlocked(CALLER));
    }

    @Test
    void changesAreSeenWhileTheListenerConnectionIsKilledAndAfterItIsBack() {
        await().atMost(Duration.ofSeconds(10)).until(changes::isListening);

        int killed = data.killTableChangesListener();
        assertTrue(killed >= 1, "the listener's connection must be found (application_name) and killed");
        data.sql("insert into blocked_numbers (number, reason) values ('" + CALLER + "', 'while the listener is down')");
        await().atMost(WITHIN).until(() -> blocklist.isBlocked(CALLER));

        await().atMost(Duration.ofSeconds(10)).until(changes::isListening);
        data.sql("insert into routes (number, url) values ('" + PREFIX + "', 'ws://127.0.0.1:1/back')");
        await().atMost(WITHIN).until(() -> urlFor(DIALED).equals(Optional.of("ws://127.0.0.1:1/back")));

        // killed again, and the change made right then: no window where a change is missed
        assertTrue(data.killTableChangesListener() >= 1);
        data.sql("update routes set url = 'ws://127.0.0.1:1/again' where number = '" + PREFIX + "'");
        await().atMost(WITHIN).until(() -> urlFor(DIALED).equals(Optional.of("ws://127.0.0.1:1/again")));
    }

    private Optional<String> urlFor(String dialed) {
        return routing.routeFor(dialed).filter(r -> r.number().equals(PREFIX)).map(r -> String.valueOf(r.url()));
    }
}
