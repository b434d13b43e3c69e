package io.callbridge.testing;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.sql.DataSource;

/**
 * SIP users and domains of the edge for the tests, written straight into Kamailio's tables (schema
 * {@code kamailio} of the test database) and loaded by Kamailio over its JSON-RPC. The one place the tests
 * make users: it can move to the REST API ({@code /api/sip/users}, {@code /api/sip/domains}) unchanged for
 * its callers.
 */
@ApplicationScoped
public class SipFixtures {

    /** Kamailio's JSON-RPC (kamailio/rpc.cfg). */
    public static final URI RPC = URI.create("http://127.0.0.1:5066/RPC");

    private final DataSource db;
    private final HttpClient http = HttpClient.newHttpClient();

    SipFixtures(DataSource db) {
        this.db = db;
    }

    /** One saved contact: as the phone sent it, and the address its REGISTER really came from. */
    public record Registration(String contact, String received, String socket, String userAgent) {
    }

    /** Creates {@code username@domain} with {@code password} (replacing one of that name), and its domain. */
    public void subscriber(String username, String domain, String password) {
        sql("insert into kamailio.domain (domain) values (?) on conflict (domain) do nothing", domain);
        user(username, domain, password);
        reload("domain.reload");
    }

    /** Removes {@code username@domain}, its registrations, and the domain. */
    public void remove(String username, String domain) {
        sql("delete from kamailio.subscriber where username = ? and domain = ?", username, domain);
        sql("delete from kamailio.location where username = ? and domain = ?", username, domain);
        sql("delete from kamailio.domain where domain = ?", domain);
        reload("domain.reload");
    }

    /** The contacts Kamailio saved for {@code username@domain} (usrloc writes through to kamailio.location). */
    public List<Registration> registrations(String username, String domain) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "select contact, received, socket, user_agent from kamailio.location where username = ? and domain = ?")) {
            s.setString(1, username);
            s.setString(2, domain);
            List<Registration> found = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) found.add(new Registration(r.getString(1), r.getString(2), r.getString(3), r.getString(4)));
            }
            return found;
        } catch (SQLException e) {
            throw new IllegalStateException("reading kamailio.location: " + e.getMessage(), e);
        }
    }

    /** Makes {@code domain} one of the edge's domains (idempotent) and has Kamailio load it. */
    public void domain(String domain) {
        sql("insert into kamailio.domain (domain) values (?) on conflict (domain) do nothing", domain);
        reload("domain.reload");
    }

    /**
     * Creates or replaces the subscriber {@code username@domain} with {@code password}, stored as its HA1
     * (MD5 of {@code username:domain:password}, RFC 2617); Kamailio reads it at the next authentication.
     */
    public void user(String username, String domain, String password) {
        sql("insert into kamailio.subscriber (username, domain, ha1) values (?, ?, ?) "
                + "on conflict (username, domain) do update set ha1 = excluded.ha1",
                username, domain, md5(username + ":" + domain + ":" + password));
    }

    /**
     * Makes {@code alias@domain} another name of {@code username@domain} (Kamailio's alias_db, read on every
     * lookup): an extra number or name that reaches the same user.
     */
    public void alias(String alias, String domain, String username) {
        sql("delete from kamailio.dbaliases where alias_username = ? and alias_domain = ?", alias, domain);
        sql("insert into kamailio.dbaliases (alias_username, alias_domain, username, domain) values (?, ?, ?, ?)",
                alias, domain, username, domain);
    }

    /** Removes every registered contact of {@code username@domain} (Kamailio's usrloc, and its table). */
    public void unregister(String username, String domain) {
        rpc("ul.rm", "location", username + "@" + domain);
    }

    /** The address group of trusted peers, whose identity headers Kamailio keeps (kamailio/identity.cfg). */
    public static final int TRUSTED_PEERS = 3;

    /** Puts {@code ip}:{@code port} (0: any port) in the trusted peers' address group and reloads the groups. */
    public void trust(String ip, int port) {
        sql("insert into kamailio.address (grp, ip_addr, mask, port, tag) values (" + TRUSTED_PEERS + ", ?, 32, "
                + port + ", 'test')", ip);
        reload("permissions.addressReload");
    }

    /** Takes {@code ip}:{@code port} out of the trusted peers again. */
    public void distrust(String ip, int port) {
        sql("delete from kamailio.address where grp = " + TRUSTED_PEERS + " and ip_addr = ? and port = " + port, ip);
        reload("permissions.addressReload");
    }

    /**
     * The current value of counter {@code name} on Kamailio's /metrics (http://127.0.0.1:5066/metrics), with
     * the given label text (e.g. {@code direction="inbound"}, or empty for none); 0 when the counter has not
     * been incremented yet. xhttp_prom prints custom counters with its {@code kamailio_} prefix.
     */
    public static double counter(String name, String labels) {
        Double value = sample(name, labels);
        return value == null ? 0 : value;
    }

    /**
     * The current value of metric {@code name} (without xhttp_prom's {@code kamailio_} prefix) with exactly the
     * label text {@code labels} on Kamailio's /metrics, or null when it has no such sample.
     */
    public static Double sample(String name, String labels) {
        try {
            HttpResponse<String> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:5066/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (scrape.statusCode() != 200) throw new IllegalStateException("/metrics answered " + scrape.statusCode());
            String series = "kamailio_" + name + (labels.isEmpty() ? "" : "{" + labels + "}");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^" + java.util.regex.Pattern.quote(series)
                    + " (\\d+(?:\\.\\d+)?)").matcher(scrape.body());
            return m.find() ? Double.parseDouble(m.group(1)) : null;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Kamailio's metrics did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Calls a reload command until Kamailio answers with a result (10 s at most): permissions refuses a reload
     * within a few seconds of the last one ("ongoing reload").
     */
    private void reload(String method) {
        org.awaitility.Awaitility.await(method).atMost(java.time.Duration.ofSeconds(10))
                .pollInterval(java.time.Duration.ofMillis(250)).ignoreExceptions().until(() -> rpc(method), a -> a.contains("\"result\""));
    }

    /** Calls a Kamailio RPC method with string parameters; returns the JSON answer. */
    public String rpc(String method, String... params) {
        StringBuilder body = new StringBuilder("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"").append(method).append('"');
        if (params.length > 0) {
            body.append(",\"params\":[");
            for (int i = 0; i < params.length; i++) body.append(i == 0 ? "" : ",").append('"').append(params[i]).append('"');
            body.append(']');
        }
        body.append('}');
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(RPC)
                            .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) throw new IllegalStateException(method + ": HTTP " + response.statusCode());
            return response.body();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Kamailio RPC " + method + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void sql(String statement, String... values) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(statement)) {
            for (int i = 0; i < values.length; i++) s.setString(i + 1, values[i]);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(statement + ": " + e.getMessage(), e);
        }
    }

    static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
