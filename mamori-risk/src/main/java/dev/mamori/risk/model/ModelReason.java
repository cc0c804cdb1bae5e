package dev.mamori.risk.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One reason a model gave for its score: a feature, its value for this payment and how much it
 * moved the score (log-odds; positive raises the risk). Stored in the decision log as codes, put
 * into words in the reader's language by {@link ReasonTexts}.
 */
public record ModelReason(String feature, double value, double contribution) {

    /**
     * The {@code limit} features that raised the score most, largest first: what an analyst or a
     * cardholder-service agent is told. Features that lowered it are not reasons for suspicion.
     */
    public static List<ModelReason> top(List<String> names, float[] row, double[] contributions, int limit) {
        List<ModelReason> top = new ArrayList<>(limit);
        boolean[] taken = new boolean[names.size()];
        for (int n = 0; n < limit; n++) {
            int best = -1;
            for (int i = 0; i < names.size(); i++) {
                if (!taken[i] && contributions[i] > 0 && (best < 0 || contributions[i] > contributions[best])) {
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            taken[best] = true;
            top.add(new ModelReason(names.get(best), row[best], contributions[best]));
        }
        return top;
    }

    /** The log's form: {@code feature|value|contribution;...} (feature names hold neither separator). */
    public static String format(List<ModelReason> reasons) {
        StringBuilder out = new StringBuilder();
        for (ModelReason r : reasons) {
            if (!out.isEmpty()) {
                out.append(';');
            }
            out.append(r.feature).append('|').append(number(r.value)).append('|').append(String.format(Locale.ROOT, "%.4f", r.contribution));
        }
        return out.toString();
    }

    /** Reads {@link #format}'s form; items that do not parse are skipped (a clipped column). */
    public static List<ModelReason> parse(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        List<ModelReason> reasons = new ArrayList<>();
        for (String item : text.split(";")) {
            String[] parts = item.split("\\|");
            if (parts.length != 3) {
                continue;
            }
            try {
                reasons.add(new ModelReason(parts[0], Double.parseDouble(parts[1]), Double.parseDouble(parts[2])));
            } catch (NumberFormatException e) {
                // a clipped item: leave it out
            }
        }
        return List.copyOf(reasons);
    }

    private static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.4g", v);
    }
}
