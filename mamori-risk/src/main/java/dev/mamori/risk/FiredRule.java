package dev.mamori.risk;

/**
 * A rule whose condition held for a request.
 *
 * @param name the rule's name within its rule set
 * @param version the rule set version it belongs to
 * @param action what it asked for
 * @param reason its reason code (e.g. {@code velocity})
 * @param shadow true when the rule only observes: logged, never enforced
 */
public record FiredRule(String name, int version, Action action, String reason, boolean shadow) {
}
