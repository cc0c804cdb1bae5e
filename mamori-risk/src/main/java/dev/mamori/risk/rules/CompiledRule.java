package dev.mamori.risk.rules;

import dev.mamori.risk.Action;
import dev.mamori.risk.ResponseCode;

/** One rule of a {@link CompiledRuleSet}: what it is called and what it asks for when it fires. */
public final class CompiledRule {
    private final String name;
    private final int line;
    private final String condition;
    private final Action action;
    private final String reason;
    private final ResponseCode responseCode;
    private final boolean shadow;

    CompiledRule(String name, int line, String condition, Action action, String reason, ResponseCode responseCode,
                 boolean shadow) {
        this.name = name;
        this.line = line;
        this.condition = condition;
        this.action = action;
        this.reason = reason;
        this.responseCode = responseCode;
        this.shadow = shadow;
    }

    /** The name after {@code rule}, or {@code line-<n>} for a rule without one. */
    public String name() {
        return name;
    }

    /** The line its {@code when} is on. */
    public int line() {
        return line;
    }

    /** The condition in canonical form (keywords in lower case, only the parentheses needed). */
    public String condition() {
        return condition;
    }

    public Action action() {
        return action;
    }

    public String reason() {
        return reason;
    }

    /** For a decline, its field 39 code (05 unless the rule says otherwise); null for other actions. */
    public ResponseCode responseCode() {
        return responseCode;
    }

    /** Evaluated and reported, never enforced. */
    public boolean shadow() {
        return shadow;
    }

    @Override
    public String toString() {
        return "rule " + Render.quote(name) + (shadow ? " shadow" : "") + " when " + condition + " then "
                + action.id() + " " + Render.quote(reason)
                + (action == Action.DECLINE ? " code " + responseCode.code() : "");
    }
}
