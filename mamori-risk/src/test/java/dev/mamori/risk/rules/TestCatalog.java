package dev.mamori.risk.rules;

import dev.mamori.risk.features.FeatureCatalog;
import dev.mamori.risk.features.FeatureSlot;
import dev.mamori.risk.features.FeatureVector;
import dev.mamori.risk.features.ValueType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small catalog for the rule tests: a few facts, four entities, three functions, four windows. */
final class TestCatalog implements FeatureCatalog {
    static final List<Duration> WINDOWS = List.of(Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofHours(24),
            Duration.ofDays(7));
    static final List<String> ENTITIES = List.of("card", "device", "ip", "email");
    static final List<String> FUNCTIONS = List.of("count", "sum", "declineRatio");
    static final TestCatalog INSTANCE = new TestCatalog();

    private final Map<String, FeatureSlot> facts = new LinkedHashMap<>();
    private final Map<String, FeatureSlot> aggregates = new LinkedHashMap<>();
    private int numbers;
    private int texts;

    private TestCatalog() {
        fact("amount", ValueType.NUMBER);
        fact("card.ageDays", ValueType.NUMBER);
        fact("score", ValueType.NUMBER);
        fact("mcc", ValueType.TEXT);
        fact("country", ValueType.TEXT);
        fact("merchant.country", ValueType.TEXT);
        fact("merchant.highRisk", ValueType.BOOLEAN);
        fact("card.newDevice", ValueType.BOOLEAN);
        fact("crossBorder", ValueType.BOOLEAN);
        fact("list.allowed", ValueType.BOOLEAN);
        for (String entity : ENTITIES) {
            for (String function : FUNCTIONS) {
                if (entity.equals("email") && function.equals("sum")) {
                    continue; // every part is known, the combination is not tracked
                }
                for (Duration w : WINDOWS) {
                    String name = entity + "." + function + "(" + Render.window(w) + ")";
                    aggregates.put(name, new FeatureSlot(name, ValueType.NUMBER, numbers++));
                }
            }
            for (String of : distinctOf(entity)) {
                for (Duration w : WINDOWS) {
                    String name = entity + ".distinct(" + of + ", " + Render.window(w) + ")";
                    aggregates.put(name, new FeatureSlot(name, ValueType.NUMBER, numbers++));
                }
            }
        }
    }

    private void fact(String name, ValueType type) {
        facts.put(name, new FeatureSlot(name, type, type == ValueType.TEXT ? texts++ : numbers++));
    }

    @Override
    public FeatureSlot fact(String name) {
        return facts.get(name);
    }

    @Override
    public FeatureSlot aggregate(String entity, String function, String distinctOf, Duration window) {
        String name = entity + "." + function + "(" + (distinctOf == null ? "" : distinctOf + ", ")
                + Render.window(window) + ")";
        return aggregates.get(name);
    }

    /** By canonical name: a fact name or {@code card.count(1h)}, {@code device.distinct(card, 24h)}. */
    FeatureSlot slot(String name) {
        FeatureSlot slot = facts.containsKey(name) ? facts.get(name) : aggregates.get(name);
        if (slot == null) {
            throw new IllegalArgumentException(name);
        }
        return slot;
    }

    List<FeatureSlot> allSlots() {
        List<FeatureSlot> all = new ArrayList<>(facts.values());
        all.addAll(aggregates.values());
        return all;
    }

    FeatureVector vector() {
        return new FeatureVector(this);
    }

    @Override
    public List<String> factNames() {
        return List.copyOf(facts.keySet());
    }

    @Override
    public List<String> entities() {
        return ENTITIES;
    }

    @Override
    public List<String> functions() {
        return FUNCTIONS;
    }

    @Override
    public List<Duration> windows() {
        return WINDOWS;
    }

    @Override
    public List<String> distinctOf(String entity) {
        switch (entity) {
            case "card":
                return List.of("device", "ip");
            case "device":
                return List.of("card", "ip");
            case "ip":
                return List.of("card", "device");
            default:
                return List.of();
        }
    }

    @Override
    public int numberCount() {
        return numbers;
    }

    @Override
    public int textCount() {
        return texts;
    }
}
