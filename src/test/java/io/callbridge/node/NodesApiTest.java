package io.callbridge.node;

import static io.callbridge.testing.Api.api;
import static io.callbridge.testing.Api.problem;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.ari.Ownership;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The media nodes API against the real Kamailio of the local stack (one node, asterisk-1): what it lists, and
 * draining and resuming the node as Kamailio's dispatcher holds it. The node is always resumed before the test
 * ends (the other tests need it); that a drained node gets no new calls on the real path is NodesIT's.
 */
@QuarkusTest
class NodesApiTest {

    @Inject
    Ownership ownership;

    @ParameterizedTest
    @CsvSource({"AP, ACTIVE", "A, ACTIVE", "IP, INACTIVE", "I, INACTIVE", "TP, TRYING", "DX, DRAINED", "D, DRAINED"})
    void dispatcherFlagsMapToAState(String flags, MediaNodes.State state) {
        assertEquals(state, MediaNodes.state(flags));
    }

    @Test
    void listsTheNodeWithItsInstance() {
        JsonPath node = await().atMost(Duration.ofSeconds(5)).until(() -> node("asterisk-1"),
                n -> n.getList("instances").contains(ownership.instanceId()));
        assertEquals("sip:127.0.0.1:5080", node.getString("uri"));
        assertEquals("active", node.getString("state"));
        assertTrue(node.getBoolean("probing"));
    }

    @Test
    void drainsAndResumesTheNode() {
        try {
            api().post("/api/nodes/asterisk-1/drain").then().statusCode(200);
            assertEquals("drained", node("asterisk-1").getString("state"));
            assertEquals(List.of("drained"), api().get("/api/nodes").jsonPath().getList("findAll { it.id == 'asterisk-1' }.state"));
        } finally {
            api().post("/api/nodes/asterisk-1/resume").then().statusCode(200);
        }
        assertEquals("active", node("asterisk-1").getString("state"));
    }

    @Test
    void anUnknownNodeIs404() {
        problem(api().post("/api/nodes/no-such-node/drain"), 404);
        problem(api().get("/api/nodes/no-such-node"), 404);
    }

    private static JsonPath node(String id) {
        return api().get("/api/nodes/" + id).then().statusCode(200).extract().jsonPath();
    }
}
