package io.callbridge.flow;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One element of a TwiML document as parsed: a verb ({@code <Say>}, {@code <Dial>}), a noun inside a verb
 * ({@code <Number>}, {@code <Stream>}, {@code <Parameter>}) or the {@code <Response>} root. Attribute names
 * keep TwiML's spelling ({@code numDigits}, {@code statusCallbackMethod}); {@code text} is the element's own
 * text with surrounding white space trimmed ("" when none). Source: Twilio's TwiML voice reference,
 * https://www.twilio.com/docs/voice/twiml.
 */
public record TwimlNode(String name, Map<String, String> attributes, String text, List<TwimlNode> children) {

    public TwimlNode {
        Objects.requireNonNull(name, "name");
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        text = text == null ? "" : text;
        children = children == null ? List.of() : List.copyOf(children);
    }

    /** The attribute's value, or {@code fallback} when the element does not set it. */
    public String attribute(String attribute, String fallback) {
        return attributes.getOrDefault(attribute, fallback);
    }

    /** The children named {@code childName}, in document order. */
    public List<TwimlNode> children(String childName) {
        return children.stream().filter(child -> child.name.equals(childName)).toList();
    }
}
