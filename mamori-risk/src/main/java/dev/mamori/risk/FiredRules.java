package dev.mamori.risk;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How fired rules are written into the decision log's one text column: {@code name|version|action|reason|shadow;...}, parts URL-encoded. */
final class FiredRules {
    private FiredRules() {
    }

    static String format(List<FiredRule> fired) {
        StringBuilder out = new StringBuilder();
        for (FiredRule rule : fired) {
            if (!out.isEmpty()) {
                out.append(';');
            }
            out.append(encode(rule.name())).append('|').append(rule.version()).append('|').append(rule.action().id()).append('|')
                    .append(encode(rule.reason() == null ? "" : rule.reason())).append('|').append(rule.shadow() ? "shadow" : "enforced");
        }
        return out.toString();
    }

    static List<FiredRule> parse(String text) {
        List<FiredRule> fired = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return fired;
        }
        for (String item : text.split(";")) {
            String[] parts = item.split("\\|", -1);
            // A whole item only: the log's column is cut between items (DecisionStore), never inside one.
            if (parts.length == 5 && ("shadow".equals(parts[4]) || "enforced".equals(parts[4]))) {
                fired.add(new FiredRule(decode(parts[0]), Integer.parseInt(parts[1]), Action.valueOf(parts[2].toUpperCase(Locale.ROOT)),
                        decode(parts[3]), "shadow".equals(parts[4])));
            }
        }
        return fired;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
