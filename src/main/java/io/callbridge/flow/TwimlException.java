package io.callbridge.flow;

/**
 * A TwiML document or verb Callbridge cannot carry out: not well-formed XML, no {@code <Response>} root, an
 * unknown verb, or an attribute whose value is invalid. The message names the element and attribute, and is
 * what the CDR's termination and the flow-error webhook report.
 */
public class TwimlException extends RuntimeException {

    public TwimlException(String message) {
        super(message);
    }

    public TwimlException(String message, Throwable cause) {
        super(message, cause);
    }
}
