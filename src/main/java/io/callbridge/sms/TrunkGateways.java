package io.callbridge.sms;

import io.callbridge.trunk.Trunk;
import io.callbridge.trunk.TrunkGateway;
import io.callbridge.trunk.TrunkHealth;
import io.callbridge.trunk.TrunkStatus;
import io.callbridge.trunk.TrunkStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The carrier gateways a message to a number goes through, in the order outbound calls try them
 * (docs/carriers.md): every enabled trunk by id, each trunk's gateways by priority (lower first), the number
 * rewritten as the trunk says ({@code strip_digits}, then {@code add_prefix}). A gateway that Kamailio's
 * dispatcher reports down (its OPTIONS probes go unanswered) is tried after the trunk's others rather than
 * never: the probe may be stale, and a message that waits in the outbox is worth the attempt.
 */
@ApplicationScoped
class TrunkGateways {

    /** One request target: {@code requestUri} is {@code sip:<rewritten number>@host:port[;transport=...]}. */
    record Gateway(long trunkId, long gatewayId, String requestUri) {
    }

    private final TrunkStore trunks;
    private final TrunkHealth health;

    TrunkGateways(TrunkStore trunks, TrunkHealth health) {
        this.trunks = trunks;
        this.health = health;
    }

    /** The gateways for {@code number}, in the order to try them; empty when no enabled trunk has a gateway. */
    List<Gateway> forNumber(String number) {
        List<Gateway> out = new ArrayList<>();
        for (TrunkStore.Stored stored : trunks.list()) {
            Trunk t = stored.trunk();
            if (!t.enabled() || t.gateways().isEmpty()) continue;
            String user = rewrite(number, t.stripDigits(), t.addPrefix());
            List<TrunkGateway> up = new ArrayList<>();
            List<TrunkGateway> down = new ArrayList<>();
            Map<Long, String> states = states(t);
            for (TrunkGateway g : t.gateways()) {
                ("down".equals(states.get(g.id())) || "disabled".equals(states.get(g.id())) ? down : up).add(g);
            }
            up.addAll(down);
            for (TrunkGateway g : up) out.add(new Gateway(t.id(), g.id(), RegistrarNextHop.trunkTarget(g.sipUri(), user)));
        }
        return out;
    }

    /** Each gateway's dispatcher state by gateway id; empty when Kamailio could not be asked (order kept). */
    private Map<Long, String> states(Trunk t) {
        TrunkStatus status = health.of(t);
        if (status.gateways() == null) return Map.of();
        return status.gateways().stream().collect(Collectors.toMap(TrunkStatus.Gateway::id, TrunkStatus.Gateway::state,
                (a, b) -> a));
    }

    /**
     * The number a trunk's carrier expects: {@code strip} leading characters removed (all of them when the number
     * is shorter), then {@code prefix} prepended, as kamailio/trunkout.cfg does for calls.
     */
    static String rewrite(String number, int strip, String prefix) {
        String rest = strip <= 0 ? number : strip >= number.length() ? "" : number.substring(strip);
        return (prefix == null ? "" : prefix) + rest;
    }
}
