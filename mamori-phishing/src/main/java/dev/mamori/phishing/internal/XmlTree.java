package dev.mamori.phishing.internal;

import dev.mamori.phishing.aggregate.ReportFormatException;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A small element tree read with the JDK's StAX parser, hardened for files from strangers: no DTD
 * (a {@code <!DOCTYPE} is refused outright, so no external entity (XXE) and no entity expansion
 * ("billion laughs") can happen), no external access, and limits on depth, element count and text.
 * Elements keep their namespace so the report parser can skip extension elements.
 */
public final class XmlTree {
    private static final int MAX_DEPTH = 32;
    private static final int MAX_TEXT = 64 * 1024;

    private XmlTree() {
    }

    /** An element: namespace ("" for none), local name, trimmed text, child elements. */
    public record Node(String namespace, String name, String text, List<Node> children) {
    }

    public static Node parse(byte[] xml, int maxElements) throws ReportFormatException {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        XMLStreamReader reader = null;
        try {
            reader = factory.createXMLStreamReader(new ByteArrayInputStream(xml));
            List<Builder> stack = new ArrayList<>();
            Node root = null;
            int elements = 0;
            while (reader.hasNext()) {
                int event = reader.next();
                switch (event) {
                    case XMLStreamConstants.DTD -> throw new ReportFormatException("DOCTYPE", "no-dtd",
                            "a DMARC report has no document type declaration (DTDs and entities are refused)");
                    case XMLStreamConstants.ENTITY_REFERENCE -> throw new ReportFormatException("DOCTYPE", "no-entities",
                            "a DMARC report uses no entity references besides the predefined ones");
                    case XMLStreamConstants.START_ELEMENT -> {
                        if (++elements > maxElements) {
                            throw new ReportFormatException("feedback", "too-many-elements",
                                    "a report has at most " + maxElements + " XML elements");
                        }
                        if (stack.size() >= MAX_DEPTH) {
                            throw new ReportFormatException("feedback", "too-deep", "XML nested deeper than " + MAX_DEPTH + " elements");
                        }
                        String ns = reader.getNamespaceURI();
                        stack.add(new Builder(ns == null ? "" : ns, reader.getLocalName()));
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        if (!stack.isEmpty()) {
                            StringBuilder text = stack.get(stack.size() - 1).text;
                            if (text.length() + reader.getTextLength() > MAX_TEXT) {
                                throw new ReportFormatException(stack.get(stack.size() - 1).name, "text-too-long",
                                        "an element's text has at most " + MAX_TEXT + " characters");
                            }
                            text.append(reader.getTextCharacters(), reader.getTextStart(), reader.getTextLength());
                        }
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        Node node = stack.remove(stack.size() - 1).build();
                        if (stack.isEmpty()) {
                            root = node;
                        } else {
                            stack.get(stack.size() - 1).children.add(node);
                        }
                    }
                    default -> {
                        // comments, processing instructions: ignored
                    }
                }
            }
            if (root == null) {
                throw new ReportFormatException("feedback", "required", "the XML has no root element");
            }
            return root;
        } catch (XMLStreamException | RuntimeException e) {
            // The JDK parser signals malformed XML (and undeclared entities) this way; it may also
            // throw unchecked exceptions on broken encodings.
            throw new ReportFormatException("xml", "malformed", "not well-formed XML (" + ReportUnpacker.safe(e.getMessage()) + ")", e);
        } finally {
            if (reader != null) {
                try {
                    reader.close();
                } catch (XMLStreamException ignored) {
                    // nothing to release beyond the in-memory stream
                }
            }
        }
    }

    private static final class Builder {
        final String namespace;
        final String name;
        final StringBuilder text = new StringBuilder();
        final List<Node> children = new ArrayList<>();

        Builder(String namespace, String name) {
            this.namespace = namespace;
            this.name = name;
        }

        Node build() {
            // Reports carry free text (org_name, extra_contact_info, error, comment): a card number in it is
            // never stored, shown or answered.
            return new Node(namespace, name, dev.mamori.common.CardNumberDetector.mask(text.toString().strip()), List.copyOf(children));
        }
    }
}
