package dev.mamori.lab.drift;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a model saw when it was trained: each input's distribution on the training rows and the
 * score's on the held-out rows. Stored with the model version; the drift monitor compares live
 * traffic with it.
 */
public record Baseline(Map<String, Distribution> features, Distribution score) {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    public Baseline {
        features = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(features));
    }

    /**
     * @param rowMajor the training rows' features, {@code rows × names.size()}
     * @param scores the model's scores on the held-out rows
     */
    public static Baseline of(List<String> names, float[] rowMajor, int rows, double[] scores) {
        int columns = names.size();
        Map<String, Distribution> features = new LinkedHashMap<>();
        double[] column = new double[rows];
        for (int c = 0; c < columns; c++) {
            for (int r = 0; r < rows; r++) {
                column[r] = rowMajor[r * columns + c];
            }
            features.put(names.get(c), Distribution.of(column));
        }
        return new Baseline(features, Distribution.of(scores));
    }

    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.set("score", node(score));
        ObjectNode f = root.putObject("features");
        features.forEach((name, d) -> f.set(name, node(d)));
        return JSON.writeValueAsString(root);
    }

    /** @throws IllegalArgumentException when the JSON is not a baseline (e.g. a model registered without one: {@code {}}) */
    public static Baseline fromJson(String json) {
        JsonNode root = JSON.readTree(json);
        if (!root.path("score").isObject() || !root.path("features").isObject()) {
            throw new IllegalArgumentException("no baseline was stored with this model");
        }
        Map<String, Distribution> features = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.path("features").properties()) {
            features.put(e.getKey(), distribution(e.getValue()));
        }
        return new Baseline(features, distribution(root.path("score")));
    }

    private static ObjectNode node(Distribution d) {
        ObjectNode n = JSON.createObjectNode();
        ArrayNode edges = n.putArray("edges");
        for (double e : d.edges()) {
            edges.add(e);
        }
        ArrayNode shares = n.putArray("shares");
        for (double s : d.shares()) {
            shares.add(s);
        }
        n.put("missing", d.missing());
        return n;
    }

    private static Distribution distribution(JsonNode n) {
        List<Double> edges = new ArrayList<>();
        n.path("edges").forEach(e -> edges.add(e.asDouble()));
        List<Double> shares = new ArrayList<>();
        n.path("shares").forEach(s -> shares.add(s.asDouble()));
        if (shares.size() != edges.size() + 1) {
            throw new IllegalArgumentException("a stored distribution has " + shares.size() + " shares for " + edges.size() + " edges");
        }
        return new Distribution(edges.stream().mapToDouble(Double::doubleValue).toArray(),
                shares.stream().mapToDouble(Double::doubleValue).toArray(), n.path("missing").asDouble());
    }
}
