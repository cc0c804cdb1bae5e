package dev.mamori.risk.simulate;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One HTML form of a page, read as a browser without scripts would: its action (resolved against
 * the page's address) and its hidden fields. Enough for the ACS's pages, which are found by their
 * stable element ids ({@code otp}, {@code submit}, {@code resend}, {@code cancel}, {@code continue}).
 */
record HtmlForm(URI action, Map<String, String> fields) {
    private static final Pattern FORM = Pattern.compile("<form\\b([^>]*)>(.*?)</form>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern INPUT = Pattern.compile("<input\\b([^>]*)>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ATTRIBUTE = Pattern.compile("([a-zA-Z_:][-a-zA-Z0-9_:.]*)\\s*=\\s*\"([^\"]*)\"");

    /** The form with id {@code formId}, or the first form when {@code formId} is null; null when there is none. */
    static HtmlForm find(String html, String formId, URI page) {
        Matcher form = FORM.matcher(html);
        while (form.find()) {
            Map<String, String> attributes = attributes(form.group(1));
            if (formId != null && !formId.equals(attributes.get("id"))) {
                continue;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            Matcher input = INPUT.matcher(form.group(2));
            while (input.find()) {
                Map<String, String> a = attributes(input.group(1));
                if ("hidden".equalsIgnoreCase(a.get("type")) && a.get("name") != null) {
                    fields.put(a.get("name"), a.getOrDefault("value", ""));
                }
            }
            String action = attributes.get("action");
            return new HtmlForm(action == null || action.isEmpty() ? page : page.resolve(action), Map.copyOf(fields));
        }
        return null;
    }

    /** Whether the page has an element with this id. */
    static boolean hasElement(String html, String id) {
        return Pattern.compile("\\bid\\s*=\\s*\"" + Pattern.quote(id) + "\"").matcher(html).find();
    }

    /** The hidden fields plus {@code extra}, URL-encoded for a POST. */
    String body(Map<String, String> extra) {
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.putAll(extra);
        StringBuilder out = new StringBuilder();
        all.forEach((name, value) -> out.append(out.length() == 0 ? "" : "&").append(URLEncoder.encode(name, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return out.toString();
    }

    private static Map<String, String> attributes(String tag) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = ATTRIBUTE.matcher(tag);
        while (m.find()) {
            out.put(m.group(1).toLowerCase(java.util.Locale.ROOT), unescape(m.group(2)));
        }
        return out;
    }

    static String unescape(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            int end = c == '&' ? s.indexOf(';', i) : -1;
            if (end > i && end - i <= 10) {
                String entity = s.substring(i + 1, end);
                String replaced = switch (entity) {
                    case "amp" -> "&";
                    case "lt" -> "<";
                    case "gt" -> ">";
                    case "quot" -> "\"";
                    case "apos" -> "'";
                    default -> numeric(entity);
                };
                if (replaced != null) {
                    out.append(replaced);
                    i = end + 1;
                    continue;
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    private static String numeric(String entity) {
        try {
            if (entity.startsWith("#x") || entity.startsWith("#X")) {
                return new String(Character.toChars(Integer.parseInt(entity.substring(2), 16)));
            }
            if (entity.startsWith("#")) {
                return new String(Character.toChars(Integer.parseInt(entity.substring(1))));
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        return null;
    }

    @Override
    public String toString() {
        // Hidden fields carry session data; the action is enough to tell forms apart.
        return "HtmlForm[" + action + ", " + fields.keySet() + "]";
    }
}
