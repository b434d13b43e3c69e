package io.callbridge.call;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The profile of the warm transfer and forwarding tests (one application start for both): webhooks to a receiver
 * on {@link #PORT}, delivered quickly; an agent that cannot be reached fails within a test; transfer targets ring
 * for 5 s at most.
 */
public class TransferHooks implements QuarkusTestProfile {

    /** The webhook receiver's port (from the range of local ports these tests use). */
    public static final int PORT = 5859;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("callbridge.webhooks.url", "http://127.0.0.1:" + PORT + "/hooks",
                "callbridge.webhooks.secret", "whsec_transfer_test",
                "callbridge.webhooks.poll-interval", "200ms",
                "callbridge.agent.connect-timeout", "1s",
                "callbridge.agent.reconnect-window", "1s",
                "callbridge.outbound.ring-timeout", "5s");
    }
}
