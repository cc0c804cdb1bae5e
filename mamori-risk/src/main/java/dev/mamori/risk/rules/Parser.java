package dev.mamori.risk.rules;

import dev.mamori.risk.Action;
import dev.mamori.risk.ResponseCode;
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
import dev.mamori.risk.rules.RuleError.Code;
import dev.mamori.risk.rules.Token.Keyword;
import dev.mamori.risk.rules.Token.Kind;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Recursive descent over the tokens. On a syntax error it reports, abandons the rule and
 * resumes at the next {@code rule} or {@code when}.
 *
 * <p>Precedence, loosest first: {@code or}, {@code and}, {@code not}, comparisons ({@code = != < <= > >=},
 * {@code between}, {@code in}; not chainable), {@code + -}, {@code * /}, unary {@code -}.
 */
final class Parser {
    static final Pattern REASON = Pattern.compile("[a-z0-9-]{1,40}");
    static final int MAX_NAME_LENGTH = 100;

    /** Thrown to abandon the current rule after a syntax error has been reported. */
    private static final class Abandon extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Abandon() {
            super(null, null, false, false);
        }
    }

    private final List<Token> tokens;
    private final Diagnostics diagnostics;
    private final int maxDepth;
    /** Depth of each node built so far; chains are built in loops, so depth cannot come from recursion alone. */
    private final Map<Expr, Integer> depths = new IdentityHashMap<>();
    private int p;
    private int nesting;

    private Parser(List<Token> tokens, Diagnostics diagnostics, int maxDepth) {
        this.tokens = tokens;
        this.diagnostics = diagnostics;
        this.maxDepth = maxDepth;
    }

    static List<Ast.Rule> parse(String text, Diagnostics diagnostics, int maxDepth) {
        return new Parser(Lexer.tokens(text, diagnostics), diagnostics, maxDepth).rules();
    }

    /** One expression alone (for tests and the editor); null after a syntax error. */
    static Expr parseExpression(String text, Diagnostics diagnostics, int maxDepth) {
        Parser parser = new Parser(Lexer.tokens(text, diagnostics), diagnostics, maxDepth);
        try {
            Expr e = parser.or();
            if (parser.peek().kind != Kind.EOF) {
                throw parser.fail(parser.peek().pos, "unexpected " + parser.peek().describe() + " after the expression");
            }
            return e;
        } catch (Abandon abandoned) {
            return null;
        }
    }

    private List<Ast.Rule> rules() {
        List<Ast.Rule> rules = new ArrayList<>();
        while (peek().kind != Kind.EOF) {
            int start = p;
            try {
                rules.add(rule());
            } catch (Abandon abandoned) {
                if (p == start) {
                    p++;
                }
                while (peek().kind != Kind.EOF && !peek().is(Keyword.RULE) && !peek().is(Keyword.WHEN)) {
                    p++;
                }
            }
        }
        return rules;
    }

    private Ast.Rule rule() {
        String name = null;
        Pos namePos = null;
        boolean shadow = false;
        if (peek().is(Keyword.RULE)) {
            Token ruleToken = next();
            if (peek().kind != Kind.STRING) {
                throw fail(peek().pos, "expected the rule name in double quotes after 'rule', e.g. rule \"velocity\"");
            }
            Token nameToken = next();
            name = nameToken.string;
            namePos = nameToken.pos;
            if (name.isBlank() || name.codePointCount(0, name.length()) > MAX_NAME_LENGTH) {
                diagnostics.add(namePos, Code.BAD_NAME,
                        "a rule name must have 1 to " + MAX_NAME_LENGTH + " characters and not be blank");
            }
            while (peek().kind == Kind.IDENT && !peek().is(Keyword.WHEN) && !peek().is(Keyword.RULE)) {
                Token flag = next();
                if (flag.is(Keyword.SHADOW)) {
                    shadow = true;
                } else {
                    diagnostics.add(flag.pos, Code.SYNTAX, "unknown flag '" + flag.text
                            + "' after the rule name; the only flag is 'shadow'", flag.text);
                }
            }
            if (!peek().is(Keyword.WHEN)) {
                throw fail(peek().pos, "expected 'when' after the rule name" + (ruleToken.pos.line() == peek().pos.line()
                        ? "" : " (rule \"" + name + "\")") + ", found " + peek().describe());
            }
        } else if (!peek().is(Keyword.WHEN)) {
            throw fail(peek().pos, "expected a rule, starting with 'rule \"name\"' or 'when', found " + peek().describe());
        }
        Token when = next();
        if (peek().is(Keyword.THEN)) {
            throw fail(peek().pos, "the condition after 'when' is empty");
        }
        nesting = 0;
        Expr condition = or();
        if (!peek().is(Keyword.THEN)) {
            throw fail(peek().pos, "expected 'then' after the condition, found " + peek().describe());
        }
        next();
        Token actionToken = peek();
        Action action = action(actionToken);
        if (action == null) {
            throw fail(actionToken.pos, "expected an action after 'then': approve, review, challenge or decline; found "
                    + actionToken.describe());
        }
        next();
        if (peek().kind != Kind.STRING) {
            throw fail(peek().pos, "expected a reason code in double quotes after '" + action.id() + "', e.g. "
                    + action.id() + " \"velocity\"");
        }
        Token reasonToken = next();
        if (!REASON.matcher(reasonToken.string).matches()) {
            diagnostics.add(reasonToken.pos, Code.BAD_REASON, "reason " + Render.quote(reasonToken.string)
                    + " must be 1 to 40 lowercase letters, digits or '-', e.g. \"card-testing\"", reasonToken.string);
        }
        String code = null;
        Pos codePos = null;
        if (peek().is(Keyword.CODE)) {
            Token codeKeyword = next();
            if (action != Action.DECLINE) {
                diagnostics.add(codeKeyword.pos, Code.BAD_RESPONSE_CODE,
                        "only 'decline' takes a response code; '" + action.id() + "' does not decline", action.id());
            }
            Token value = peek();
            if (value.kind != Kind.NUMBER && value.kind != Kind.STRING) {
                throw fail(value.pos, "expected a two-digit response code after 'code', e.g. code 59");
            }
            next();
            code = value.kind == Kind.STRING ? value.string : value.text;
            codePos = value.pos;
            ResponseCode known = ResponseCode.fromCode(code);
            if (known == null || known.approved()) {
                diagnostics.add(codePos, Code.BAD_RESPONSE_CODE, "code " + code
                        + " is not a decline response code; use one of " + declineCodes(), code);
            }
        }
        Token after = peek();
        if (after.kind != Kind.EOF && !after.is(Keyword.RULE) && !after.is(Keyword.WHEN)) {
            throw fail(after.pos, "unexpected " + after.describe() + " after the action; a rule ends with its reason"
                    + (action == Action.DECLINE && code == null ? " (and 'code NN')" : "")
                    + ", and the next one starts with 'rule' or 'when'");
        }
        return new Ast.Rule(name, namePos, shadow, when.pos, condition, action, actionToken.pos,
                reasonToken.string, code, codePos);
    }

    static String declineCodes() {
        return java.util.Arrays.stream(ResponseCode.values()).filter(c -> !c.approved())
                .map(ResponseCode::code).collect(Collectors.joining(", "));
    }

    private static Action action(Token t) {
        if (t.keyword == null) {
            return null;
        }
        switch (t.keyword) {
            case APPROVE:
                return Action.APPROVE;
            case REVIEW:
                return Action.REVIEW;
            case CHALLENGE:
                return Action.CHALLENGE;
            case DECLINE:
                return Action.DECLINE;
            default:
                return null;
        }
    }

    // ---- expressions

    private Expr or() {
        Expr first = and();
        if (!peek().is(Keyword.OR)) {
            return first;
        }
        List<Expr> operands = new ArrayList<>();
        operands.add(first);
        Pos pos = peek().pos;
        while (peek().is(Keyword.OR)) {
            next();
            operands.add(and());
        }
        return node(new Logic(false, operands, pos), operands.toArray(new Expr[0]));
    }

    private Expr and() {
        Expr first = not();
        if (!peek().is(Keyword.AND)) {
            return first;
        }
        List<Expr> operands = new ArrayList<>();
        operands.add(first);
        Pos pos = peek().pos;
        while (peek().is(Keyword.AND)) {
            next();
            operands.add(not());
        }
        return node(new Logic(true, operands, pos), operands.toArray(new Expr[0]));
    }

    private Expr not() {
        if (peek().is(Keyword.NOT)) {
            Token not = next();
            enter(not.pos);
            Expr operand = not();
            nesting--;
            return node(new Not(operand, not.pos), operand);
        }
        return comparison();
    }

    private Expr comparison() {
        Expr left = additive();
        Token t = peek();
        Expr result;
        CompareOp op = compareOp(t);
        boolean negated = t.is(Keyword.NOT) && (peek(1).is(Keyword.IN) || peek(1).is(Keyword.BETWEEN));
        if (negated) {
            next();
            t = peek();
        }
        if (op != null) {
            next();
            Expr right = additive();
            result = node(new Compare(op, left, right, t.pos), left, right);
        } else if (t.is(Keyword.BETWEEN)) {
            next();
            Expr low = additive();
            if (!peek().is(Keyword.AND)) {
                throw fail(peek().pos, "expected 'and' in 'between ... and ...', found " + peek().describe());
            }
            next();
            Expr high = additive();
            result = node(new Between(left, low, high, negated, t.pos), left, low, high);
        } else if (t.is(Keyword.IN)) {
            next();
            result = in(left, negated, t.pos);
        } else {
            return left;
        }
        Token chained = peek();
        if (compareOp(chained) != null || chained.is(Keyword.BETWEEN) || chained.is(Keyword.IN)) {
            throw fail(chained.pos, "comparisons cannot be chained; join them with 'and', e.g. a > 1 and a < 5");
        }
        return result;
    }

    private Expr in(Expr value, boolean negated, Pos pos) {
        if (peek().kind != Kind.LPAREN) {
            throw fail(peek().pos, "expected '(' and a list after 'in', e.g. in (\"5816\", \"5817\")");
        }
        next();
        List<Expr> items = new ArrayList<>();
        do {
            Token item = peek();
            boolean minus = item.kind == Kind.MINUS && peek(1).kind == Kind.NUMBER;
            if (minus) {
                next();
                item = peek();
            }
            if (item.kind == Kind.NUMBER) {
                items.add(new Num(minus ? -item.number : item.number, item.pos));
            } else if (item.kind == Kind.STRING) {
                items.add(new Text(item.string, item.pos));
            } else if (item.kind == Kind.RPAREN && items.isEmpty()) {
                throw fail(item.pos, "the list after 'in' is empty");
            } else {
                throw fail(item.pos, "the list after 'in' takes texts in double quotes or numbers, found " + item.describe());
            }
            next();
        } while (accept(Kind.COMMA));
        if (peek().kind != Kind.RPAREN) {
            throw fail(peek().pos, "expected ',' or ')' in the list after 'in', found " + peek().describe());
        }
        next();
        return node(new In(value, items, negated, pos), value);
    }

    private Expr additive() {
        Expr left = multiplicative();
        while (peek().kind == Kind.PLUS || peek().kind == Kind.MINUS) {
            Token op = next();
            Expr right = multiplicative();
            left = node(new Arith(op.kind == Kind.PLUS ? ArithOp.ADD : ArithOp.SUB, left, right, op.pos), left, right);
        }
        return left;
    }

    private Expr multiplicative() {
        Expr left = unary();
        while (peek().kind == Kind.STAR || peek().kind == Kind.SLASH) {
            Token op = next();
            Expr right = unary();
            left = node(new Arith(op.kind == Kind.STAR ? ArithOp.MUL : ArithOp.DIV, left, right, op.pos), left, right);
        }
        return left;
    }

    private Expr unary() {
        if (peek().kind == Kind.MINUS) {
            Token minus = next();
            enter(minus.pos);
            Expr operand = unary();
            nesting--;
            return node(new Neg(operand, minus.pos), operand);
        }
        return primary();
    }

    private Expr primary() {
        Token t = peek();
        switch (t.kind) {
            case NUMBER:
                next();
                return leaf(new Num(t.number, t.pos));
            case STRING:
                next();
                return leaf(new Text(t.string, t.pos));
            case LPAREN: {
                next();
                enter(t.pos);
                Expr inner = or();
                nesting--;
                if (peek().kind != Kind.RPAREN) {
                    throw fail(peek().pos, "expected ')' to close the '(' at " + t.pos + ", found " + peek().describe());
                }
                next();
                return inner;
            }
            case WINDOW:
                throw fail(t.pos, "a window such as " + t.text + " only goes inside an aggregate, e.g. card.count("
                        + t.text + ")");
            case IDENT:
                if (t.is(Keyword.TRUE) || t.is(Keyword.FALSE)) {
                    next();
                    return leaf(new Bool(t.is(Keyword.TRUE), t.pos));
                }
                if (t.keyword != null) {
                    throw fail(t.pos, t.is(Keyword.THEN) ? "the condition ends too early, before 'then'"
                            : "expected a value or a feature name, found " + t.describe());
                }
                next();
                if (peek().kind == Kind.LPAREN) {
                    return call(t);
                }
                return leaf(new Name(t.text, t.pos));
            case EOF:
                throw fail(t.pos, "the rule ends too early: expected a value or a feature name");
            default:
                throw fail(t.pos, "expected a value or a feature name, found " + t.describe());
        }
    }

    private Expr call(Token name) {
        int dot = name.text.lastIndexOf('.');
        if (dot < 0) {
            throw fail(name.pos, "'" + name.text + "(...)' needs an entity before it, e.g. card." + name.text + "(1h)");
        }
        String entity = name.text.substring(0, dot);
        String function = name.text.substring(dot + 1);
        Pos functionPos = new Pos(name.pos.line(), name.pos.column() + dot + 1);
        String example = name.text + ("distinct".equals(function) ? "(device, 24h)" : "(1h)");
        next();
        String of = null;
        Pos ofPos = null;
        if (peek().kind == Kind.IDENT && peek().keyword == null) {
            Token ofToken = next();
            of = ofToken.text;
            ofPos = ofToken.pos;
            if (!accept(Kind.COMMA)) {
                throw fail(peek().pos, "expected ',' and a window after '" + of + "', e.g. " + example);
            }
        }
        Token window = peek();
        if (window.kind != Kind.WINDOW) {
            throw fail(window.pos, "expected a window such as 1h, found " + window.describe() + "; e.g. " + example);
        }
        next();
        if (peek().kind != Kind.RPAREN) {
            throw fail(peek().pos, "expected ')' after the window, found " + peek().describe() + "; e.g. " + example);
        }
        next();
        return leaf(new Call(entity, function, of, window.window, window.text, name.pos, functionPos, ofPos, window.pos));
    }

    // ---- helpers

    private Expr leaf(Expr e) {
        depths.put(e, 1);
        return e;
    }

    /** Records the depth of a new node and refuses trees deeper than the limit. */
    private Expr node(Expr e, Expr... children) {
        int depth = 0;
        for (Expr child : children) {
            depth = Math.max(depth, depths.getOrDefault(child, 1));
        }
        depth++;
        if (depth > maxDepth) {
            throw tooDeep(e.pos());
        }
        depths.put(e, depth);
        return e;
    }

    /** Guards the parser's own recursion (parentheses, not, minus) before the tree is built. */
    private void enter(Pos pos) {
        if (++nesting > maxDepth) {
            throw tooDeep(pos);
        }
    }

    private Abandon tooDeep(Pos pos) {
        diagnostics.add(pos, Code.LIMIT, "the condition is nested more than " + maxDepth
                + " levels deep; split it into several rules", Integer.toString(maxDepth));
        return new Abandon();
    }

    private static CompareOp compareOp(Token t) {
        switch (t.kind) {
            case EQ:
                return CompareOp.EQ;
            case NE:
                return CompareOp.NE;
            case LT:
                return CompareOp.LT;
            case LE:
                return CompareOp.LE;
            case GT:
                return CompareOp.GT;
            case GE:
                return CompareOp.GE;
            default:
                return null;
        }
    }

    private Abandon fail(Pos pos, String message) {
        diagnostics.add(pos, Code.SYNTAX, message);
        return new Abandon();
    }

    private Token peek() {
        return tokens.get(p);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(p + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = tokens.get(p);
        if (t.kind != Kind.EOF) {
            p++;
        }
        return t;
    }

    private boolean accept(Kind kind) {
        if (peek().kind == kind) {
            next();
            return true;
        }
        return false;
    }
}
