package io.callbridge.sms;

/**
 * {@code POST /api/sms/send}: {@code from} (the number or user it is sent as), {@code to} (an E.164 number, a
 * user of ours, or a SIP URI), {@code body} (UTF-8 text, at most {@code callbridge.sms.max-length}
 * characters), and optionally {@code statusCallback} (an http(s) URL that gets Twilio's message status
 * callback on each change).
 */
public record SendRequest(String from, String to, String body, String statusCallback) {
}
