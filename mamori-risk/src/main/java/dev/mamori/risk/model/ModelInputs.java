package dev.mamori.risk.model;

import dev.mamori.risk.features.FeatureSlot;
import dev.mamori.risk.features.FeatureVector;
import dev.mamori.risk.features.StandardFeatureCatalog;
import dev.mamori.risk.features.ValueType;
import java.util.ArrayList;
import java.util.List;

/**
 * Where each of a model's inputs sits in the live {@link FeatureVector}: the model names its
 * features by the catalog's canonical names ({@code card.count(1h)}, {@code amount}), resolved once
 * when the model is loaded. Filling a row is a copy of numbers, no lookup and no allocation: the same
 * code fills the row offline (training, backtests) and online (the authorization host).
 */
public final class ModelInputs {
    private final int[] numberIndex;
    private final List<String> names;

    private ModelInputs(int[] numberIndex, List<String> names) {
        this.numberIndex = numberIndex;
        this.names = names;
    }

    /**
     * @throws InvalidModelException naming the first input the catalog does not have as a number
     *     or yes/no feature (a window this instance does not track, a text feature, a typo), or one
     *     the log cannot replay (host-supplied facts such as {@code score} or {@code cvc.matched},
     *     {@code *.sequential(*)})
     */
    public static ModelInputs resolve(StandardFeatureCatalog catalog, List<String> featureNames) {
        if (featureNames.isEmpty()) {
            throw new InvalidModelException("the model names no features: it must be trained with feature names");
        }
        int[] index = new int[featureNames.size()];
        for (int i = 0; i < index.length; i++) {
            String name = featureNames.get(i);
            FeatureSlot slot = catalog.slot(name);
            if (slot == null) {
                throw new InvalidModelException("the model's feature '" + name + "' is not in this instance's feature catalog "
                        + "(its windows are " + catalog.windows() + ")");
            }
            if (slot.type() == ValueType.TEXT) {
                throw new InvalidModelException("the model's feature '" + name + "' is text; a model reads numbers and yes/no only");
            }
            if (catalog.suppliedFactNames().contains(name) || name.contains(".sequential(")) {
                // What only the host knows at decision time (or needs card numbers) cannot be replayed from the
                // log: training, backtests and drift would see other values than the live host.
                throw new InvalidModelException("the model's feature '" + name + "' cannot be replayed from the decision log; "
                        + "a model reads the computed features only");
            }
            index[i] = slot.index();
        }
        return new ModelInputs(index, List.copyOf(featureNames));
    }

    /**
     * The inputs every model may use: the catalog's number and yes/no features, minus what only the
     * host knows at decision time (lists, CVC, 3-D Secure, card state, the score) and minus
     * {@code *.sequential(*)}, which needs card numbers: the log never holds them, so a replay could
     * not compute them as the host did, and a model must read the same values offline and online.
     */
    public static List<String> trainable(StandardFeatureCatalog catalog) {
        List<String> names = new ArrayList<>();
        for (FeatureSlot slot : catalog.slots()) {
            if (slot.type() != ValueType.TEXT && !catalog.suppliedFactNames().contains(slot.name())
                    && !slot.name().contains(".sequential(")) {
                names.add(slot.name());
            }
        }
        return List.copyOf(names);
    }

    public int size() {
        return numberIndex.length;
    }

    public List<String> names() {
        return names;
    }

    /** Copies the model's inputs out of {@code vector} into {@code row} (at least {@link #size()} long). */
    public void fill(FeatureVector vector, float[] row) {
        double[] numbers = vector.numbers();
        for (int i = 0; i < numberIndex.length; i++) {
            row[i] = (float) numbers[numberIndex[i]];
        }
    }
}
