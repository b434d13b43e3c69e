package io.callbridge.sip;

import static io.callbridge.testing.Api.api;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.testing.LocalStack;
import io.callbridge.testing.SippRegister;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Registration with digest authentication on the real path: sipp REGISTERs through the real Kamailio against
 * users created over the API (Kamailio reads the test database's tables). Domains a.example.test and
 * late.a.example.test, and local SIP ports 5600-5619, belong to this test.
 */
@QuarkusTest
class RegistrarTest {

    static final String DOMAIN = "a.example.test";
    static final String LATE_DOMAIN = "late.a.example.test";
    static final String PASSWORD = "a-long-enough-secret"; // sipp's [authentication] splits its arguments on spaces

    @Inject
    KamailioRpc rpc;

    @BeforeEach
    @AfterEach
    void clean() {
        for (Map<String, Object> u : api().get("/api/sip/users").then().statusCode(200).extract().jsonPath()
                .<Map<String, Object>>getList("$")) {
            if (DOMAIN.equals(u.get("domain")) || LATE_DOMAIN.equals(u.get("domain"))) {
                api().delete("/api/sip/users/" + u.get("id")).then().statusCode(204);
            }
        }
        api().delete("/api/sip/domains/" + LATE_DOMAIN);
        api().body(Map.of("domain", DOMAIN)).post("/api/sip/domains"); // 201, or 409 from an earlier test
    }

    @Test
    void aGoodPasswordRegistersAndTheContactIsListed() {
        createUser("alice", DOMAIN);
        SippRegister.Result reg = SippRegister.register("alice", DOMAIN, PASSWORD, 5600, 200);
        assertTrue(reg.succeeded(), "expected 401 then 200:\n" + reg.output());

        // A domain offers digest MD5 alone unless told otherwise (DigestAlgorithmsTest has the others).
        Matcher challenge = Pattern.compile("WWW-Authenticate: (Digest [^\\r\\n]*)").matcher(reg.messages());
        assertTrue(challenge.find(), reg.messages());
        assertTrue(challenge.group(1).contains("realm=\"" + DOMAIN + "\""), challenge.group(1));
        assertFalse(challenge.group(1).contains("SHA-256"), challenge.group(1));

        List<Map<String, Object>> contacts = registrations("alice");
        assertEquals(1, contacts.size(), contacts.toString());
        Map<String, Object> c = contacts.getFirst();
        assertEquals("sip:alice@127.0.0.1:5600", c.get("contact"));
        assertEquals("callbridge-test-phone", c.get("userAgent"));
        assertEquals(DOMAIN, c.get("domain"));
        assertTrue(Instant.parse((String) c.get("expires")).isAfter(Instant.now().plusSeconds(200)), c.toString());
    }

    @Test
    void aWrongPasswordOrAnUnknownUserIsChallengedAgainAndNothingIsRegistered() {
        createUser("bob", DOMAIN);
        SippRegister.Result wrong = SippRegister.register("bob", DOMAIN, "not the password", 5601, 401);
        assertTrue(wrong.succeeded(), "expected 401 again for a wrong password:\n" + wrong.output());
        assertEquals(List.of(), registrations("bob"));

        SippRegister.Result unknown = SippRegister.register("nobody", DOMAIN, PASSWORD, 5602, 401);
        assertTrue(unknown.succeeded(), "expected 401 again for an unknown user:\n" + unknown.output());
        assertEquals(List.of(), registrations("nobody"));
    }

    @Test
    void oneMayRegisterOnlyOnesOwnAddress() {
        createUser("erin", DOMAIN);
        createUser("frank", DOMAIN);
        // erin's credentials for frank's address of record
        SippRegister.Result other = SippRegister.registerAs("erin", "frank", DOMAIN, PASSWORD, 5603, 403);
        assertTrue(other.succeeded(), "expected 403 for another user's address:\n" + other.output());
        assertEquals(List.of(), registrations("frank"));
    }

    @Test
    void aDisabledUserLosesItsRegistrationsAndCannotRegister() {
        long id = createUser("carol", DOMAIN);
        assertTrue(SippRegister.register("carol", DOMAIN, PASSWORD, 5604, 200).succeeded());
        assertTrue(lookup("carol").contains("5604"));

        api().body(Map.of("enabled", false)).put("/api/sip/users/" + id).then().statusCode(200).body("enabled", equalTo(false));
        assertEquals(List.of(), registrations("carol"));
        KamailioRpc.Failed gone = assertThrows(KamailioRpc.Failed.class, () -> lookup("carol"));
        assertTrue(gone.getMessage().contains("not found"), gone.getMessage());

        SippRegister.Result refused = SippRegister.register("carol", DOMAIN, PASSWORD, 5604, 403);
        assertTrue(refused.succeeded(), "expected 403 for a disabled user:\n" + refused.output());

        api().body(Map.of("enabled", true)).put("/api/sip/users/" + id).then().statusCode(200);
        assertTrue(SippRegister.register("carol", DOMAIN, PASSWORD, 5604, 200).succeeded());
    }

    @Test
    void aCallClaimingOneOfOurUsersMustAuthenticateAndADisabledUserCannot() {
        long id = createUser("heidi", DOMAIN);
        // A wrong password is challenged again; the right one for a disabled account is refused.
        SippRegister.Result wrong = SippRegister.challengedInvite("heidi", DOMAIN, "not-the-password", "7600", 5607, 407);
        assertTrue(wrong.succeeded(), "expected 407, then 407 again:\n" + wrong.output());
        api().body(Map.of("enabled", false)).put("/api/sip/users/" + id).then().statusCode(200);
        SippRegister.Result disabled = SippRegister.challengedInvite("heidi", DOMAIN, PASSWORD, "7600", 5607, 403);
        assertTrue(disabled.succeeded(), "expected 407, then 403 for a disabled user:\n" + disabled.output());
    }

    @Test
    void aRegistrationSurvivesAKamailioRestart() {
        createUser("dave", DOMAIN);
        assertTrue(SippRegister.register("dave", DOMAIN, PASSWORD, 5605, 200).succeeded());
        LocalStack.run("restart", "kamailio");
        // Kamailio loads the registrations from the table in its first SIP worker, just after it starts
        // listening: once loaded, it still routes to the contact.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .ignoreException(KamailioRpc.Failed.class)
                .until(() -> lookup("dave").contains("sip:dave@127.0.0.1:5605"));
        assertEquals(1, registrations("dave").size());
    }

    @Test
    void aDomainAddedOverTheApiIsServedWithoutARestart() {
        SippRegister.Result before = SippRegister.refused("grace", LATE_DOMAIN, 5606, 403);
        assertTrue(before.succeeded(), "expected 403 for a domain the registrar does not have:\n" + before.output());

        api().body(Map.of("domain", LATE_DOMAIN)).post("/api/sip/domains").then().statusCode(201).body("reloaded", equalTo(true));
        createUser("grace", LATE_DOMAIN);
        SippRegister.Result after = SippRegister.register("grace", LATE_DOMAIN, PASSWORD, 5606, 200);
        assertTrue(after.succeeded(), "expected 200 in the new domain:\n" + after.output());
    }

    @Test
    void theRpcClientSaysWhatWentWrong() {
        assertTrue(rpc.call("core.version").asText().contains("kamailio"), rpc.call("core.version").toString());
        KamailioRpc.Failed unknown = assertThrows(KamailioRpc.Failed.class, () -> rpc.call("no.such.command"));
        assertTrue(unknown.getMessage().contains("no.such.command"), unknown.getMessage());
        KamailioRpc away = new KamailioRpc(new SipConfig() {
            public String rpcUrl() {
                return "http://127.0.0.1:5619/RPC"; // nothing listens there
            }

            public java.time.Duration rpcTimeout() {
                return java.time.Duration.ofSeconds(2);
            }
        }, new com.fasterxml.jackson.databind.ObjectMapper());
        KamailioRpc.Unreachable e = assertThrows(KamailioRpc.Unreachable.class, () -> away.call("domain.reload"));
        assertTrue(e.getMessage().contains("127.0.0.1:5619"), e.getMessage());
    }

    private String lookup(String user) {
        return rpc.call("ul.lookup", "location", user + "@" + DOMAIN).toString();
    }

    private static long createUser(String name, String domain) {
        return api().body(Map.of("username", name, "domain", domain, "password", PASSWORD)).post("/api/sip/users")
                .then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private static List<Map<String, Object>> registrations(String user) {
        return api().queryParam("user", user).queryParam("domain", DOMAIN).get("/api/sip/registrations")
                .then().statusCode(200).extract().jsonPath().getList("$");
    }
}
