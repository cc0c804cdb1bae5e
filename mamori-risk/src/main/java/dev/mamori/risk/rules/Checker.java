package dev.mamori.risk.rules;

import dev.mamori.risk.features.FeatureCatalog;
import dev.mamori.risk.features.FeatureSlot;
import dev.mamori.risk.features.ValueType;
import dev.mamori.risk.rules.Ast.Arith;
import dev.mamori.risk.rules.Ast.Between;
import dev.mamori.risk.rules.Ast.Bool;
import dev.mamori.risk.rules.Ast.Call;
import dev.mamori.risk.rules.Ast.Compare;
import dev.mamori.risk.rules.Ast.CompareOp;
import dev.mamori.risk.rules.Ast.Expr;
import dev.mamori.risk.rules.Ast.In;
import dev.mamori.risk.rules.Ast.Logic;
import dev.mamori.risk.rules.Ast.Name;
import dev.mamori.risk.rules.Ast.Neg;
import dev.mamori.risk.rules.Ast.Not;
import dev.mamori.risk.rules.Ast.Num;
import dev.mamori.risk.rules.Ast.Text;
import dev.mamori.risk.rules.RuleError.Code;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Resolves names through the catalog, checks types, and builds the evaluation nodes, folding
 * constants as it goes. An operand that already has an error is typed {@link Type#ERROR} so that
 * one mistake gives one message.
 */
final class Checker {
    enum Type {
        NUMBER("a number"), TEXT("text"), BOOLEAN("true/false"), ERROR("?");

        final String words;

        Type(String words) {
            this.words = words;
        }
    }

    /** An expression's type and compiled node (the one field matching the type; none for ERROR). */
    static final class Typed {
        final Type type;
        final Expr expr;
        Nodes.Bool bool;
        Nodes.Num num;
        Nodes.Txt txt;

        Typed(Type type, Expr expr) {
            this.type = type;
            this.expr = expr;
        }

        boolean constant() {
            switch (type) {
                case BOOLEAN:
                    return bool.constant();
                case NUMBER:
                    return num.constant();
                case TEXT:
                    return txt.constant();
                default:
                    return false;
            }
        }
    }

    private final FeatureCatalog catalog;
    private final Diagnostics diagnostics;

    Checker(FeatureCatalog catalog, Diagnostics diagnostics) {
        this.catalog = catalog;
        this.diagnostics = diagnostics;
    }

    /** The compiled condition, or null after reporting why it is not a valid one. */
    Nodes.Bool condition(Expr when) {
        Typed t = check(when);
        if (t.type == Type.ERROR) {
            return null;
        }
        if (t.type != Type.BOOLEAN) {
            String shown = Render.shortly(when);
            type(when, "the condition must be true or false, but " + shown + " is " + t.type.words
                    + (t.type == Type.NUMBER ? "; compare it, e.g. " + shown + " > 0" : "; compare it, e.g. "
                    + shown + " = \"...\""), shown, t.type.words);
            return null;
        }
        return t.bool;
    }

    Typed check(Expr e) {
        if (e instanceof Num n) {
            return num(e, new Nodes.NumConst(n.value()));
        } else if (e instanceof Text t) {
            return txt(e, new Nodes.TxtConst(t.value()));
        } else if (e instanceof Bool b) {
            return bool(e, Nodes.BoolConst.of(b.value()));
        } else if (e instanceof Name n) {
            return name(n);
        } else if (e instanceof Call c) {
            return call(c);
        } else if (e instanceof Neg n) {
            Typed operand = check(n.operand());
            if (!expect(operand, Type.NUMBER, "'-' works on numbers")) {
                return error(e);
            }
            return num(e, new Nodes.Negate(operand.num));
        } else if (e instanceof Not n) {
            Typed operand = check(n.operand());
            if (!expect(operand, Type.BOOLEAN, "'not' needs a true/false condition")) {
                return error(e);
            }
            return bool(e, new Nodes.Not(operand.bool));
        } else if (e instanceof Arith a) {
            Typed l = check(a.left());
            Typed r = check(a.right());
            String what = "'" + a.op().symbol + "' works on numbers";
            if (!expect(l, Type.NUMBER, what) | !expect(r, Type.NUMBER, what)) {
                return error(e);
            }
            return num(e, new Nodes.Arith(a.op(), l.num, r.num));
        } else if (e instanceof Logic l) {
            return logic(l);
        } else if (e instanceof Compare c) {
            return compare(c);
        } else if (e instanceof Between b) {
            Typed v = check(b.value());
            Typed lo = check(b.low());
            Typed hi = check(b.high());
            String what = "'between' works on numbers";
            if (!expect(v, Type.NUMBER, what) | !expect(lo, Type.NUMBER, what) | !expect(hi, Type.NUMBER, what)) {
                return error(e);
            }
            return bool(e, new Nodes.Between(v.num, lo.num, hi.num, b.negated()));
        } else if (e instanceof In in) {
            return in(in);
        }
        throw new IllegalStateException("unknown node " + e.getClass());
    }

    private Typed name(Name n) {
        FeatureSlot slot = catalog.fact(n.name());
        if (slot != null) {
            return slot(n, slot);
        }
        String name = n.name();
        int dot = name.lastIndexOf('.');
        if (catalog.entities().contains(name)) {
            unknown(n.pos(), Code.UNKNOWN_FEATURE, "'" + name + "' is an entity, not a value; use an aggregate such as "
                    + name + ".count(1h)", name);
            return error(n);
        }
        if (dot > 0 && catalog.entities().contains(name.substring(0, dot))) {
            String entity = name.substring(0, dot);
            String function = name.substring(dot + 1);
            if (catalog.functions().contains(function) || "distinct".equals(function)) {
                unknown(n.pos(), Code.UNKNOWN_FEATURE, name + " needs a window, e.g. " + name
                        + ("distinct".equals(function) ? "(device, 24h)" : "(1h)"), name);
                return error(n);
            }
            List<String> candidates = new ArrayList<>(catalog.factNames());
            for (String f : functions()) {
                candidates.add(entity + "." + f);
            }
            unknown(n.pos(), Code.UNKNOWN_FEATURE, "unknown feature '" + name + "'" + Suggest.didYouMean(name, candidates)
                    + " (functions: " + String.join(", ", functions()) + ")", name);
            return error(n);
        }
        unknown(n.pos(), Code.UNKNOWN_FEATURE, "unknown feature '" + name + "'"
                + Suggest.didYouMean(name, catalog.factNames()) + " (facts: " + Suggest.list(catalog.factNames(), 20)
                + "; aggregates: entity.function(window) with entities " + String.join(", ", catalog.entities()) + ")",
                name);
        return error(n);
    }

    private List<String> functions() {
        List<String> all = new ArrayList<>(catalog.functions());
        all.add("distinct");
        return all;
    }

    private Typed call(Call c) {
        String entity = c.entity();
        if (!catalog.entities().contains(entity)) {
            unknown(c.pos(), Code.UNKNOWN_ENTITY, "unknown entity '" + entity + "'"
                    + Suggest.didYouMean(entity, catalog.entities()) + " (entities: "
                    + String.join(", ", catalog.entities()) + ")", entity);
            return error(c);
        }
        boolean distinct = "distinct".equals(c.function());
        if (!distinct && !catalog.functions().contains(c.function())) {
            unknown(c.functionPos(), Code.UNKNOWN_FUNCTION, "unknown function '" + c.function() + "' for " + entity
                    + Suggest.didYouMean(c.function(), functions()) + " (functions: " + String.join(", ", functions())
                    + ")", c.function(), entity);
            return error(c);
        }
        List<String> ofs = catalog.distinctOf(entity);
        if (distinct && c.of() == null) {
            unknown(c.functionPos(), Code.UNKNOWN_FUNCTION, entity + ".distinct needs what to count before the window, e.g. "
                    + entity + ".distinct(" + (ofs.isEmpty() ? "device" : ofs.get(0)) + ", " + c.windowText() + ")"
                    + (ofs.isEmpty() ? "; but nothing is counted for " + entity : "; " + entity + " can count "
                    + String.join(", ", ofs)), entity);
            return error(c);
        }
        if (!distinct && c.of() != null) {
            unknown(c.ofPos(), Code.UNKNOWN_FUNCTION, entity + "." + c.function() + " takes only a window, e.g. "
                    + entity + "." + c.function() + "(" + c.windowText() + "); only distinct counts another entity",
                    entity, c.function());
            return error(c);
        }
        if (distinct && !ofs.contains(c.of())) {
            unknown(c.ofPos(), Code.UNKNOWN_ENTITY, entity + ".distinct cannot count '" + c.of() + "'"
                    + Suggest.didYouMean(c.of(), ofs) + (ofs.isEmpty() ? "; nothing is counted for " + entity
                    : " (it counts: " + String.join(", ", ofs) + ")"), entity, c.of());
            return error(c);
        }
        if (!catalog.windows().contains(c.window())) {
            List<String> windows = new ArrayList<>();
            for (Duration w : catalog.windows()) {
                windows.add(Render.window(w));
            }
            unknown(c.windowPos(), Code.UNTRACKED_WINDOW, "window " + c.windowText() + " is not tracked; tracked windows: "
                    + String.join(", ", windows), c.windowText(), String.join(", ", windows));
            return error(c);
        }
        FeatureSlot slot = catalog.aggregate(entity, c.function(), c.of(), c.window());
        if (slot == null) {
            String shown = Render.expr(c);
            unknown(c.pos(), Code.UNTRACKED_AGGREGATE, shown + " is not tracked, although each part is known", shown);
            return error(c);
        }
        return slot(c, slot);
    }

    private Typed slot(Expr e, FeatureSlot slot) {
        if (slot.type() == ValueType.TEXT) {
            checkIndex(slot, catalog.textCount());
            return txt(e, new Nodes.TxtSlot(slot.index()));
        }
        checkIndex(slot, catalog.numberCount());
        return slot.type() == ValueType.BOOLEAN ? bool(e, new Nodes.BoolSlot(slot.index()))
                : num(e, new Nodes.NumSlot(slot.index()));
    }

    private static void checkIndex(FeatureSlot slot, int count) {
        if (slot.index() < 0 || slot.index() >= count) {
            throw new IllegalStateException("catalog slot " + slot.name() + " has index " + slot.index()
                    + " outside 0.." + (count - 1));
        }
    }

    private Typed logic(Logic l) {
        String what = "'" + (l.and() ? "and" : "or") + "' joins true/false conditions";
        List<Nodes.Bool> operands = new ArrayList<>();
        boolean ok = true;
        boolean decided = false;
        for (Expr operand : l.operands()) {
            Typed t = check(operand);
            if (!expect(t, Type.BOOLEAN, what)) {
                ok = false;
            } else if (t.bool.constant()) {
                // false in an 'and' or true in an 'or' decides the chain; the other constant is dropped.
                decided |= t.bool.test(null, null) != l.and();
            } else {
                operands.add(t.bool);
            }
        }
        if (!ok) {
            return error(l);
        }
        if (decided || operands.isEmpty()) {
            return bool(l, Nodes.BoolConst.of(decided != l.and()));
        }
        if (operands.size() == 1) {
            return bool(l, operands.get(0));
        }
        Nodes.Bool[] array = operands.toArray(new Nodes.Bool[0]);
        return bool(l, l.and() ? new Nodes.And(array) : new Nodes.Or(array));
    }

    private Typed compare(Compare c) {
        Typed l = check(c.left());
        Typed r = check(c.right());
        if (l.type == Type.ERROR || r.type == Type.ERROR) {
            return error(c);
        }
        CompareOp op = c.op();
        if (op.ordering()) {
            for (Typed side : new Typed[] {l, r}) {
                String shown = Render.shortly(side.expr);
                if (side.type == Type.TEXT) {
                    type(side.expr, shown + " is text; compare it with =, != or in", shown);
                    return error(c);
                }
                if (side.type == Type.BOOLEAN) {
                    type(side.expr, shown + " is true/false; use it bare, with 'not', or compare it with = true / = false",
                            shown);
                    return error(c);
                }
            }
        }
        if (l.type != r.type) {
            Typed text = l.type == Type.TEXT ? l : r.type == Type.TEXT ? r : null;
            Typed other = text == l ? r : l;
            if (text != null && other.expr instanceof Num n) {
                String quoted = Render.quote(Render.number(n.value()));
                type(other.expr, Render.shortly(text.expr) + " is text; write the value in double quotes: " + quoted,
                        Render.shortly(text.expr), quoted);
            } else {
                type(r.expr, "cannot compare " + Render.shortly(l.expr) + " (" + l.type.words + ") with "
                        + Render.shortly(r.expr) + " (" + r.type.words + ")", Render.shortly(l.expr), l.type.words,
                        Render.shortly(r.expr), r.type.words);
            }
            return error(c);
        }
        boolean negated = op == CompareOp.NE;
        switch (l.type) {
            case TEXT:
                return bool(c, new Nodes.TxtEquals(l.txt, r.txt, negated));
            case BOOLEAN:
                return bool(c, new Nodes.BoolEquals(l.bool, r.bool, negated));
            default:
                if (l.num instanceof Nodes.NumSlot s && r.num instanceof Nodes.NumConst k) {
                    return bool(c, new Nodes.CompareSlot(op, s.index, k.value));
                }
                if (l.num instanceof Nodes.NumConst k && r.num instanceof Nodes.NumSlot s) {
                    return bool(c, new Nodes.CompareSlot(flip(op), s.index, k.value));
                }
                return bool(c, new Nodes.Compare(op, l.num, r.num));
        }
    }

    private static CompareOp flip(CompareOp op) {
        switch (op) {
            case LT:
                return CompareOp.GT;
            case LE:
                return CompareOp.GE;
            case GT:
                return CompareOp.LT;
            case GE:
                return CompareOp.LE;
            default:
                return op;
        }
    }

    private Typed in(In in) {
        Typed v = check(in.value());
        if (v.type == Type.ERROR) {
            return error(in);
        }
        String shown = Render.shortly(in.value());
        if (v.type == Type.BOOLEAN) {
            type(in.value(), "'in' works on texts and numbers, but " + shown + " is true/false", shown);
            return error(in);
        }
        boolean ok = true;
        Set<String> texts = new HashSet<>();
        double[] numbers = new double[in.items().size()];
        int k = 0;
        for (Expr item : in.items()) {
            if (v.type == Type.TEXT) {
                if (item instanceof Text t) {
                    texts.add(t.value());
                } else {
                    String quoted = Render.quote(Render.number(((Num) item).value()));
                    type(item, shown + " is text; write the value in double quotes: " + quoted, shown, quoted);
                    ok = false;
                }
            } else if (item instanceof Num n) {
                numbers[k++] = n.value();
            } else {
                type(item, shown + " is a number, but " + Render.shortly(item) + " is text", shown, Render.shortly(item));
                ok = false;
            }
        }
        if (!ok) {
            return error(in);
        }
        return bool(in, v.type == Type.TEXT ? new Nodes.TxtIn(v.txt, Set.copyOf(texts), in.negated())
                : new Nodes.NumIn(v.num, numbers, in.negated()));
    }

    // ---- helpers

    /** True when {@code t} has the type; reports otherwise (unless it already has an error). */
    private boolean expect(Typed t, Type wanted, String what) {
        if (t.type == wanted) {
            return true;
        }
        if (t.type != Type.ERROR) {
            String shown = Render.shortly(t.expr);
            type(t.expr, what + ", but " + shown + " is " + t.type.words, shown, t.type.words);
        }
        return false;
    }

    private void type(Expr at, String message, String... arguments) {
        diagnostics.add(start(at), Code.TYPE, message, arguments);
    }

    private void unknown(Pos at, Code code, String message, String... arguments) {
        diagnostics.add(at, code, message, arguments);
    }

    /** Where an expression starts in the text (binary nodes keep their operator's position). */
    static Pos start(Expr e) {
        while (true) {
            if (e instanceof Arith a) {
                e = a.left();
            } else if (e instanceof Compare c) {
                e = c.left();
            } else if (e instanceof Logic l) {
                e = l.operands().get(0);
            } else if (e instanceof Between b) {
                e = b.value();
            } else if (e instanceof In in) {
                e = in.value();
            } else {
                return e.pos();
            }
        }
    }

    private static Typed error(Expr e) {
        return new Typed(Type.ERROR, e);
    }

    private static Typed num(Expr e, Nodes.Num node) {
        Typed t = new Typed(Type.NUMBER, e);
        t.num = !node.constant() && foldable(e) ? new Nodes.NumConst(node.value(null, null)) : node;
        return t;
    }

    private static Typed txt(Expr e, Nodes.Txt node) {
        Typed t = new Typed(Type.TEXT, e);
        t.txt = node;
        return t;
    }

    private static Typed bool(Expr e, Nodes.Bool node) {
        Typed t = new Typed(Type.BOOLEAN, e);
        t.bool = !node.constant() && foldable(e) ? Nodes.fold(node) : node;
        return t;
    }

    /** An expression with no feature in it: its value is known at compile time. */
    private static boolean foldable(Expr e) {
        if (e instanceof Num || e instanceof Text || e instanceof Bool) {
            return true;
        } else if (e instanceof Name || e instanceof Call) {
            return false;
        } else if (e instanceof Neg n) {
            return foldable(n.operand());
        } else if (e instanceof Not n) {
            return foldable(n.operand());
        } else if (e instanceof Arith a) {
            return foldable(a.left()) && foldable(a.right());
        } else if (e instanceof Logic l) {
            return l.operands().stream().allMatch(Checker::foldable);
        } else if (e instanceof Compare c) {
            return foldable(c.left()) && foldable(c.right());
        } else if (e instanceof Between b) {
            return foldable(b.value()) && foldable(b.low()) && foldable(b.high());
        } else if (e instanceof In in) {
            return foldable(in.value());
        }
        return false;
    }
}
