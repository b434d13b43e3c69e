package io.callbridge.ari;

import ch.loway.oss.ari4java.generated.models.Bridge;
import ch.loway.oss.ari4java.generated.models.Channel;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;

/**
 * Who owns what in Asterisk. Every channel and bridge Callbridge uses for a call carries a marker,
 * {@code <instanceId>/<callSid>}: channels in the variable {@value #VARIABLE} (which asterisk/ari.conf lists
 * under {@code channelvars}, so ARI returns it with every channel snapshot), bridges in their name. After an
 * ARI reconnect or a restart an instance adopts what carries its own id and never touches what carries
 * another's, so several instances can share an Asterisk node and a database without guessing.
 */
@ApplicationScoped
public class Ownership {

    /** The channel variable holding a channel's marker. */
    public static final String VARIABLE = "CALLBRIDGE_OWNER";

    /** A parsed marker: the owning instance and the call. */
    public record Owner(String instanceId, String callSid) {
    }

    private final String instanceId;

    Ownership(AriConfig config) {
        this.instanceId = config.instanceId().filter(s -> !s.isBlank()).orElseGet(() -> config.app() + "@" + hostname());
    }

    /** This instance's id (config {@code callbridge.ari.instance-id}). */
    public String instanceId() {
        return instanceId;
    }

    /** The marker this instance writes for {@code callSid}. */
    public String marker(String callSid) {
        return instanceId + "/" + callSid;
    }

    /** The channel variables that mark a channel as this instance's, for {@code callSid}. */
    public Map<String, String> variables(String callSid) {
        return Map.of(VARIABLE, marker(callSid));
    }

    /** The owner a channel's snapshot carries, if any. */
    public static Optional<Owner> of(Channel channel) {
        Object vars = channel.getChannelvars();
        if (!(vars instanceof Map<?, ?> map)) return Optional.empty();
        Object value = map.get(VARIABLE);
        return value == null ? Optional.empty() : parse(value.toString());
    }

    /** The owner a bridge's name carries, if any. */
    public static Optional<Owner> of(Bridge bridge) {
        return bridge.getName() == null ? Optional.empty() : parse(bridge.getName());
    }

    /** The callSid of a channel this instance owns; empty for another instance's or an unmarked channel. */
    public Optional<String> ownCall(Channel channel) {
        return of(channel).filter(o -> o.instanceId().equals(instanceId)).map(Owner::callSid);
    }

    static Optional<Owner> parse(String marker) {
        int slash = marker.lastIndexOf('/');
        if (slash <= 0 || slash == marker.length() - 1) return Optional.empty();
        return Optional.of(new Owner(marker.substring(0, slash), marker.substring(slash + 1)));
    }

    private static String hostname() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) return env;
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
