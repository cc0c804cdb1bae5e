package dev.mamori.risk.rules;

import dev.mamori.risk.rules.Ast.ArithOp;
import dev.mamori.risk.rules.Ast.CompareOp;
import java.util.Set;

/**
 * The compiled form of conditions: small final classes reading the feature arrays directly.
 * Nothing here allocates while evaluating. Missing values are NaN numbers and null texts; every
 * comparison involving one is false (see package-info), which the number comparisons get from
 * IEEE NaN rules, except {@code !=}, written as {@code <} or {@code >} for that reason.
 */
final class Nodes {
    private Nodes() {
    }

    abstract static class Bool {
        abstract boolean test(double[] n, String[] t);

        boolean constant() {
            return false;
        }
    }

    abstract static class Num {
        abstract double value(double[] n, String[] t);

        boolean constant() {
            return false;
        }
    }

    abstract static class Txt {
        abstract String value(String[] t);

        boolean constant() {
            return false;
        }
    }

    // ---- leaves

    static final class BoolConst extends Bool {
        static final BoolConst TRUE = new BoolConst(true);
        static final BoolConst FALSE = new BoolConst(false);
        final boolean value;

        private BoolConst(boolean value) {
            this.value = value;
        }

        static BoolConst of(boolean value) {
            return value ? TRUE : FALSE;
        }

        @Override
        boolean test(double[] n, String[] t) {
            return value;
        }

        @Override
        boolean constant() {
            return true;
        }
    }

    /** A boolean feature: stored as 0 or 1; anything else but 1 (0, NaN for missing) reads as false. */
    static final class BoolSlot extends Bool {
        private final int index;

        BoolSlot(int index) {
            this.index = index;
        }

        @Override
        boolean test(double[] n, String[] t) {
            return n[index] == 1.0;
        }
    }

    static final class NumConst extends Num {
        final double value;

        NumConst(double value) {
            this.value = value;
        }

        @Override
        double value(double[] n, String[] t) {
            return value;
        }

        @Override
        boolean constant() {
            return true;
        }
    }

    static final class NumSlot extends Num {
        final int index;

        NumSlot(int index) {
            this.index = index;
        }

        @Override
        double value(double[] n, String[] t) {
            return n[index];
        }
    }

    static final class TxtConst extends Txt {
        final String value;

        TxtConst(String value) {
            this.value = value;
        }

        @Override
        String value(String[] t) {
            return value;
        }

        @Override
        boolean constant() {
            return true;
        }
    }

    static final class TxtSlot extends Txt {
        private final int index;

        TxtSlot(int index) {
            this.index = index;
        }

        @Override
        String value(String[] t) {
            return t[index];
        }
    }

    // ---- logic

    static final class Not extends Bool {
        private final Bool operand;

        Not(Bool operand) {
            this.operand = operand;
        }

        @Override
        boolean test(double[] n, String[] t) {
            return !operand.test(n, t);
        }
    }

    static final class And extends Bool {
        private final Bool[] operands;

        And(Bool[] operands) {
            this.operands = operands;
        }

        @Override
        boolean test(double[] n, String[] t) {
            for (Bool operand : operands) {
                if (!operand.test(n, t)) {
                    return false;
                }
            }
            return true;
        }
    }

    static final class Or extends Bool {
        private final Bool[] operands;

        Or(Bool[] operands) {
            this.operands = operands;
        }

        @Override
        boolean test(double[] n, String[] t) {
            for (Bool operand : operands) {
                if (operand.test(n, t)) {
                    return true;
                }
            }
            return false;
        }
    }

    // ---- numbers

    static final class Negate extends Num {
        private final Num operand;

        Negate(Num operand) {
            this.operand = operand;
        }

        @Override
        double value(double[] n, String[] t) {
            return -operand.value(n, t);
        }
    }

    static final class Arith extends Num {
        private final ArithOp op;
        private final Num left;
        private final Num right;

        Arith(ArithOp op, Num left, Num right) {
            this.op = op;
            this.left = left;
            this.right = right;
        }

        @Override
        double value(double[] n, String[] t) {
            double l = left.value(n, t);
            double r = right.value(n, t);
            switch (op) {
                case ADD:
                    return l + r;
                case SUB:
                    return l - r;
                case MUL:
                    return l * r;
                default:
                    // Division by zero is a missing value, so the comparison it sits in is false.
                    return r == 0 ? Double.NaN : l / r;
            }
        }
    }

    static boolean compare(CompareOp op, double l, double r) {
        switch (op) {
            case EQ:
                return l == r;
            case NE:
                return l < r || l > r;
            case LT:
                return l < r;
            case LE:
                return l <= r;
            case GT:
                return l > r;
            default:
                return l >= r;
        }
    }

    static final class Compare extends Bool {
        private final CompareOp op;
        private final Num left;
        private final Num right;

        Compare(CompareOp op, Num left, Num right) {
            this.op = op;
            this.left = left;
            this.right = right;
        }

        @Override
        boolean test(double[] n, String[] t) {
            return compare(op, left.value(n, t), right.value(n, t));
        }
    }

    /** The common {@code feature op literal}, without the two virtual calls. */
    static final class CompareSlot extends Bool {
        private final CompareOp op;
        private final int index;
        private final double constant;

        CompareSlot(CompareOp op, int index, double constant) {
            this.op = op;
            this.index = index;
            this.constant = constant;
        }

        @Override
        boolean test(double[] n, String[] t) {
            return compare(op, n[index], constant);
        }
    }

    static final class Between extends Bool {
        private final Num value;
        private final Num low;
        private final Num high;
        private final boolean negated;

        Between(Num value, Num low, Num high, boolean negated) {
            this.value = value;
            this.low = low;
            this.high = high;
            this.negated = negated;
        }

        @Override
        boolean test(double[] n, String[] t) {
            double v = value.value(n, t);
            double lo = low.value(n, t);
            double hi = high.value(n, t);
            if (Double.isNaN(v) || Double.isNaN(lo) || Double.isNaN(hi)) {
                return false;
            }
            return (v >= lo && v <= hi) != negated;
        }
    }

    static final class NumIn extends Bool {
        private final Num value;
        private final double[] items;
        private final boolean negated;

        NumIn(Num value, double[] items, boolean negated) {
            this.value = value;
            this.items = items;
            this.negated = negated;
        }

        @Override
        boolean test(double[] n, String[] t) {
            double v = value.value(n, t);
            if (Double.isNaN(v)) {
                return false;
            }
            // Lists are short; a linear scan with == also treats 0 and -0 alike, unlike binarySearch.
            for (double item : items) {
                if (v == item) {
                    return !negated;
                }
            }
            return negated;
        }
    }

    // ---- texts and booleans

    static final class TxtEquals extends Bool {
        private final Txt left;
        private final Txt right;
        private final boolean negated;

        TxtEquals(Txt left, Txt right, boolean negated) {
            this.left = left;
            this.right = right;
            this.negated = negated;
        }

        @Override
        boolean test(double[] n, String[] t) {
            String l = left.value(t);
            String r = right.value(t);
            if (l == null || r == null) {
                return false;
            }
            return l.equals(r) != negated;
        }
    }

    static final class TxtIn extends Bool {
        private final Txt value;
        private final Set<String> items;
        private final boolean negated;

        TxtIn(Txt value, Set<String> items, boolean negated) {
            this.value = value;
            this.items = items;
            this.negated = negated;
        }

        @Override
        boolean test(double[] n, String[] t) {
            String v = value.value(t);
            if (v == null) {
                return false;
            }
            // String caches its hash, so contains() on a HashSet allocates nothing.
            return items.contains(v) != negated;
        }
    }

    static final class BoolEquals extends Bool {
        private final Bool left;
        private final Bool right;
        private final boolean negated;

        BoolEquals(Bool left, Bool right, boolean negated) {
            this.left = left;
            this.right = right;
            this.negated = negated;
        }

        @Override
        boolean test(double[] n, String[] t) {
            return (left.test(n, t) == right.test(n, t)) != negated;
        }
    }

    /** The value of a node whose inputs are all constants (they read neither array). */
    static Bool fold(Bool node) {
        return BoolConst.of(node.test(null, null));
    }
}
