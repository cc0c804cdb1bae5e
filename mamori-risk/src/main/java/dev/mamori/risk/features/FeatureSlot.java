package dev.mamori.risk.features;

/**
 * Where a named feature lives in a {@link FeatureVector}: numbers and booleans index
 * {@link FeatureVector#numbers()}, texts index {@link FeatureVector#texts()}.
 *
 * @param name canonical name, e.g. {@code card.count(1h)} or {@code merchant.highRisk}
 * @param type its type
 * @param index index into the numbers or the texts array, by type
 */
public record FeatureSlot(String name, ValueType type, int index) {
}
