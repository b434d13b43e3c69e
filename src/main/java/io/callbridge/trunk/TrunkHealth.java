package io.callbridge.trunk;

import com.fasterxml.jackson.databind.JsonNode;
import io.callbridge.sip.KamailioRpc;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A trunk's live state read from Kamailio when asked: {@code dispatcher.list} for the gateways' probing state
 * (set 100 + id, destinations {@code gw-<gateway id>}) and {@code uac.reg_info l_uuid trunk-<id>} for the
 * registration.
 */
@ApplicationScoped
public class TrunkHealth {

    /** uac's registration flags (modules/uac: uac_reg.c). */
    private static final int REG_DISABLED = 1, REG_ONGOING = 2, REG_ONLINE = 4, REG_AUTHSENT = 8, REG_INIT = 16;

    private final KamailioRpc rpc;

    TrunkHealth(KamailioRpc rpc) {
        this.rpc = rpc;
    }

    /** {@code trunk}'s state; its {@code error} says so when Kamailio could not be asked. */
    public TrunkStatus of(Trunk trunk) {
        try {
            return new TrunkStatus(gateways(trunk), trunk.register() && trunk.enabled() ? registration(trunk) : null, null);
        } catch (KamailioRpc.RpcException e) {
            return new TrunkStatus(null, null, "the SIP edge could not be asked: " + e.getMessage());
        }
    }

    private List<TrunkStatus.Gateway> gateways(Trunk trunk) {
        Map<String, String> flagsByDuid = new HashMap<>();
        int group = Trunk.kamailioGroup(trunk.id());
        JsonNode list;
        try {
            list = rpc.call("dispatcher.list");
        } catch (KamailioRpc.Failed noSets) {
            list = null; // "No Destination Sets": no gateway is known yet
        }
        if (list != null) {
            for (JsonNode record : list.path("RECORDS")) {
                JsonNode set = record.path("SET");
                if (set.path("ID").asInt(-1) != group) continue;
                for (JsonNode target : set.path("TARGETS")) {
                    JsonNode dest = target.path("DEST");
                    String duid = dest.path("ATTRS").path("DUID").asText("");
                    flagsByDuid.put(duid, dest.path("FLAGS").asText(""));
                }
            }
        }
        List<TrunkStatus.Gateway> out = new ArrayList<>();
        for (TrunkGateway g : trunk.gateways()) {
            String flags = flagsByDuid.get("gw-" + g.id());
            out.add(new TrunkStatus.Gateway(g.id(), g.sipUri(), state(flags), flags));
        }
        return out;
    }

    /** Dispatcher's first flag letter: A active, I inactive, D disabled, T trying (probes failing, not yet down). */
    static String state(String flags) {
        if (flags == null || flags.isEmpty()) return "unknown";
        return switch (flags.charAt(0)) {
            case 'A' -> "up";
            case 'I' -> "down";
            case 'D' -> "disabled";
            case 'T' -> "probing";
            default -> "unknown";
        };
    }

    private TrunkStatus.Registration registration(Trunk trunk) {
        JsonNode info;
        try {
            info = rpc.call("uac.reg_info", "l_uuid", "trunk-" + trunk.id());
        } catch (KamailioRpc.Failed notLoaded) {
            return new TrunkStatus.Registration("unknown", null, null, null);
        }
        int flags = info.path("flags").asInt(0);
        boolean online = (flags & REG_ONLINE) != 0;
        return new TrunkStatus.Registration(registrationState(flags), info.path("auth_proxy").asText(null),
                online ? info.path("expires").asInt(0) : 0, flags);
    }

    /**
     * The registration's state from uac's flags: online is registered; a REGISTER out (with or without its
     * digest answer) is registering; started once but neither is failed (refused, or no answer: tried again after
     * reg_retry_interval); not started yet is registering.
     */
    static String registrationState(int flags) {
        if ((flags & REG_DISABLED) != 0) return "disabled";
        if ((flags & REG_ONLINE) != 0) return "registered";
        if ((flags & (REG_ONGOING | REG_AUTHSENT)) != 0) return "registering";
        return (flags & REG_INIT) != 0 ? "failed" : "registering";
    }
}
