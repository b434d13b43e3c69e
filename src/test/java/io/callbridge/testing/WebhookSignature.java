package io.callbridge.testing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The receiver's side of {@code Callbridge-Signature}, written from the documented format (docs/webhooks.md)
 * rather than with the app's signer: {@code t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>}.
 */
public final class WebhookSignature {

    private WebhookSignature() {
    }

    /** Whether {@code header} signs {@code body} with {@code secret}, at most five minutes ago. */
    public static boolean verify(String secret, String header, String body) {
        if (header == null) return false;
        String t = null;
        String v1 = null;
        for (String part : header.split(",")) {
            if (part.startsWith("t=")) t = part.substring(2);
            if (part.startsWith("v1=")) v1 = part.substring(3);
        }
        if (t == null || v1 == null) return false;
        if (Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(t)) > 300) return false;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String expected = HexFormat.of().formatHex(mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8)));
            return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), v1.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
