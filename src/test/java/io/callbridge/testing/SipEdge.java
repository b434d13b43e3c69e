package io.callbridge.testing;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tests' hold on the real Kamailio of the local stack: its rows in the test database (schema {@code kamailio}),
 * written in SQL as the app's SIP REST API would, its JSON-RPC to reload them, and its Prometheus metrics
 * (both on http://127.0.0.1:5066, loopback).
 */
@ApplicationScoped
public class SipEdge {

    /** Kamailio's HTTP side (JSON-RPC at /RPC, metrics at /metrics). */
    public static final String HTTP = "http://127.0.0.1:5066";
    /** The address group of trusted peers, whose identity headers Kamailio keeps (kamailio/identity.cfg). */
    public static final int TRUSTED_PEERS = 3;

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private final EntityManager em;

    SipEdge(EntityManager em) {
        this.em = em;
    }

    /**
     * Makes {@code domain} local and {@code username} a subscriber of it with {@code password} (stored as HA1 =
     * MD5(username:domain:password) only), then reloads Kamailio's domains. Replaces a subscriber of that name.
     */
    public void subscriber(String username, String domain, String password) {
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("insert into kamailio.domain(domain) values (?1) on conflict (domain) do nothing")
                    .setParameter(1, domain).executeUpdate();
            em.createNativeQuery("""
                            insert into kamailio.subscriber(username, domain, ha1) values (?1, ?2, ?3)
                            on conflict (username, domain) do update set ha1 = excluded.ha1""")
                    .setParameter(1, username).setParameter(2, domain)
                    .setParameter(3, md5(username + ":" + domain + ":" + password)).executeUpdate();
        });
        rpc("domain.reload");
    }

    /** Puts {@code ip}:{@code port} (0: any port) in the trusted peers' address group and reloads the groups. */
    public void trust(String ip, int port) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "insert into kamailio.address(grp, ip_addr, mask, port, tag) values (?1, ?2, 32, ?3, 'test')")
                .setParameter(1, TRUSTED_PEERS).setParameter(2, ip).setParameter(3, port).executeUpdate());
        rpc("permissions.addressReload");
    }

    /** Takes {@code ip}:{@code port} out of the trusted peers again. */
    public void distrust(String ip, int port) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "delete from kamailio.address where grp = ?1 and ip_addr = ?2 and port = ?3")
                .setParameter(1, TRUSTED_PEERS).setParameter(2, ip).setParameter(3, port).executeUpdate());
        rpc("permissions.addressReload");
    }

    /**
     * Calls JSON-RPC {@code method} without parameters until Kamailio answers with a result (10 s at most):
     * permissions refuses a reload within 5 s of the last one ("ongoing reload").
     */
    public static String rpc(String method) {
        String body = "{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"id\":1}";
        return org.awaitility.Awaitility.await(method).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                .until(() -> send(HttpRequest.newBuilder(URI.create(HTTP + "/RPC"))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build()).body(), answer -> answer.contains("\"result\""));
    }

    /**
     * The current value of counter {@code name} on Kamailio's /metrics, with the given label text (e.g.
     * {@code direction="inbound"}, or empty for none); 0 when the counter has not been incremented yet.
     * xhttp_prom prints custom counters with its {@code kamailio_} prefix.
     */
    public static double counter(String name, String labels) {
        HttpResponse<String> scrape = send(HttpRequest.newBuilder(URI.create(HTTP + "/metrics")).GET().build());
        if (scrape.statusCode() != 200) throw new IllegalStateException("/metrics answered " + scrape.statusCode());
        String text = scrape.body();
        String series = "kamailio_" + name + (labels.isEmpty() ? "" : "{" + labels + "}");
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\d+(?:\\.\\d+)?)").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Kamailio's HTTP side did not answer at " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String md5(String s) {
        try {
            byte[] d = MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
            return String.format("%032x", new BigInteger(1, d));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
