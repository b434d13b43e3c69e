package io.callbridge.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A phone's home network behind a NAT, made of network namespaces on this machine (all in 10.77.0.0/16):
 * <pre>
 *   host: the edge's public address 10.77.0.1 (on lo, added by deploy/local/stack), veth cbnat-h
 *     │  10.77.1.0/24, routed from the host with source 10.77.0.1
 *   namespace cbnat-router: wan 10.77.1.2 (the NAT's public address), lan 10.77.2.1; UDP leaving wan is
 *     │  masqueraded to 10.77.1.2 and a port in 20000-29999 (a port-changing NAT, as many home routers are)
 *   namespace cbnat-phone: eth0 10.77.2.2, default route via 10.77.2.1
 * </pre>
 * Nothing in cbnat-phone can reach the host's loopback: only the edge's public address, through the NAT.
 * {@link #create()} removes what an earlier run left and builds it anew; {@link #close()} removes it all.
 */
public final class NatNetwork implements AutoCloseable {

    /** The edge's public address: Kamailio and rtpengine listen there besides loopback. */
    public static final String EDGE = "10.77.0.1";
    /** The NAT's public address: what the edge sees as the phone's source address. */
    public static final String NAT_PUBLIC = "10.77.1.2";
    /** The phone's private address. */
    public static final String PHONE = "10.77.2.2";
    /** The port range the NAT maps UDP source ports into. */
    public static final int NAT_PORT_MIN = 20000;
    public static final int NAT_PORT_MAX = 29999;

    private static final String ROUTER_NS = "cbnat-router";
    private static final String PHONE_NS = "cbnat-phone";
    private static final String HOST_LINK = "cbnat-h";

    private NatNetwork() {
    }

    /** Builds the network; fails with the command's output if a step fails. */
    public static NatNetwork create() {
        remove();
        String router = "ip netns exec " + ROUTER_NS + " ";
        for (String step : List.of(
                "ip netns add " + ROUTER_NS,
                "ip netns add " + PHONE_NS,
                "ip link add " + HOST_LINK + " type veth peer name wan netns " + ROUTER_NS,
                "ip link add lan netns " + ROUTER_NS + " type veth peer name eth0 netns " + PHONE_NS,
                "ip link set " + HOST_LINK + " up",
                "ip route add 10.77.1.0/24 dev " + HOST_LINK + " src " + EDGE,
                "ip -n " + ROUTER_NS + " link set lo up",
                "ip -n " + ROUTER_NS + " addr add " + NAT_PUBLIC + "/24 dev wan",
                "ip -n " + ROUTER_NS + " link set wan up",
                "ip -n " + ROUTER_NS + " addr add 10.77.2.1/24 dev lan",
                "ip -n " + ROUTER_NS + " link set lan up",
                "ip -n " + ROUTER_NS + " route add default via " + EDGE + " dev wan onlink",
                router + "sysctl -qw net.ipv4.ip_forward=1",
                router + "iptables -t nat -A POSTROUTING -o wan -p udp -j MASQUERADE --to-ports "
                        + NAT_PORT_MIN + "-" + NAT_PORT_MAX,
                router + "iptables -t nat -A POSTROUTING -o wan -j MASQUERADE",
                "ip -n " + PHONE_NS + " link set lo up",
                "ip -n " + PHONE_NS + " addr add " + PHONE + "/24 dev eth0",
                "ip -n " + PHONE_NS + " link set eth0 up",
                "ip -n " + PHONE_NS + " route add default via 10.77.2.1")) {
            Child.Exit exit = run(step);
            if (exit.exitCode() != 0) {
                remove();
                throw new IllegalStateException("NAT network: '" + step + "' failed: " + exit.output());
            }
        }
        return new NatNetwork();
    }

    /** {@code command} run inside the phone's namespace. */
    public List<String> inPhone(List<String> command) {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", PHONE_NS));
        all.addAll(command);
        return all;
    }

    @Override
    public void close() {
        remove();
    }

    private static void remove() {
        run("ip netns del " + PHONE_NS);
        run("ip netns del " + ROUTER_NS); // takes the veth pairs with it
        run("ip link del " + HOST_LINK);
    }

    private static Child.Exit run(String command) {
        try {
            Path log = Files.createTempFile("natnet", ".log");
            try {
                return Child.run(new ProcessBuilder(command.split(" ")), log, Duration.ofSeconds(10));
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
