package dev.mamori.risk.rules;

import java.util.List;

/**
 * A rule set that does not compile, with every problem the compiler found (it recovers at the
 * next {@code rule} or {@code when}, so one typo does not hide the others). Errors are sorted by
 * position.
 */
public final class RuleErrors extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<RuleError> errors;

    public RuleErrors(List<RuleError> errors) {
        super(summary(errors), null, false, false);
        this.errors = List.copyOf(errors);
    }

    public List<RuleError> errors() {
        return errors;
    }

    private static String summary(List<RuleError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("no errors");
        }
        StringBuilder b = new StringBuilder();
        b.append(errors.size() == 1 ? "1 error" : errors.size() + " errors");
        for (RuleError e : errors) {
            b.append('\n').append(e);
        }
        return b.toString();
    }
}
