package io.callbridge.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.testing.LocalStack;
import io.callbridge.testing.PackagedApp;
import io.callbridge.testing.Sipp;
import io.callbridge.testing.StreamLog;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two media nodes behind Kamailio's dispatcher, each driven by an app instance of its own (the packaged app,
 * twice), sharing the test database: calls are spread over both; a killed node is out of the selection within
 * 5 s, the calls after that all land on the survivor and the dead node's calls end as {@code media_node_lost};
 * a drained node gets no new calls while its call goes on to its end. Instance A drives asterisk-1 (the
 * stack's node), instance B asterisk-2 ({@code stack node2 up}: PJSIP 5082, ARI 8089). Route 7960 is this
 * test's.
 */
class NodesIT {

    private static final Logger LOG = Logger.getLogger(NodesIT.class);

    static final String NUMBER = "7960";
    static final int HTTP_A = 8096;
    static final int HTTP_B = 8097;
    static final int RTP_A = 40700;
    static final int RTP_B = 40760;
    static final String API_KEY = "nodes-it-" + UUID.randomUUID();
    static final Duration READY = Duration.ofSeconds(60);

    private static Vertx vertx;
    private static StreamLog agent;
    private static int run;
    /** The instance ids of this test method's apps: new for each method, so its CDRs are told from the previous one's. */
    private String instanceA;
    private String instanceB;
    private PackagedApp a;
    private PackagedApp b;

    @BeforeAll
    static void agent() throws Exception {
        vertx = Vertx.vertx();
        agent = new StreamLog(vertx);
    }

    @AfterAll
    static void closeAgent() throws Exception {
        agent.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @BeforeEach
    void twoNodesAndTwoInstances() throws Exception {
        LocalStack.run("node2", "up");
        run++;
        instanceA = "nodes-a" + run;
        instanceB = "nodes-b" + run;
        a = PackagedApp.built("nodes-it-a", environment(instanceA, "asterisk-1", RTP_A, Map.of()), HTTP_A);
        b = PackagedApp.built("nodes-it-b", environment(instanceB, "asterisk-2", RTP_B,
                Map.of("CALLBRIDGE_ARI_URL", "http://127.0.0.1:8089/", "CALLBRIDGE_CALLS_MEDIA_NODE_LOST_AFTER", "3s")), HTTP_B);
        a.start(READY);
        if (a.api(API_KEY).get("/api/routes/by-number/" + NUMBER).statusCode() == 404) {
            a.api(API_KEY).body(Map.of("number", NUMBER, "url", agent.url(), "description", "two-node test"))
                    .post("/api/routes").then().statusCode(201);
        }
        b.start(READY); // after the route exists: B loads it at start
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (b != null) b.kill();
            if (a != null) a.kill();
        } finally {
            LocalStack.run("node2", "down");
        }
    }

    @Test
    void callsSpreadOverBothNodesAndADeadNodesCallsEndAsMediaNodeLost() throws Exception {
        CompletableFuture<Sipp.Result> callers = Sipp.async(() -> Sipp.longTalkingCalls(NUMBER, 6, 20_000));
        Map<String, Long> open = await().atMost(Duration.ofSeconds(20)).until(() -> openByInstance(a),
                m -> m.values().stream().mapToLong(Long::longValue).sum() == 6);
        assertTrue(open.getOrDefault(instanceA, 0L) >= 1 && open.getOrDefault(instanceB, 0L) >= 1,
                "the dispatcher must spread calls over both nodes: " + open);
        Map<String, Long> before = byInstance(a);

        long killed = System.nanoTime();
        LocalStack.run("node2", "kill");
        await().atMost(Duration.ofSeconds(5)).until(() -> node(a, "asterisk-2").get("state"), "inactive"::equals);
        LOG.infof("the killed node was out of the dispatcher's selection %d ms after SIGKILL",
                (System.nanoTime() - killed) / 1_000_000);

        for (int i = 0; i < 4; i++) {
            Sipp.Result call = Sipp.talkingCall(NUMBER, 1000);
            assertTrue(call.succeeded(), "a call after the node died must be placed on the survivor:\n" + call.output());
        }
        Map<String, Long> after = byInstance(a);
        assertEquals(before.get(instanceB), after.get(instanceB), "no call may go to the dead node: " + before + " -> " + after);
        assertEquals(before.get(instanceA) + 4, after.get(instanceA), before + " -> " + after);

        List<Map<String, Object>> lost = await().atMost(Duration.ofSeconds(15)).until(
                () -> calls(a).stream().filter(c -> instanceB.equals(c.get("instanceId"))).toList(),
                l -> l.stream().allMatch(c -> c.get("endedAt") != null));
        for (Map<String, Object> cdr : lost) assertEquals("media_node_lost", cdr.get("termination"), cdr.toString());
        callers.get(90, TimeUnit.SECONDS); // the dead node's callers fail; the survivor's hang up after 20 s
        await().atMost(Duration.ofSeconds(10)).until(() -> openByInstance(a).isEmpty());
    }

    @Test
    void aDrainedNodeGetsNoNewCallsWhileItsCallFinishes() throws Exception {
        CompletableFuture<Sipp.Result> callers = Sipp.async(() -> Sipp.longTalkingCalls(NUMBER, 2, 12_000));
        Map<String, Long> open = await().atMost(Duration.ofSeconds(20)).until(() -> openByInstance(a),
                m -> m.values().stream().mapToLong(Long::longValue).sum() == 2);
        assertEquals(Map.of(instanceA, 1L, instanceB, 1L), open, "one call on each node");

        assertEquals("drained", a.api(API_KEY).post("/api/nodes/asterisk-2/drain").then().statusCode(200)
                .extract().jsonPath().getString("state"));
        assertEquals(1L, ((Number) node(b, "asterisk-2").get("calls")).longValue(), "its call goes on");
        Map<String, Long> before = byInstance(a);
        for (int i = 0; i < 3; i++) {
            Sipp.Result call = Sipp.talkingCall(NUMBER, 1000);
            assertTrue(call.succeeded(), call.output());
        }
        Map<String, Long> after = byInstance(a);
        assertEquals(before.get(instanceB), after.get(instanceB), "a drained node gets no new calls: " + before + " -> " + after);

        Sipp.Result result = callers.get(60, TimeUnit.SECONDS);
        assertTrue(result.succeeded(), "both calls, the drained node's too, run to their end:\n" + result.output());
        List<Map<String, Object>> onB = calls(a).stream().filter(c -> instanceB.equals(c.get("instanceId"))).toList();
        assertEquals(1, onB.size());
        assertEquals("caller_hangup", onB.getFirst().get("termination"), onB.toString());
        assertEquals(0L, ((Number) node(a, "asterisk-2").get("calls")).longValue());
    }

    @Test
    void anActionOnAnotherInstancesCallIsForwardedToItsOwner() throws Exception {
        CompletableFuture<Sipp.Result> callers = Sipp.async(() -> Sipp.longTalkingCalls(NUMBER, 2, 30_000));
        await().atMost(Duration.ofSeconds(20)).until(() -> openByInstance(a),
                m -> m.values().stream().mapToLong(Long::longValue).sum() == 2);
        Map<String, Object> onA = calls(a).stream().filter(c -> instanceA.equals(c.get("instanceId")))
                .filter(c -> c.get("endedAt") == null).findFirst().orElseThrow();
        String callSid = (String) onA.get("callSid");

        // B answers for A's call: the CDR from the shared database, the action forwarded to A.
        assertEquals(instanceA, b.api(API_KEY).get("/api/calls/" + callSid).then().statusCode(200)
                .extract().jsonPath().getString("instanceId"));
        b.api(API_KEY).post("/api/calls/" + callSid + "/hangup").then().statusCode(202)
                .header("X-Callbridge-Instance", instanceA);
        Map<String, Object> ended = await().atMost(Duration.ofSeconds(10)).until(
                () -> a.api(API_KEY).get("/api/calls/" + callSid).then().statusCode(200).extract().jsonPath().getMap("$"),
                c -> c.get("endedAt") != null);
        assertEquals("completed", ended.get("termination"), ended.toString());
        // Once ended, the call has no live owner: B answers itself, as any instance would (409).
        b.api(API_KEY).post("/api/calls/" + callSid + "/hangup").then().statusCode(409);

        Map<String, Object> onB = calls(a).stream().filter(c -> instanceB.equals(c.get("instanceId")))
                .filter(c -> c.get("endedAt") == null).findFirst().orElseThrow();
        a.api(API_KEY).post("/api/calls/" + onB.get("callSid") + "/hangup").then().statusCode(202)
                .header("X-Callbridge-Instance", instanceB);
        await().atMost(Duration.ofSeconds(10)).until(() -> openByInstance(a).isEmpty());
        callers.get(60, TimeUnit.SECONDS);
    }

    private static Map<String, Object> node(PackagedApp app, String id) {
        return app.api(API_KEY).get("/api/nodes/" + id).then().statusCode(200).extract().jsonPath().getMap("$");
    }

    /** This test's CDRs, from the shared database (any instance answers for all). */
    private static List<Map<String, Object>> calls(PackagedApp app) {
        return app.api(API_KEY).queryParam("to", NUMBER).queryParam("limit", 100).get("/api/calls").then().statusCode(200)
                .extract().jsonPath().getList("items");
    }

    /** This test method's CDRs by instance (both instances always present). */
    private Map<String, Long> byInstance(PackagedApp app) {
        Map<String, Long> counts = new HashMap<>(Map.of(instanceA, 0L, instanceB, 0L));
        calls(app).stream().filter(this::ours).forEach(c -> counts.merge(String.valueOf(c.get("instanceId")), 1L, Long::sum));
        return counts;
    }

    private boolean ours(Map<String, Object> cdr) {
        return instanceA.equals(cdr.get("instanceId")) || instanceB.equals(cdr.get("instanceId"));
    }

    private Map<String, Long> openByInstance(PackagedApp app) {
        return calls(app).stream().filter(this::ours).filter(c -> c.get("endedAt") == null)
                .collect(Collectors.groupingBy(c -> String.valueOf(c.get("instanceId")), Collectors.counting()));
    }

    private static Map<String, String> environment(String instance, String node, int rtpPort, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of(
                "CALLBRIDGE_API_KEY", API_KEY,
                "CALLBRIDGE_MEDIA_RTP_PORT", String.valueOf(rtpPort),
                "CALLBRIDGE_ARI_INSTANCE_ID", instance,
                "CALLBRIDGE_ARI_MEDIA_NODE", node));
        env.putAll(extra);
        return env;
    }
}
