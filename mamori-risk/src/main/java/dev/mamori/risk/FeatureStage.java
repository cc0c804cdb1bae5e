package dev.mamori.risk;

import dev.mamori.risk.features.FeatureInput;
import dev.mamori.risk.features.FeatureVector;

/**
 * The first step of the scoring stage: every windowed and history feature of one request. The
 * feature engine is the production stage; tests put a failing or slow one in its place to prove
 * the tenant's fallback policy.
 */
@FunctionalInterface
interface FeatureStage {
    void compute(FeatureInput in, FeatureVector out);
}
