package io.callbridge.testing;

import io.callbridge.audit.Actor;
import io.callbridge.call.AgentRoute;
import io.callbridge.call.CallRouting;
import io.callbridge.config.SettingsService;
import io.callbridge.store.CallRecord;
import io.callbridge.store.CallRecordRepository;
import io.callbridge.store.RouteEntity;
import io.callbridge.store.RouteRepository;
import io.callbridge.stream.Protocol;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/** Reads and writes the real database for the tests. */
@ApplicationScoped
public class TestData {

    private final RouteRepository routes;
    private final CallRecordRepository calls;
    private final SettingsService settings;
    private final EntityManager em;
    private final CallRouting routing;

    TestData(RouteRepository routes, CallRecordRepository calls, SettingsService settings, EntityManager em,
             CallRouting routing) {
        this.routing = routing;
        this.routes = routes;
        this.calls = calls;
        this.settings = settings;
        this.em = em;
    }

    /** Who the tests' own changes through the services are made by, in the audit log. */
    public static final Actor FIXTURE = new Actor("test-fixture", "test fixture");

    /** The app's own demo echo agent, on the test HTTP port. */
    public static final String ECHO_AGENT = "ws://127.0.0.1:8081/demo/echo";

    /** Waits (30 s at most) until the app under test says it is ready: ARI up, database up, not draining. */
    public static void awaitReady() {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
                io.restassured.RestAssured.given().get("/q/health/ready").then().statusCode(200)
                        .body("status", org.hamcrest.Matchers.equalTo("UP")));
    }

    /** A twilio route to the echo agent. */
    public void ensureRoute(String number) {
        route(number, ECHO_AGENT, "twilio", 8000, Map.of(), null);
    }

    /**
     * Creates or replaces the route for {@code number}, written in SQL as another instance would, and waits
     * until the call path sees it (calls read routes from memory, refreshed on change within a second).
     */
    public void route(String number, String url, String protocol, int sampleRate, Map<String, String> parameters,
                      Integer maxConcurrentCalls) {
        upsert(number, url, protocol, sampleRate, parameters, maxConcurrentCalls, "hangup");
    }

    private void upsert(String number, String url, String protocol, int sampleRate, Map<String, String> parameters,
                        Integer maxConcurrentCalls, String onAgentFailure) {
        long id = QuarkusTransaction.requiringNew().call(() ->
                write(number, url, protocol, sampleRate, parameters, maxConcurrentCalls, onAgentFailure));
        AgentRoute expected = new AgentRoute(id, number, url == null ? null : URI.create(url), Protocol.fromCode(protocol),
                sampleRate, Map.copyOf(parameters), maxConcurrentCalls, onAgentFailure);
        awaitRouting(() -> routing.byNumber(number).filter(expected::equals).isPresent());
    }

    private static void awaitRouting(java.util.concurrent.Callable<Boolean> seen) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(2))
                .pollInterval(java.time.Duration.ofMillis(10)).until(seen);
    }

    private long write(String number, String url, String protocol, int sampleRate, Map<String, String> parameters,
                       Integer maxConcurrentCalls, String onAgentFailure) {
        RouteEntity r = routes.findByNumber(number).orElseGet(RouteEntity::new);
        r.number = number;
        r.description = "test";
        r.url = url;
        r.protocol = protocol;
        r.sampleRate = sampleRate;
        r.parameters = new java.util.HashMap<>(parameters);
        r.maxConcurrentCalls = maxConcurrentCalls;
        r.onAgentFailure = onAgentFailure;
        // what other tests may have set on the same number goes back to its default
        r.mohClass = null;
        r.holdEvents = false;
        r.record = false;
        r.recordAnnouncement = null;
        r.twiml = null;
        r.voiceUrl = null;
        r.voiceMethod = "POST";
        r.voiceFallbackUrl = null;
        r.voiceFallbackMethod = "POST";
        r.voiceTimeoutSeconds = null;
        r.overflowQueue = null;
        if (r.id == null) routes.persist(r);
        routes.flush();
        return r.id;
    }

    /**
     * Creates or replaces a twilio route for {@code number} to the agent at {@code url} that takes
     * {@code maxConcurrentCalls} calls and puts callers over it in queue {@code overflowQueue}; waits until the
     * call path sees it.
     */
    public void overflowRoute(String number, String url, int maxConcurrentCalls, String overflowQueue) {
        long id = QuarkusTransaction.requiringNew().call(() -> {
            long routeId = write(number, url, "twilio", 8000, Map.of(), maxConcurrentCalls, "hangup");
            em.createNativeQuery("update routes set overflow_queue = ?1 where id = ?2")
                    .setParameter(1, overflowQueue).setParameter(2, routeId).executeUpdate();
            return routeId;
        });
        awaitRouting(() -> routing.byNumber(number)
                .filter(r -> r.id() == id && overflowQueue.equals(r.overflowQueue()) && url.equals(String.valueOf(r.url())))
                .isPresent());
    }

    /**
     * Creates or replaces a twilio route for {@code number} with its hold settings: a music-on-hold class (null:
     * default) and whether its agent gets hold/resume events.
     */
    public void holdRoute(String number, String url, String mohClass, boolean holdEvents) {
        long id = QuarkusTransaction.requiringNew().call(() -> {
            long routeId = write(number, url, "twilio", 8000, Map.of(), null, "hangup");
            em.createNativeQuery("update routes set moh_class = ?1, hold_events = ?2 where id = ?3")
                    .setParameter(1, mohClass).setParameter(2, holdEvents).setParameter(3, routeId).executeUpdate();
            return routeId;
        });
        AgentRoute expected = new AgentRoute(id, number, URI.create(url), Protocol.TWILIO, 8000, Map.of(), null, "hangup",
                mohClass, holdEvents, false, null);
        awaitRouting(() -> routing.byNumber(number).filter(expected::equals).isPresent());
    }

    /**
     * Creates or replaces a route for {@code number} that runs TwiML (docs/flows.md): {@code flow}'s stored document
     * or voice URL, with {@code onAgentFailure} as its failure policy; waits until the call path sees it.
     */
    public void flowRoute(String number, io.callbridge.call.RouteFlow flow, String onAgentFailure) {
        long id = QuarkusTransaction.requiringNew().call(() -> {
            long routeId = write(number, null, "twilio", 8000, Map.of(), null, onAgentFailure);
            em.createNativeQuery("update routes set twiml = cast(?1 as text), voice_url = cast(?2 as text), voice_method = ?3, "
                            + "voice_fallback_url = cast(?4 as text), voice_fallback_method = ?5, "
                            + "voice_timeout_seconds = cast(cast(?6 as text) as integer) where id = ?7")
                    .setParameter(1, flow.twiml())
                    .setParameter(2, flow.voiceUrl() == null ? null : flow.voiceUrl().toString())
                    .setParameter(3, flow.voiceMethod() == null ? "POST" : flow.voiceMethod())
                    .setParameter(4, flow.voiceFallbackUrl() == null ? null : flow.voiceFallbackUrl().toString())
                    .setParameter(5, flow.voiceFallbackMethod() == null ? "POST" : flow.voiceFallbackMethod())
                    .setParameter(6, flow.timeout() == null ? null : String.valueOf(flow.timeout().toSeconds()))
                    .setParameter(7, routeId).executeUpdate();
            return routeId;
        });
        awaitRouting(() -> routing.byNumber(number).filter(r -> r.id() == id && r.flow() != null
                && java.util.Objects.equals(r.flow().twiml(), flow.twiml())
                && java.util.Objects.equals(r.flow().voiceUrl(), flow.voiceUrl())
                && java.util.Objects.equals(r.onAgentFailure(), onAgentFailure)).isPresent());
    }

    /** Creates or replaces the route for {@code number}, with an onAgentFailure target. */
    public void routeWithFallback(String number, String url, String onAgentFailure) {
        upsert(number, url, "twilio", 8000, Map.of(), null, onAgentFailure);
    }

    /** Deletes the route for {@code number} in SQL, and waits until the call path no longer sees it. */
    public void removeRoute(String number) {
        QuarkusTransaction.requiringNew().run(() -> routes.delete("number", number));
        awaitRouting(() -> routing.byNumber(number).isEmpty());
    }

    /** Runs one SQL statement in a transaction of its own, as another instance writing to the database would. */
    public void sql(String statement) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(statement).executeUpdate());
    }

    /**
     * Terminates the database session that listens for table changes (found by its application_name), as a
     * network cut or a database restart would; returns how many sessions were terminated.
     */
    public int killTableChangesListener() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery("""
                select count(*) from (select pg_terminate_backend(pid) from pg_stat_activity
                 where datname = current_database() and application_name = 'callbridge table changes') t""")
                .getSingleResult()).intValue());
    }

    /** Every runtime setting back to its default, as after a restart with an empty settings table. */
    public void resetSettings() {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("delete from settings").executeUpdate());
        settings.load();
    }

    /** The newest CDR of a call to {@code number} since {@code since}, once that call has ended. */
    public CallRecord awaitEnded(String number, OffsetDateTime since) {
        return org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> {
            List<CallRecord> rows = callsTo(number, since);
            return rows.isEmpty() || rows.getFirst().endedAt == null ? null : rows.getFirst();
        }, r -> r != null);
    }

    /** The CDR of call {@code callSid}, once the call has ended (within {@code seconds}). */
    public CallRecord awaitEndedCall(String callSid, int seconds) {
        return org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(seconds))
                .until(() -> call(callSid), r -> r != null && r.endedAt != null);
    }

    @Transactional
    public CallRecord call(String callSid) {
        return calls.find("callSid", callSid).firstResult();
    }

    /** CDRs of calls to {@code number} that started after {@code since}, newest first. */
    @Transactional
    public List<CallRecord> callsTo(String number, OffsetDateTime since) {
        return calls.list("toNumber = ?1 and startedAt >= ?2 order by startedAt desc", number, since);
    }
}
