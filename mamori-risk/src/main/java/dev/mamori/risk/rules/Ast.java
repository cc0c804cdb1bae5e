package dev.mamori.risk.rules;

import dev.mamori.risk.Action;
import java.time.Duration;
import java.util.List;

/** The syntax tree of a rule set, before names are resolved. Positions point into the text. */
final class Ast {
    private Ast() {
    }

    sealed interface Expr permits Num, Text, Bool, Name, Call, Neg, Not, Arith, Logic, Compare, Between, In {
        Pos pos();
    }

    record Num(double value, Pos pos) implements Expr {
    }

    record Text(String value, Pos pos) implements Expr {
    }

    record Bool(boolean value, Pos pos) implements Expr {
    }

    /** A fact such as {@code amount} or {@code merchant.highRisk}. */
    record Name(String name, Pos pos) implements Expr {
    }

    /** {@code entity.function(window)} or {@code entity.distinct(of, window)}; {@code of} is null otherwise. */
    record Call(String entity, String function, String of, Duration window, String windowText,
                Pos pos, Pos functionPos, Pos ofPos, Pos windowPos) implements Expr {
    }

    record Neg(Expr operand, Pos pos) implements Expr {
    }

    record Not(Expr operand, Pos pos) implements Expr {
    }

    enum ArithOp {
        ADD("+"), SUB("-"), MUL("*"), DIV("/");

        final String symbol;

        ArithOp(String symbol) {
            this.symbol = symbol;
        }
    }

    /** {@code pos} is the operator's. */
    record Arith(ArithOp op, Expr left, Expr right, Pos pos) implements Expr {
    }

    /** A chain {@code a and b and c} (or {@code or}) as one node: two or more operands. */
    record Logic(boolean and, List<Expr> operands, Pos pos) implements Expr {
        Logic {
            operands = List.copyOf(operands);
        }
    }

    enum CompareOp {
        EQ("="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

        final String symbol;

        CompareOp(String symbol) {
            this.symbol = symbol;
        }

        boolean ordering() {
            return this != EQ && this != NE;
        }
    }

    /** {@code pos} is the operator's. */
    record Compare(CompareOp op, Expr left, Expr right, Pos pos) implements Expr {
    }

    /** {@code value [not] between low and high}, inclusive. */
    record Between(Expr value, Expr low, Expr high, boolean negated, Pos pos) implements Expr {
    }

    /** {@code value [not] in (items)}; items are literals. */
    record In(Expr value, List<Expr> items, boolean negated, Pos pos) implements Expr {
        In {
            items = List.copyOf(items);
        }
    }

    /**
     * One rule as written. {@code name} is null when the rule has no header; {@code code} is the
     * response code as written, or null.
     */
    record Rule(String name, Pos namePos, boolean shadow, Pos whenPos, Expr when, Action action, Pos actionPos,
                String reason, String code, Pos codePos) {
    }
}
