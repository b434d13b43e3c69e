package io.callbridge.flow;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Parses a TwiML document into its {@code <Response>} root as a {@link TwimlNode}, with the JDK's XML parser
 * hardened as OWASP's XXE cheat sheet asks: no DOCTYPE at all (so no internal or external entities, no entity
 * expansion bombs), no XInclude, no external DTD or schema access. Elements keep their local names; text is
 * trimmed. Whether each verb's attributes are valid is the verb's business (it names the attribute).
 */
public final class TwimlParser {

    /** Larger documents are refused before parsing: a TwiML document is a few kilobytes. */
    public static final int MAX_CHARS = 64 * 1024;

    private static final DocumentBuilderFactory FACTORY = hardenedFactory();

    private TwimlParser() {
    }

    /**
     * The document's {@code <Response>} element. Throws {@link TwimlException} for an empty or oversized text, XML
     * that is not well-formed (the message gives line and column), a DOCTYPE, or a root other than
     * {@code <Response>}.
     */
    public static TwimlNode parse(String xml) {
        if (xml == null || xml.isBlank()) throw new TwimlException("the TwiML document is empty");
        if (xml.length() > MAX_CHARS) {
            throw new TwimlException("the TwiML document is larger than " + MAX_CHARS + " characters");
        }
        Document document;
        try {
            DocumentBuilder builder = FACTORY.newDocumentBuilder();
            builder.setErrorHandler(SILENT);
            document = builder.parse(new InputSource(new StringReader(xml.strip())));
        } catch (SAXParseException e) {
            throw new TwimlException("the TwiML document is not well-formed XML (line " + e.getLineNumber()
                    + ", column " + e.getColumnNumber() + "): " + e.getMessage(), e);
        } catch (SAXException | IOException | ParserConfigurationException e) {
            throw new TwimlException("the TwiML document could not be read: " + e.getMessage(), e);
        }
        Element root = document.getDocumentElement();
        String rootName = nameOf(root);
        if (!"Response".equals(rootName)) {
            throw new TwimlException("the TwiML document's root is <" + rootName + ">, not <Response>");
        }
        return node(root);
    }

    private static TwimlNode node(Element element) {
        Map<String, String> attributes = new LinkedHashMap<>();
        NamedNodeMap attrs = element.getAttributes();
        for (int i = 0; i < attrs.getLength(); i++) {
            Node a = attrs.item(i);
            String name = a.getLocalName() != null ? a.getLocalName() : a.getNodeName();
            if (name.startsWith("xmlns") || a.getNodeName().startsWith("xmlns")) continue;
            attributes.put(name, a.getNodeValue());
        }
        List<TwimlNode> children = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            switch (child.getNodeType()) {
                case Node.ELEMENT_NODE -> children.add(node((Element) child));
                case Node.TEXT_NODE, Node.CDATA_SECTION_NODE -> text.append(child.getNodeValue());
                default -> { } // comments, processing instructions
            }
        }
        return new TwimlNode(nameOf(element), attributes, text.toString().strip(), children);
    }

    private static String nameOf(Element element) {
        return element.getLocalName() != null ? element.getLocalName() : element.getTagName();
    }

    private static DocumentBuilderFactory hardenedFactory() {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        try {
            // OWASP XXE Prevention Cheat Sheet, "Java: DocumentBuilderFactory".
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser cannot be hardened: " + e.getMessage(), e);
        }
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        f.setNamespaceAware(true);
        return f;
    }

    /** Errors are thrown, not printed to stderr (the JDK's default handler prints them). */
    private static final ErrorHandler SILENT = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };
}
