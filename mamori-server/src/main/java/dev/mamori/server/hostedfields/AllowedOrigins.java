package dev.mamori.server.hostedfields;

import dev.mamori.server.api.ApiProblem;
import dev.mamori.server.api.FieldViolation;
import dev.mamori.server.api.ProblemType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The web origins a publishable key may be embedded by. An origin is exactly what a browser sends
 * in the {@code Origin} header: {@code scheme://host[:port]}, lower-case, no default port, no path.
 * HTTPS only, except {@code http://localhost} and {@code http://127.0.0.1} for development.
 * The value also lands in a {@code Content-Security-Policy} header, so nothing outside this
 * grammar may pass.
 */
final class AllowedOrigins {
    static final int MAX_ORIGINS = 10;
    static final int MAX_LENGTH = 200;
    // Host names in ASCII (IDNs in punycode, xn--...) or IPv4 literals; labels of letters, digits, hyphens.
    private static final Pattern HOST = Pattern.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final Pattern ORIGIN = Pattern.compile("(https?)://([^/:?#@\\s]+)(?::([0-9]{1,5}))?");

    private AllowedOrigins() {}

    /** Normalises and checks a list; throws a 422 naming {@code allowedOrigins[i]} and the rule. */
    static List<String> validate(List<String> origins) {
        List<FieldViolation> violations = new ArrayList<>();
        if (origins == null || origins.isEmpty()) {
            violations.add(new FieldViolation("allowedOrigins", "required", "allowedOrigins must name at least one origin"));
        } else if (origins.size() > MAX_ORIGINS) {
            violations.add(new FieldViolation("allowedOrigins", "size", "allowedOrigins holds at most " + MAX_ORIGINS + " origins"));
        }
        Set<String> normalised = new LinkedHashSet<>();
        if (violations.isEmpty()) {
            for (int i = 0; i < origins.size(); i++) {
                String field = "allowedOrigins[" + i + "]";
                try {
                    normalised.add(normalise(origins.get(i), field));
                } catch (InvalidOrigin e) {
                    violations.add(new FieldViolation(field, e.rule, e.getMessage()));
                }
            }
        }
        if (!violations.isEmpty()) {
            throw new ApiProblem(ProblemType.VALIDATION, violations.size() == 1 ? violations.get(0).message()
                    : violations.size() + " fields break rules", violations);
        }
        return List.copyOf(normalised);
    }

    /** One origin in its browser form; messages name the field and the rule, never the value. */
    static String normalise(String origin, String field) {
        if (origin == null || origin.isBlank()) {
            throw new InvalidOrigin("required", field + " must not be blank");
        }
        if (origin.length() > MAX_LENGTH) {
            throw new InvalidOrigin("size", field + " must be at most " + MAX_LENGTH + " characters");
        }
        String value = origin.strip().toLowerCase(Locale.ROOT);
        var matcher = ORIGIN.matcher(value);
        if (!matcher.matches()) {
            boolean hasPath = value.matches("https?://[^/]+[/?#].*");
            throw hasPath ? new InvalidOrigin("no-path", field + " must be scheme://host[:port] without a path, query or fragment")
                    : new InvalidOrigin("format", field + " must be an origin: https://host[:port]");
        }
        String scheme = matcher.group(1);
        String host = matcher.group(2);
        if (!HOST.matcher(host).matches()) {
            throw new InvalidOrigin("host", field + " has an invalid host name (letters, digits, hyphens, dots; IDNs in punycode)");
        }
        boolean local = host.equals("localhost") || host.equals("127.0.0.1");
        if (scheme.equals("http") && !local) {
            throw new InvalidOrigin("https", field + " must use https (http only for localhost and 127.0.0.1)");
        }
        String port = matcher.group(3);
        if (port != null) {
            int number = Integer.parseInt(port);
            if (number < 1 || number > 65535) {
                throw new InvalidOrigin("port", field + " has a port outside 1-65535");
            }
            boolean defaultPort = scheme.equals("https") ? number == 443 : number == 80;
            port = defaultPort ? null : Integer.toString(number);
        }
        return scheme + "://" + host + (port == null ? "" : ":" + port);
    }

    static final class InvalidOrigin extends IllegalArgumentException {
        final String rule;

        InvalidOrigin(String rule, String message) {
            super(message);
            this.rule = rule;
        }
    }
}
