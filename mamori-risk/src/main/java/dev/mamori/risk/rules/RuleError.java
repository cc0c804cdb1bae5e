package dev.mamori.risk.rules;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One problem in a rule set, where the analyst can find it.
 *
 * @param line 1-based line of the offending token
 * @param column 1-based column (in characters) of the offending token
 * @param code what kind of problem, stable for localisation and documentation
 * @param arguments the names and values the message mentions, in order, for a localised message
 * @param message the English message, without the position
 */
public record RuleError(int line, int column, Code code, List<String> arguments, String message) {

    public RuleError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        arguments = List.copyOf(arguments);
    }

    /** "line 3, column 14: unknown feature 'card.cnt'; ..." */
    @Override
    public String toString() {
        return "line " + line + ", column " + column + ": " + message;
    }

    /** Kinds of problems. {@link #id()} is the stable, searchable form (docs/rules.md lists them). */
    public enum Code {
        /** The text or the rule count is over a limit, or an expression is nested too deeply. */
        LIMIT,
        /** A character, number, window or string the lexer cannot read. */
        BAD_TOKEN,
        UNTERMINATED_STRING,
        /** The grammar expected something else here. */
        SYNTAX,
        UNKNOWN_FEATURE,
        UNKNOWN_ENTITY,
        UNKNOWN_FUNCTION,
        UNTRACKED_WINDOW,
        /** An aggregate whose parts are all known but whose combination is not tracked. */
        UNTRACKED_AGGREGATE,
        TYPE,
        BAD_REASON,
        BAD_RESPONSE_CODE,
        BAD_NAME,
        DUPLICATE_NAME,
        EMPTY;

        /** e.g. {@code unknown-feature}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
