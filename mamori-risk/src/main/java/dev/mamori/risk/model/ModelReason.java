package dev.mamori.risk.model;

import java.util.ArrayList;
import java.util.List;

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
        // One pass keeping the best `limit` indices in order: no per-decision array of the inputs' size.
        int[] best = new int[limit];
        int found = 0;
        for (int i = 0; i < names.size(); i++) {
            double c = contributions[i];
            if (!(c > 0) || (found == limit && c <= contributions[best[limit - 1]])) {
                continue;
            }
            int at = Math.min(found, limit - 1);
            while (at > 0 && contributions[best[at - 1]] < c) {
                best[at] = best[at - 1];
                at--;
            }
            best[at] = i;
            found = Math.min(found + 1, limit);
        }
        List<ModelReason> top = new ArrayList<>(found);
        for (int n = 0; n < found; n++) {
            top.add(new ModelReason(names.get(best[n]), row[best[n]], contributions[best[n]]));
        }
        return top;
    }

    /** The log's form: {@code feature|value|contribution;...} (feature names hold neither separator). */
    public static String format(List<ModelReason> reasons) {
        StringBuilder out = new StringBuilder(64 * reasons.size());
        for (ModelReason r : reasons) {
            if (!out.isEmpty()) {
                out.append(';');
            }
            out.append(r.feature).append('|');
            number(out, r.value);
            // Four decimals of log-odds are plenty to rank and explain; rounding keeps the column short.
            out.append('|').append(Math.round(r.contribution * 10_000) / 10_000.0);
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

    /** Whole numbers without a fraction (amounts, counts), others as Java writes a double; no formatter allocated. */
    private static void number(StringBuilder out, double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            out.append((long) v);
        } else {
            out.append(v);
        }
    }
}
