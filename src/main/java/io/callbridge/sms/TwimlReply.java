package io.callbridge.sms;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * A minimal reader of Twilio's messaging TwiML: {@code <Response>} with {@code <Message>} verbs, each a reply
 * (its text, or its {@code <Body>} child; optional {@code to} and {@code from} attributes). Other verbs
 * ({@code <Redirect>}, media) are not supported and are reported, not followed. Kept here rather than in
 * {@code flow/} because messaging has no call to drive: only the replies to queue. DTDs and external entities
 * are refused.
 */
final class TwimlReply {

    /** One {@code <Message>}: {@code to}/{@code from} null mean "the sender" and "the number written to". */
    record Message(String to, String from, String body) {
    }

    /** The replies, and the verbs that were skipped. */
    record Parsed(List<Message> messages, List<String> skipped) {
    }

    private TwimlReply() {
    }

    /** @throws IllegalArgumentException when the text is not TwiML (not XML, or no {@code <Response>} root) */
    static Parsed parse(String xml) {
        Element root;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            root = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
                    .getDocumentElement();
        } catch (Exception e) {
            throw new IllegalArgumentException("not XML: " + e.getMessage(), e);
        }
        if (!"Response".equals(root.getTagName())) {
            throw new IllegalArgumentException("the root element is <" + root.getTagName() + ">, not <Response>");
        }
        List<Message> messages = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        NodeList children = root.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (!(children.item(i) instanceof Element verb)) continue;
            if (!"Message".equals(verb.getTagName())) {
                skipped.add(verb.getTagName());
                continue;
            }
            String body = bodyOf(verb);
            if (body.isEmpty()) {
                skipped.add("Message without a body");
                continue;
            }
            messages.add(new Message(attr(verb, "to"), attr(verb, "from"), body));
        }
        return new Parsed(messages, skipped);
    }

    private static String bodyOf(Element message) {
        NodeList bodies = message.getElementsByTagName("Body");
        if (bodies.getLength() > 0) return bodies.item(0).getTextContent().strip();
        StringBuilder text = new StringBuilder();
        NodeList nodes = message.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE) text.append(n.getNodeValue());
        }
        return text.toString().strip();
    }

    private static String attr(Element e, String name) {
        String v = e.getAttribute(name);
        return v.isBlank() ? null : v.strip();
    }
}
