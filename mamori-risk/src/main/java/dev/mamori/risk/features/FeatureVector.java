package dev.mamori.risk.features;

import java.util.Arrays;

/**
 * The values of every feature in a {@link FeatureCatalog} for one request. Reused per thread on
 * the hot path (no allocation per decision); {@link #clear()} resets it.
 */
public final class FeatureVector {
    private final double[] numbers;
    private final String[] texts;

    public FeatureVector(FeatureCatalog catalog) {
        this.numbers = new double[catalog.numberCount()];
        this.texts = new String[catalog.textCount()];
    }

    /** Numbers and booleans (0 or 1), by {@link FeatureSlot#index()}. */
    public double[] numbers() {
        return numbers;
    }

    /** Texts by {@link FeatureSlot#index()}; null when absent. */
    public String[] texts() {
        return texts;
    }

    public double number(FeatureSlot slot) {
        return numbers[slot.index()];
    }

    public String text(FeatureSlot slot) {
        return texts[slot.index()];
    }

    public void set(FeatureSlot slot, double value) {
        numbers[slot.index()] = value;
    }

    public void set(FeatureSlot slot, boolean value) {
        numbers[slot.index()] = value ? 1 : 0;
    }

    public void set(FeatureSlot slot, String value) {
        texts[slot.index()] = value;
    }

    public void clear() {
        Arrays.fill(numbers, 0);
        Arrays.fill(texts, null);
    }
}
