package io.callbridge.api;

/** The body of {@code POST /api/calls/{callSid}/transfer}: a number, extension or SIP URI. */
public record TransferRequest(String to) {
}
