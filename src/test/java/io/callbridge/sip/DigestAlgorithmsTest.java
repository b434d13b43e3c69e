package io.callbridge.sip;

import static io.callbridge.testing.Api.api;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callbridge.testing.SipFixtures;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Digest algorithms per domain (RFC 8760) on the real path: a phone that computes its own answers
 * ({@link DigestPhone}) registers through the real Kamailio in domains whose challenges offer MD5, SHA-256
 * then MD5, or SHA-256 alone, set over {@code /api/sip/domains}. Domain sha.example.test, source address
 * 127.0.0.41 (its failed answers count against no other test's address) and ports 5740-5749 belong to this test.
 */
@QuarkusTest
class DigestAlgorithmsTest {

    static final String DOMAIN = "sha.example.test";
    static final String SOURCE = "127.0.0.41";
    static final String PASSWORD = "a-long-enough-secret";
    static final String FAILURES = "protect_auth_failures_total";

    @BeforeEach
    @AfterEach
    void clean() {
        for (Map<String, Object> u : api().get("/api/sip/users").then().statusCode(200).extract().jsonPath()
                .<Map<String, Object>>getList("$")) {
            if (DOMAIN.equals(u.get("domain"))) api().delete("/api/sip/users/" + u.get("id")).then().statusCode(204);
        }
        api().delete("/api/sip/domains/" + DOMAIN);
    }

    @Test
    void aDomainOfferingSha256ChallengesWithItFirstAndAPhoneAnsweringItRegisters() {
        domain(List.of("SHA-256", "MD5"));
        user("alice");
        try (DigestPhone phone = new DigestPhone(SOURCE, 5740)) {
            DigestPhone.Answer challenge = phone.register("alice", DOMAIN, null);
            assertEquals(401, challenge.status());
            List<String> offered = challenge.all("WWW-Authenticate");
            assertEquals(2, offered.size(), offered.toString());
            Map<String, String> sha = DigestPhone.params(offered.get(0));
            Map<String, String> md5 = DigestPhone.params(offered.get(1));
            assertEquals("SHA-256", sha.get("algorithm"), "SHA-256 first (RFC 8760): " + offered);
            assertEquals(DOMAIN, sha.get("realm"));
            assertEquals("auth", sha.get("qop"));
            assertTrue(sha.get("nonce").matches("[0-9]{10}\\.[0-9a-f]{16}\\.[0-9a-f]{64}"), "expiry.salt.signature: " + sha);
            assertNull(md5.get("algorithm"), "then MD5 (no algorithm parameter): " + offered);
            assertEquals(DOMAIN, md5.get("realm"));

            double registrations = SipFixtures.counter("callbridge_edge_registrations_total", "");
            DigestPhone.Answer registered = phone.register("alice", DOMAIN,
                    DigestPhone.answer(sha, "alice", PASSWORD, "REGISTER", "sip:" + DOMAIN));
            assertEquals(200, registered.status(), registered.toString());
            assertEquals(registrations + 1, SipFixtures.counter("callbridge_edge_registrations_total", ""));
            assertEquals(List.of("sip:alice@" + SOURCE + ":5740"), contacts("alice"));

            // The nonce serves the phone's next REGISTER too, until it expires.
            assertEquals(200, phone.register("alice", DOMAIN,
                    DigestPhone.answer(sha, "alice", PASSWORD, "REGISTER", "sip:" + DOMAIN)).status());
        }
    }

    @Test
    void anMd5AnswerToTheSecondChallengeRegistersToo() {
        domain(List.of("SHA-256", "MD5"));
        user("bob");
        try (DigestPhone phone = new DigestPhone(SOURCE, 5741)) {
            List<String> offered = phone.register("bob", DOMAIN, null).all("WWW-Authenticate");
            Map<String, String> md5 = DigestPhone.params(offered.get(1));
            DigestPhone.Answer registered = phone.register("bob", DOMAIN,
                    DigestPhone.answer(md5, "bob", PASSWORD, "REGISTER", "sip:" + DOMAIN));
            assertEquals(200, registered.status(), registered.toString());
            assertEquals(List.of("sip:bob@" + SOURCE + ":5741"), contacts("bob"));
        }
    }

    @Test
    void aWrongSha256AnswerIsChallengedAgainAndUsesUpItsNonce() {
        domain(List.of("SHA-256", "MD5"));
        user("carol");
        try (DigestPhone phone = new DigestPhone(SOURCE, 5742)) {
            Map<String, String> sha = DigestPhone.params(phone.register("carol", DOMAIN, null).all("WWW-Authenticate").get(0));
            double failures = SipFixtures.counter(FAILURES, "");
            DigestPhone.Answer wrong = phone.register("carol", DOMAIN,
                    DigestPhone.answer(sha, "carol", "not-the-password", "REGISTER", "sip:" + DOMAIN));
            assertEquals(401, wrong.status());
            assertEquals(failures + 1, SipFixtures.counter(FAILURES, ""), "a failed authentication, as for MD5 (protect.cfg)");
            Map<String, String> again = DigestPhone.params(wrong.all("WWW-Authenticate").get(0));
            assertNotEquals(sha.get("nonce"), again.get("nonce"), "a new nonce for the next try");
            assertNull(again.get("stale"), "a wrong password is no stale nonce");

            // The nonce a wrong answer used is gone: the right password with it is told the nonce is stale.
            DigestPhone.Answer stale = phone.register("carol", DOMAIN,
                    DigestPhone.answer(sha, "carol", PASSWORD, "REGISTER", "sip:" + DOMAIN));
            assertEquals(401, stale.status());
            assertEquals("true", DigestPhone.params(stale.all("WWW-Authenticate").get(0)).get("stale"));
            assertEquals(List.of(), contacts("carol"));
            assertEquals(failures + 1, SipFixtures.counter(FAILURES, ""), "a stale nonce is no failed password");

            // A made-up nonce is no better, nor one whose expiry was moved on (its signature no longer fits).
            String later = (Long.parseLong(again.get("nonce").substring(0, 10)) + 3600) + again.get("nonce").substring(10);
            for (String nonce : List.of("0".repeat(64), "9999999999." + "0".repeat(16) + "." + "0".repeat(64), later)) {
                Map<String, String> forged = Map.of("realm", DOMAIN, "nonce", nonce, "qop", "auth", "algorithm", "SHA-256");
                assertEquals(401, phone.register("carol", DOMAIN,
                        DigestPhone.answer(forged, "carol", PASSWORD, "REGISTER", "sip:" + DOMAIN)).status(), nonce);
            }
            assertEquals(List.of(), contacts("carol"));
            assertEquals(failures + 1, SipFixtures.counter(FAILURES, ""), "a forged nonce is no failed password");

            assertEquals(200, phone.register("carol", DOMAIN,
                    DigestPhone.answer(again, "carol", PASSWORD, "REGISTER", "sip:" + DOMAIN)).status());
        }
    }

    @Test
    void aSha256OnlyDomainOffersNoMd5AndTakesNoMd5Answer() {
        domain(List.of("SHA-256", "MD5"));
        user("dave");
        try (DigestPhone phone = new DigestPhone(SOURCE, 5743)) {
            Map<String, String> md5 = DigestPhone.params(phone.register("dave", DOMAIN, null).all("WWW-Authenticate").get(1));

            api().body(Map.of("digestAlgorithms", List.of("SHA-256"))).put("/api/sip/domains/" + DOMAIN)
                    .then().statusCode(200).body("digestAlgorithms", contains("SHA-256"));
            // An MD5 answer to a challenge given before the change is refused now, and only SHA-256 is offered.
            DigestPhone.Answer refused = phone.register("dave", DOMAIN,
                    DigestPhone.answer(md5, "dave", PASSWORD, "REGISTER", "sip:" + DOMAIN));
            assertEquals(401, refused.status());
            List<String> offered = refused.all("WWW-Authenticate");
            assertEquals(1, offered.size(), offered.toString());
            Map<String, String> sha = DigestPhone.params(offered.getFirst());
            assertEquals("SHA-256", sha.get("algorithm"));
            assertEquals(List.of(), contacts("dave"));

            assertEquals(200, phone.register("dave", DOMAIN,
                    DigestPhone.answer(sha, "dave", PASSWORD, "REGISTER", "sip:" + DOMAIN)).status());
        }
    }

    @Test
    void anMd5DomainOffersNoSha256AndTakesNoSha256Answer() {
        domain(null);
        api().get("/api/sip/domains").then().statusCode(200)
                .body("find { it.domain == '" + DOMAIN + "' }.digestAlgorithms", contains("MD5"));
        user("erin");
        try (DigestPhone phone = new DigestPhone(SOURCE, 5744)) {
            List<String> offered = phone.register("erin", DOMAIN, null).all("WWW-Authenticate");
            assertEquals(1, offered.size(), offered.toString());
            assertFalse(offered.getFirst().contains("SHA-256"), offered.toString());

            // A SHA-256 nonce given while the domain offered it is of no use once it does not.
            api().body(Map.of("digestAlgorithms", List.of("SHA-256", "MD5"))).put("/api/sip/domains/" + DOMAIN)
                    .then().statusCode(200);
            Map<String, String> sha = DigestPhone.params(phone.register("erin", DOMAIN, null).all("WWW-Authenticate").get(0));
            api().body(Map.of("digestAlgorithms", List.of("MD5"))).put("/api/sip/domains/" + DOMAIN).then().statusCode(200);
            assertEquals(401, phone.register("erin", DOMAIN,
                    DigestPhone.answer(sha, "erin", PASSWORD, "REGISTER", "sip:" + DOMAIN)).status());
            assertEquals(List.of(), contacts("erin"));
        }
    }

    @Test
    void aRequestFromAUserIsAuthenticatedWithSha256Too() {
        domain(List.of("SHA-256", "MD5"));
        user("frank");
        try (DigestPhone phone = new DigestPhone(SOURCE, 5745)) {
            String target = "sip:7600@" + DOMAIN;
            DigestPhone.Answer challenge = phone.options(target, "frank", DOMAIN, null);
            assertEquals(407, challenge.status());
            List<String> offered = challenge.all("Proxy-Authenticate");
            assertEquals(2, offered.size(), offered.toString());
            Map<String, String> sha = DigestPhone.params(offered.getFirst());
            assertEquals("SHA-256", sha.get("algorithm"));

            DigestPhone.Answer passed = phone.options(target, "frank", DOMAIN,
                    DigestPhone.answer(sha, "frank", PASSWORD, "OPTIONS", target));
            assertNotEquals(407, passed.status(), passed.toString());
            assertNotEquals(403, passed.status(), passed.toString());
            DigestPhone.Answer wrong = phone.options(target, "frank", DOMAIN,
                    DigestPhone.answer(sha, "frank", "not-the-password", "OPTIONS", target));
            assertEquals(407, wrong.status());
        }
    }

    @Test
    void aUserNameMadeToRewriteTheLookupAuthenticatesNoOne() {
        domain(List.of("SHA-256", "MD5"));
        user("grace");
        // Were it pasted into the subscriber query as a plain string, it would end the string and add a row
        // whose HA1 is "H": an answer computed from "H" would pass.
        String forged = "x'/**/union/**/select/**/$$H$$,$$$$,$$$$,1--";
        try (DigestPhone phone = new DigestPhone(SOURCE, 5746)) {
            Map<String, String> sha = DigestPhone.params(phone.register(forged, DOMAIN, null).all("WWW-Authenticate").get(0));
            DigestPhone.Answer refused = phone.register(forged, DOMAIN,
                    DigestPhone.answerWithHa1(sha, forged, "H", "REGISTER", "sip:" + DOMAIN));
            assertEquals(401, refused.status(), refused.toString());
            DigestPhone.Answer invite = phone.options("sip:7600@" + DOMAIN, forged, DOMAIN, null);
            Map<String, String> proxy = DigestPhone.params(invite.all("Proxy-Authenticate").get(0));
            assertEquals(407, phone.options("sip:7600@" + DOMAIN, forged, DOMAIN,
                    DigestPhone.answerWithHa1(proxy, forged, "H", "OPTIONS", "sip:7600@" + DOMAIN)).status());
        }
        assertEquals(1, api().get("/api/sip/users").then().statusCode(200).extract().jsonPath()
                .<Map<String, Object>>getList("$").stream().filter(u -> DOMAIN.equals(u.get("domain"))).count());
    }

    @Test
    void oneUsersPasswordWithASecondSetOfCredentialsNamingAnotherRegistersNoOne() {
        domain(null);
        user("mallory");
        user("alice");
        try (DigestPhone phone = new DigestPhone(SOURCE, 5747)) {
            Map<String, String> md5 = DigestPhone.params(phone.register("alice", DOMAIN, null).all("WWW-Authenticate").get(0));
            String mallorys = DigestPhone.answer(md5, "mallory", PASSWORD, "REGISTER", "sip:" + DOMAIN);
            String alices = "Digest username=\"alice\", realm=\"elsewhere.example.test\", nonce=\"x\", uri=\"sip:"
                    + DOMAIN + "\", response=\"" + "0".repeat(32) + "\"";
            // alice's name first (read as the user), mallory's valid answer second (the one checked)
            for (List<String> lines : List.of(List.of("Authorization: " + alices, "Authorization: " + mallorys),
                    List.of("Proxy-Authorization: " + alices, "Authorization: " + mallorys))) {
                DigestPhone.Answer answer = phone.registerWithHeaders("alice", DOMAIN, lines);
                assertEquals(400, answer.status(), lines + " -> " + answer);
            }
            assertEquals(List.of(), contacts("alice"));
            // mallory with her own one set registers as herself, and only there
            assertEquals(403, phone.registerWithHeaders("alice", DOMAIN, List.of("Authorization: " + mallorys)).status());
        }
    }

    @Test
    void theApiTakesOnlyTheAlgorithmListsKamailioCanOffer() {
        api().body(Map.of("domain", DOMAIN, "digestAlgorithms", List.of("MD5", "SHA-256"))).post("/api/sip/domains")
                .then().statusCode(400).body(containsString("digestAlgorithms"));
        api().body(Map.of("domain", DOMAIN, "digestAlgorithms", List.of("SHA-512-256"))).post("/api/sip/domains")
                .then().statusCode(400);
        api().body(Map.of("digestAlgorithms", List.of("SHA-256"))).put("/api/sip/domains/" + DOMAIN).then().statusCode(404);
        domain(List.of("SHA-256"));
        api().body(Map.of()).put("/api/sip/domains/" + DOMAIN).then().statusCode(400).body(containsString("digestAlgorithms"));
        api().body(Map.of("digestAlgorithms", List.of())).put("/api/sip/domains/" + DOMAIN).then().statusCode(400);
        api().get("/api/sip/domains").then().statusCode(200)
                .body("find { it.domain == '" + DOMAIN + "' }.digestAlgorithms", contains("SHA-256"));
    }

    private static void domain(List<String> algorithms) {
        Map<String, Object> body = algorithms == null ? Map.of("domain", DOMAIN)
                : Map.of("domain", DOMAIN, "digestAlgorithms", algorithms);
        api().body(body).post("/api/sip/domains").then().statusCode(201)
                .body("digestAlgorithms", contains((algorithms == null ? List.of("MD5") : algorithms).toArray()));
    }

    private static void user(String name) {
        api().body(Map.of("username", name, "domain", DOMAIN, "password", PASSWORD)).post("/api/sip/users")
                .then().statusCode(201);
    }

    private static List<String> contacts(String user) {
        return api().queryParam("user", user).queryParam("domain", DOMAIN).get("/api/sip/registrations")
                .then().statusCode(200).extract().jsonPath().getList("contact");
    }
}
