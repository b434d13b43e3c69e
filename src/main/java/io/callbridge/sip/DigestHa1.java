package io.callbridge.sip;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * HA1 of SIP digest authentication: the hash of {@code username:realm:password}, lowercase hex (RFC 3261
 * §22.4, RFC 2617 §3.2.2.2; SHA-256 per RFC 8760 §2.2). Kamailio's auth_db compares responses with it, so
 * the password itself is never stored. The realm is the user's domain.
 */
public final class DigestHa1 {

    private DigestHa1() {
    }

    /** MD5 HA1 (32 hex digits): what every phone can answer. */
    public static String md5(String username, String realm, String password) {
        return hash("MD5", username, realm, password);
    }

    /** SHA-256 HA1 (64 hex digits), for phones that answer an {@code algorithm=SHA-256} challenge. */
    public static String sha256(String username, String realm, String password) {
        return hash("SHA-256", username, realm, password);
    }

    private static String hash(String algorithm, String username, String realm, String password) {
        try {
            byte[] digest = MessageDigest.getInstance(algorithm)
                    .digest((username + ":" + realm + ":" + password).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JDK", e);
        }
    }
}
