package dev.mamori.phishing.dkim;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A received message split into header fields and body. Octets are kept as ISO-8859-1 chars, so
 * every byte maps to one char and back unchanged. A bare LF is read as CRLF (messages stored
 * with Unix line endings), everything else is kept as received.
 */
final class Message {
    /** One header field as received: name, and the whole field without its final CRLF. */
    record Field(String name, String raw) {
        String lowerName() {
            return name.toLowerCase(Locale.ROOT);
        }
    }

    private final List<Field> fields;
    private final String body;

    private Message(List<Field> fields, String body) {
        this.fields = List.copyOf(fields);
        this.body = body;
    }

    static Message parse(byte[] raw) {
        String text = toCrlf(new String(raw, StandardCharsets.ISO_8859_1));
        List<Field> fields = new ArrayList<>();
        int pos = 0;
        StringBuilder current = null;
        String body = "";
        while (pos < text.length()) {
            int eol = text.indexOf("\r\n", pos);
            String line = eol < 0 ? text.substring(pos) : text.substring(pos, eol);
            int next = eol < 0 ? text.length() : eol + 2;
            if (line.isEmpty()) {
                body = text.substring(next);
                pos = text.length();
                break;
            }
            char first = line.charAt(0);
            if ((first == ' ' || first == '\t') && current != null) {
                current.append("\r\n").append(line);
            } else {
                if (current != null) {
                    fields.add(field(current.toString()));
                }
                current = new StringBuilder(line);
            }
            pos = next;
        }
        if (current != null) {
            fields.add(field(current.toString()));
        }
        return new Message(fields, body);
    }

    private static Field field(String raw) {
        int colon = raw.indexOf(':');
        String name = colon < 0 ? raw : raw.substring(0, colon);
        // Whitespace before the colon is obsolete syntax (RFC 5322 section 4.5) but occurs.
        return new Field(name.stripTrailing(), raw);
    }

    private static String toCrlf(String s) {
        if (s.indexOf('\n') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length() + 64);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' && (i == 0 || s.charAt(i - 1) != '\r')) {
                out.append('\r');
            }
            out.append(c);
        }
        return out.toString();
    }

    List<Field> fields() {
        return fields;
    }

    /** The body: everything after the first empty line, with CRLF line endings. */
    String body() {
        return body;
    }
}
