package io.callbridge.testing;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * SIP users of the edge for the tests: a domain and a subscriber (digest password stored as HA1 =
 * md5(user:domain:password)) written straight to Kamailio's tables in schema {@code kamailio}, made live with
 * {@code domain.reload} over Kamailio's JSON-RPC; and the registrations Kamailio saved (usrloc writes
 * through to {@code kamailio.location}).
 */
@ApplicationScoped
public class SipUsers {

    /** Kamailio's JSON-RPC (kamailio/rpc.cfg). */
    public static final String RPC = "http://127.0.0.1:5066/RPC";

    /** One saved contact: as the phone sent it, and the address its REGISTER really came from. */
    public record Registration(String contact, String received, String socket, String userAgent) {
    }

    private final EntityManager em;

    SipUsers(EntityManager em) {
        this.em = em;
    }

    /** Creates {@code username@domain} with {@code password} (replacing one of that name), and its domain. */
    public void subscriber(String username, String domain, String password) {
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("insert into kamailio.domain(domain) values (?1) on conflict do nothing")
                    .setParameter(1, domain).executeUpdate();
            em.createNativeQuery("delete from kamailio.subscriber where username = ?1 and domain = ?2")
                    .setParameter(1, username).setParameter(2, domain).executeUpdate();
            em.createNativeQuery("insert into kamailio.subscriber(username, domain, ha1) "
                            + "values (?1, ?2, md5(?1 || ':' || ?2 || ':' || ?3))")
                    .setParameter(1, username).setParameter(2, domain).setParameter(3, password).executeUpdate();
        });
        rpc("domain.reload");
    }

    /** Removes {@code username@domain}, its registrations, and the domain. */
    public void remove(String username, String domain) {
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("delete from kamailio.subscriber where username = ?1 and domain = ?2")
                    .setParameter(1, username).setParameter(2, domain).executeUpdate();
            em.createNativeQuery("delete from kamailio.location where username = ?1 and domain = ?2")
                    .setParameter(1, username).setParameter(2, domain).executeUpdate();
            em.createNativeQuery("delete from kamailio.domain where domain = ?1").setParameter(1, domain).executeUpdate();
        });
        rpc("domain.reload");
    }

    /** The contacts saved for {@code username@domain}. */
    @SuppressWarnings("unchecked")
    public List<Registration> registrations(String username, String domain) {
        return QuarkusTransaction.requiringNew().call(() -> ((List<Object[]>) em.createNativeQuery(
                        "select contact, received, socket, user_agent from kamailio.location "
                                + "where username = ?1 and domain = ?2")
                .setParameter(1, username).setParameter(2, domain).getResultList()).stream()
                .map(r -> new Registration((String) r[0], (String) r[1], (String) r[2], (String) r[3]))
                .toList());
    }

    /** Calls {@code method} (no parameters) on Kamailio's JSON-RPC; fails on an error answer. */
    public static void rpc(String method) {
        String body = "{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"id\":1}";
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(RPC))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200 || response.body().contains("\"error\"")) {
                throw new IllegalStateException(method + " answered " + response.statusCode() + ": " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException(method + " over " + RPC + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
