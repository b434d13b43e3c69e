package io.callbridge.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TwilioSignatureTest {

    /**
     * The worked example of Twilio's request-validation documentation (twilio-php's docs/usage/validation):
     * auth token 12345, its URL and POST fields, and the X-Twilio-Signature Twilio gives for them.
     */
    @Test
    void matchesTwilioDocumentedExample() {
        String url = "https://mycompany.com/myapp.php?foo=1&bar=2";
        String body = "Digits=1234&To=%2B18005551212&From=%2B14158675309&Caller=%2B14158675309"
                + "&CallSid=CA1234567890ABCDE";
        assertEquals("RSOYDt4T1cUTdK1PDd93/VVr8B8=", TwilioSignature.of("12345", url, body));
    }

    @Test
    void fieldOrderInTheBodyDoesNotMatter() {
        String url = "https://hooks.example/status";
        assertEquals(TwilioSignature.of("s3cret", url, "B=2&A=1"), TwilioSignature.of("s3cret", url, "A=1&B=2"));
    }
}
