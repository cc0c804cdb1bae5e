package dev.mamori.risk.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Collects errors for one compilation; keeps only the first error at a position (no cascades). */
final class Diagnostics {
    private final List<RuleError> errors = new ArrayList<>();
    private final Set<Long> positions = new HashSet<>();

    void add(Pos at, RuleError.Code code, String message, String... arguments) {
        add(at.line(), at.column(), code, message, arguments);
    }

    void add(int line, int column, RuleError.Code code, String message, String... arguments) {
        if (positions.add(((long) line << 32) | column)) {
            errors.add(new RuleError(line, column, code, List.of(arguments), message));
        }
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    int size() {
        return errors.size();
    }

    List<RuleError> sorted() {
        List<RuleError> copy = new ArrayList<>(errors);
        copy.sort(Comparator.comparingInt(RuleError::line).thenComparingInt(RuleError::column));
        return copy;
    }
}
