package io.callbridge.webhook;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code X-Twilio-Signature} for status callbacks, so that receivers written for Twilio validate them with
 * their usual helper (e.g. Twilio's RequestValidator) given the webhook secret as the auth token:
 * base64(HMAC-SHA1(secret, url + each form field's name and value, sorted by name)).
 */
public final class TwilioSignature {

    private TwilioSignature() {
    }

    public static String of(String secret, String url, String formBody) {
        StringBuilder data = new StringBuilder(url);
        fields(formBody).forEach((name, value) -> data.append(name).append(value));
        return Base64.getEncoder().encodeToString(WebhookSigner.mac("HmacSHA1", secret, data.toString()));
    }

    /** The form's fields sorted by name (each name appears once in a status callback). */
    private static Map<String, String> fields(String formBody) {
        Map<String, String> fields = new TreeMap<>();
        if (formBody.isEmpty()) return fields;
        for (String pair : formBody.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            fields.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return fields;
    }
}
