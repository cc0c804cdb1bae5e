package dev.mamori.risk.rules;

import dev.mamori.risk.rules.Ast.Arith;
import dev.mamori.risk.rules.Ast.ArithOp;
import dev.mamori.risk.rules.Ast.Between;
import dev.mamori.risk.rules.Ast.Bool;
import dev.mamori.risk.rules.Ast.Call;
import dev.mamori.risk.rules.Ast.Compare;
import dev.mamori.risk.rules.Ast.Expr;
import dev.mamori.risk.rules.Ast.In;
import dev.mamori.risk.rules.Ast.Logic;
import dev.mamori.risk.rules.Ast.Name;
import dev.mamori.risk.rules.Ast.Neg;
import dev.mamori.risk.rules.Ast.Not;
import dev.mamori.risk.rules.Ast.Num;
import dev.mamori.risk.rules.Ast.Text;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * Writes a syntax tree back as rule text, with only the parentheses the precedence needs, so that
 * parsing the result gives the same tree (the rules editor and the round-trip test rely on it).
 */
final class Render {
    private static final int OR = 1;
    private static final int AND = 2;
    private static final int NOT = 3;
    private static final int COMPARE = 4;
    private static final int ADD = 5;
    private static final int MUL = 6;
    private static final int NEG = 7;
    private static final int ATOM = 8;

    private Render() {
    }

    static String expr(Expr e) {
        StringBuilder b = new StringBuilder();
        write(b, e, 0);
        return b.toString();
    }

    /** A short form for error messages. */
    static String shortly(Expr e) {
        String s = expr(e);
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    private static void write(StringBuilder b, Expr e, int needed) {
        boolean parens = precedence(e) < needed;
        if (parens) {
            b.append('(');
        }
        if (e instanceof Num n) {
            b.append(number(n.value()));
        } else if (e instanceof Text t) {
            b.append(quote(t.value()));
        } else if (e instanceof Bool v) {
            b.append(v.value());
        } else if (e instanceof Name n) {
            b.append(n.name());
        } else if (e instanceof Call c) {
            b.append(c.entity()).append('.').append(c.function()).append('(');
            if (c.of() != null) {
                b.append(c.of()).append(", ");
            }
            b.append(window(c.window())).append(')');
        } else if (e instanceof Neg n) {
            b.append('-');
            write(b, n.operand(), NEG + 1);
        } else if (e instanceof Not n) {
            b.append("not ");
            write(b, n.operand(), NOT);
        } else if (e instanceof Arith a) {
            int p = precedence(a);
            write(b, a.left(), p);
            b.append(' ').append(a.op().symbol).append(' ');
            write(b, a.right(), p + 1);
        } else if (e instanceof Logic l) {
            int p = precedence(l);
            String joiner = l.and() ? " and " : " or ";
            for (int i = 0; i < l.operands().size(); i++) {
                if (i > 0) {
                    b.append(joiner);
                }
                write(b, l.operands().get(i), p + 1);
            }
        } else if (e instanceof Compare c) {
            write(b, c.left(), ADD);
            b.append(' ').append(c.op().symbol).append(' ');
            write(b, c.right(), ADD);
        } else if (e instanceof Between w) {
            write(b, w.value(), ADD);
            b.append(w.negated() ? " not between " : " between ");
            write(b, w.low(), ADD);
            b.append(" and ");
            write(b, w.high(), ADD);
        } else if (e instanceof In in) {
            write(b, in.value(), ADD);
            b.append(in.negated() ? " not in (" : " in (");
            for (int i = 0; i < in.items().size(); i++) {
                if (i > 0) {
                    b.append(", ");
                }
                write(b, in.items().get(i), 0);
            }
            b.append(')');
        }
        if (parens) {
            b.append(')');
        }
    }

    private static int precedence(Expr e) {
        if (e instanceof Logic l) {
            return l.and() ? AND : OR;
        } else if (e instanceof Not) {
            return NOT;
        } else if (e instanceof Compare || e instanceof Between || e instanceof In) {
            return COMPARE;
        } else if (e instanceof Arith a) {
            return a.op() == ArithOp.ADD || a.op() == ArithOp.SUB ? ADD : MUL;
        } else if (e instanceof Neg) {
            return NEG;
        } else if (e instanceof Num n && (n.value() < 0 || Double.isNaN(n.value()) || Double.isInfinite(n.value()))) {
            return 0;
        }
        return ATOM;
    }

    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "(0 / 0)";
        }
        return BigDecimal.valueOf(value).toPlainString();
    }

    static String quote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** 30s, 15m, 1h, 24h, 7d: the largest unit that divides it, but hours up to two days. */
    static String window(Duration window) {
        long s = window.getSeconds();
        if (s == 0 || s % 60 != 0) {
            return s + "s";
        }
        long m = s / 60;
        if (m % 60 != 0) {
            return m + "m";
        }
        long h = m / 60;
        if (h < 48 || h % 24 != 0) {
            return h + "h";
        }
        return h / 24 + "d";
    }
}
