package dev.mamori.risk.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.risk.features.FeatureSlot;
import dev.mamori.risk.features.FeatureVector;
import dev.mamori.risk.features.ValueType;
import dev.mamori.risk.rules.Ast.Arith;
import dev.mamori.risk.rules.Ast.ArithOp;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Random well-typed conditions: the compiled rule (rendered, parsed, checked, folded, compiled)
 * agrees with a plain interpreter over the generated tree, and rendering round-trips.
 */
class RuleEvaluationPropertiesTest {
    private static final TestCatalog CATALOG = TestCatalog.INSTANCE;
    private static final Pos AT = new Pos(1, 1);
    private static final String[] NUMBER_FACTS = {"amount", "card.ageDays", "score"};
    private static final String[] TEXT_FACTS = {"mcc", "country", "merchant.country"};
    private static final String[] BOOLEAN_FACTS = {"merchant.highRisk", "card.newDevice", "crossBorder", "list.allowed"};
    private static final double[] NUMBERS = {0, 0.5, 1, 2, 3, 5, 100, 30000};
    private static final String[] TEXTS = {"5816", "5817", "JP", "東京", "", "a\"b\\c"};

    @Property(tries = 1500)
    void compiledEvaluationMatchesTheReferenceInterpreter(@ForAll long seed) {
        Random random = new Random(seed);
        Expr condition = bool(random, 4);
        String text = Render.expr(condition);
        CompiledRuleSet set;
        try {
            set = RuleCompiler.compile("when " + text + " then decline \"p\"", CATALOG);
        } catch (RuleErrors e) {
            throw new AssertionError(text + "\n" + e.getMessage(), e);
        }
        RuleOutcome out = new RuleOutcome();
        for (int i = 0; i < 8; i++) {
            FeatureVector v = vector(random);
            set.evaluate(v, out);
            assertThat(out.firedCount() == 1).as("%s on vector %d", text, i).isEqualTo(asBoolean(eval(condition, v)));
        }
    }

    @Property(tries = 500)
    void renderingParsesBackToTheSameTree(@ForAll long seed) {
        Expr condition = bool(new Random(seed), 5);
        String text = Render.expr(condition);
        Diagnostics d = new Diagnostics();
        Expr parsed = Parser.parseExpression(text, d, RuleCompiler.MAX_DEPTH);
        assertThat(d.sorted()).as(text).isEmpty();
        assertThat(Render.expr(parsed)).isEqualTo(text);
        assertThat(withoutPositions(parsed)).isEqualTo(withoutPositions(condition));
    }

    // ---- generator

    private static Expr bool(Random r, int depth) {
        int choice = depth <= 0 ? r.nextInt(2) : r.nextInt(10);
        switch (choice) {
            case 0:
                return new Name(pick(r, BOOLEAN_FACTS), AT);
            case 1:
                return r.nextInt(8) == 0 ? new Bool(r.nextBoolean(), AT) : new Name(pick(r, BOOLEAN_FACTS), AT);
            case 2:
                return new Not(bool(r, depth - 1), AT);
            case 3: {
                List<Expr> operands = new ArrayList<>();
                int n = 2 + r.nextInt(3);
                for (int i = 0; i < n; i++) {
                    operands.add(bool(r, depth - 1));
                }
                return new Logic(r.nextBoolean(), operands, AT);
            }
            case 4:
            case 5:
                return new Compare(pick(r, CompareOp.values()), num(r, depth - 1), num(r, depth - 1), AT);
            case 6:
                return new Compare(r.nextBoolean() ? CompareOp.EQ : CompareOp.NE, text(r), text(r), AT);
            case 7:
                return new Between(num(r, depth - 1), num(r, depth - 1), num(r, depth - 1), r.nextBoolean(), AT);
            case 8: {
                boolean texts = r.nextBoolean();
                List<Expr> items = new ArrayList<>();
                int n = 1 + r.nextInt(3);
                for (int i = 0; i < n; i++) {
                    items.add(texts ? new Text(pick(r, TEXTS), AT) : new Num(pick(r, NUMBERS), AT));
                }
                return new In(texts ? text(r) : num(r, depth - 1), items, r.nextBoolean(), AT);
            }
            default:
                return new Compare(r.nextBoolean() ? CompareOp.EQ : CompareOp.NE, bool(r, depth - 1), bool(r, depth - 1),
                        AT);
        }
    }

    private static Expr num(Random r, int depth) {
        int choice = depth <= 0 ? r.nextInt(3) : r.nextInt(6);
        switch (choice) {
            case 0:
                return new Num(pick(r, NUMBERS), AT);
            case 1:
                return new Name(pick(r, NUMBER_FACTS), AT);
            case 2:
                return aggregate(r);
            case 3:
                return new Neg(num(r, depth - 1), AT);
            default:
                return new Arith(pick(r, ArithOp.values()), num(r, depth - 1), num(r, depth - 1), AT);
        }
    }

    private static Expr aggregate(Random r) {
        Duration window = TestCatalog.WINDOWS.get(r.nextInt(TestCatalog.WINDOWS.size()));
        String entity = TestCatalog.ENTITIES.get(r.nextInt(3)); // not email: it has no sum and no distinct
        List<String> ofs = CATALOG.distinctOf(entity);
        if (r.nextInt(3) == 0) {
            return new Call(entity, "distinct", ofs.get(r.nextInt(ofs.size())), window, Render.window(window), AT, AT,
                    AT, AT);
        }
        return new Call(entity, TestCatalog.FUNCTIONS.get(r.nextInt(TestCatalog.FUNCTIONS.size())), null, window,
                Render.window(window), AT, AT, null, AT);
    }

    private static Expr text(Random r) {
        return r.nextBoolean() ? new Name(pick(r, TEXT_FACTS), AT) : new Text(pick(r, TEXTS), AT);
    }

    private static FeatureVector vector(Random r) {
        FeatureVector v = CATALOG.vector();
        for (FeatureSlot slot : CATALOG.allSlots()) {
            if (slot.type() == ValueType.TEXT) {
                v.set(slot, r.nextInt(5) == 0 ? null : pick(r, TEXTS));
            } else if (slot.type() == ValueType.BOOLEAN) {
                v.set(slot, r.nextInt(10) == 0 ? Double.NaN : r.nextInt(2));
            } else {
                int k = r.nextInt(10);
                v.set(slot, k == 0 ? Double.NaN : k == 1 ? -0.0 : pick(r, NUMBERS));
            }
        }
        return v;
    }

    private static <T> T pick(Random r, T[] values) {
        return values[r.nextInt(values.length)];
    }

    private static double pick(Random r, double[] values) {
        return values[r.nextInt(values.length)];
    }

    // ---- reference interpreter: the documented semantics, written the plain way

    private static Object eval(Expr e, FeatureVector v) {
        if (e instanceof Num n) {
            return n.value();
        } else if (e instanceof Text t) {
            return t.value();
        } else if (e instanceof Bool b) {
            return b.value();
        } else if (e instanceof Name n) {
            return read(CATALOG.fact(n.name()), v);
        } else if (e instanceof Call c) {
            return read(CATALOG.aggregate(c.entity(), c.function(), c.of(), c.window()), v);
        } else if (e instanceof Neg n) {
            return -(double) eval(n.operand(), v);
        } else if (e instanceof Not n) {
            return !asBoolean(eval(n.operand(), v));
        } else if (e instanceof Arith a) {
            double l = (double) eval(a.left(), v);
            double r = (double) eval(a.right(), v);
            switch (a.op()) {
                case ADD:
                    return l + r;
                case SUB:
                    return l - r;
                case MUL:
                    return l * r;
                default:
                    return r == 0 ? Double.NaN : l / r;
            }
        } else if (e instanceof Logic l) {
            boolean result = l.and();
            for (Expr operand : l.operands()) {
                boolean b = asBoolean(eval(operand, v));
                result = l.and() ? result && b : result || b;
            }
            return result;
        } else if (e instanceof Compare c) {
            Object l = eval(c.left(), v);
            Object r = eval(c.right(), v);
            if (isMissing(l) || isMissing(r)) {
                return false;
            }
            if (l instanceof Double a) {
                double b = (Double) r;
                switch (c.op()) {
                    case EQ:
                        return a.doubleValue() == b;
                    case NE:
                        return a.doubleValue() != b;
                    case LT:
                        return a < b;
                    case LE:
                        return a <= b;
                    case GT:
                        return a > b;
                    default:
                        return a >= b;
                }
            }
            return (c.op() == CompareOp.EQ) == l.equals(r);
        } else if (e instanceof Between b) {
            Object x = eval(b.value(), v);
            Object lo = eval(b.low(), v);
            Object hi = eval(b.high(), v);
            if (isMissing(x) || isMissing(lo) || isMissing(hi)) {
                return false;
            }
            boolean inside = (double) lo <= (double) x && (double) x <= (double) hi;
            return inside != b.negated();
        } else if (e instanceof In in) {
            Object x = eval(in.value(), v);
            if (isMissing(x)) {
                return false;
            }
            boolean found = false;
            for (Expr item : in.items()) {
                Object y = eval(item, v);
                found |= x instanceof Double ? (double) x == (double) y : x.equals(y);
            }
            return found != in.negated();
        }
        throw new IllegalStateException(e.toString());
    }

    private static Object read(FeatureSlot slot, FeatureVector v) {
        switch (slot.type()) {
            case TEXT:
                return v.text(slot);
            case BOOLEAN:
                return v.number(slot) == 1; // missing (NaN) or 0 reads as false
            default:
                return v.number(slot);
        }
    }

    private static boolean isMissing(Object value) {
        return value == null || (value instanceof Double d && d.isNaN());
    }

    private static boolean asBoolean(Object value) {
        return (Boolean) value;
    }

    /** The tree with every position the same, to compare structure. */
    private static Expr withoutPositions(Expr e) {
        if (e instanceof Num n) {
            return new Num(n.value(), AT);
        } else if (e instanceof Text t) {
            return new Text(t.value(), AT);
        } else if (e instanceof Bool b) {
            return new Bool(b.value(), AT);
        } else if (e instanceof Name n) {
            return new Name(n.name(), AT);
        } else if (e instanceof Call c) {
            return new Call(c.entity(), c.function(), c.of(), c.window(), Render.window(c.window()), AT, AT,
                    c.of() == null ? null : AT, AT);
        } else if (e instanceof Neg n) {
            return new Neg(withoutPositions(n.operand()), AT);
        } else if (e instanceof Not n) {
            return new Not(withoutPositions(n.operand()), AT);
        } else if (e instanceof Arith a) {
            return new Arith(a.op(), withoutPositions(a.left()), withoutPositions(a.right()), AT);
        } else if (e instanceof Logic l) {
            return new Logic(l.and(), l.operands().stream().map(RuleEvaluationPropertiesTest::withoutPositions).toList(), AT);
        } else if (e instanceof Compare c) {
            return new Compare(c.op(), withoutPositions(c.left()), withoutPositions(c.right()), AT);
        } else if (e instanceof Between b) {
            return new Between(withoutPositions(b.value()), withoutPositions(b.low()), withoutPositions(b.high()),
                    b.negated(), AT);
        } else if (e instanceof In in) {
            return new In(withoutPositions(in.value()), in.items().stream().map(RuleEvaluationPropertiesTest::withoutPositions)
                    .toList(), in.negated(), AT);
        }
        throw new IllegalStateException(e.toString());
    }
}
