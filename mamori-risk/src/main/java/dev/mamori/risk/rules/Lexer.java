package dev.mamori.risk.rules;

import dev.mamori.risk.rules.RuleError.Code;
import dev.mamori.risk.rules.Token.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns rule text into tokens. Reports what it cannot read and goes on, so the parser still sees
 * the rest of the rule set. Columns count characters (code points), so Japanese text in a string
 * does not shift the positions reported after it.
 */
final class Lexer {
    private final String src;
    private final Diagnostics diagnostics;
    private final List<Token> tokens = new ArrayList<>();
    private int i;
    private int line = 1;
    private int column = 1;

    private Lexer(String src, Diagnostics diagnostics) {
        this.src = src;
        this.diagnostics = diagnostics;
    }

    static List<Token> tokens(String src, Diagnostics diagnostics) {
        Lexer lexer = new Lexer(src, diagnostics);
        lexer.run();
        return lexer.tokens;
    }

    private void run() {
        while (i < src.length()) {
            char c = src.charAt(i);
            if (c == '\n') {
                i++;
                line++;
                column = 1;
            } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\u3000') {
                advance();
            } else if (c == '#' || (c == '/' && peek(1) == '/')) {
                while (i < src.length() && src.charAt(i) != '\n') {
                    advance();
                }
            } else if (isIdentStart(c)) {
                identifier();
            } else if (c >= '0' && c <= '9') {
                numberOrWindow();
            } else if (c == '"') {
                string();
            } else if (c == '\'' && singleQuoted()) {
                continue;
            } else {
                symbol(c);
            }
        }
        tokens.add(Token.symbol(Kind.EOF, "", new Pos(line, column)));
    }

    private void identifier() {
        Pos pos = here();
        int start = i;
        while (true) {
            while (i < src.length() && isIdentPart(src.charAt(i))) {
                advance();
            }
            // A dot joins name parts (merchant.highRisk, card.count) only when a name part follows.
            if (peek(0) == '.' && isIdentStart(peek(1))) {
                advance();
                continue;
            }
            break;
        }
        tokens.add(Token.ident(src.substring(start, i), pos));
    }

    private void numberOrWindow() {
        Pos pos = here();
        int start = i;
        while (i < src.length() && (isIdentPart(src.charAt(i)) || (src.charAt(i) == '.' && isDigit(peek(1))))) {
            advance();
        }
        String raw = src.substring(start, i);
        if (raw.matches("[0-9]+(_[0-9]+)*(\\.[0-9]+(_[0-9]+)*)?")) {
            double value = Double.parseDouble(raw.replace("_", ""));
            if (Double.isInfinite(value)) {
                diagnostics.add(pos, Code.BAD_TOKEN, "number " + raw + " is too large", raw);
            }
            tokens.add(Token.number(raw, value, pos));
            return;
        }
        if (raw.matches("[0-9]{1,9}[smhd]")) {
            long amount = Long.parseLong(raw.substring(0, raw.length() - 1));
            Duration window;
            switch (raw.charAt(raw.length() - 1)) {
                case 's':
                    window = Duration.ofSeconds(amount);
                    break;
                case 'm':
                    window = Duration.ofMinutes(amount);
                    break;
                case 'h':
                    window = Duration.ofHours(amount);
                    break;
                default:
                    window = Duration.ofDays(amount);
                    break;
            }
            tokens.add(Token.window(raw, window, pos));
            return;
        }
        diagnostics.add(pos, Code.BAD_TOKEN, "'" + raw + "' is neither a number nor a window; write numbers like 30000,"
                + " 30_000 or 0.5 and windows like 30s, 15m, 1h or 7d", raw);
        tokens.add(Token.number(raw, Double.NaN, pos));
    }

    private void string() {
        Pos pos = here();
        int start = i;
        advance();
        StringBuilder value = new StringBuilder();
        while (true) {
            if (i >= src.length() || src.charAt(i) == '\n') {
                diagnostics.add(pos, Code.UNTERMINATED_STRING,
                        "unterminated string: the text that starts here has no closing '\"' on this line");
                break;
            }
            char c = src.charAt(i);
            if (c == '"') {
                advance();
                break;
            }
            if (c == '\\') {
                char next = peek(1);
                if (next == '"' || next == '\\') {
                    value.append(next);
                    advance();
                    advance();
                    continue;
                }
                diagnostics.add(here(), Code.BAD_TOKEN,
                        "unknown escape in text; only \\\" (a quote) and \\\\ (a backslash) are escapes");
                advance();
                continue;
            }
            value.appendCodePoint(src.codePointAt(i));
            advance();
        }
        tokens.add(Token.string(src.substring(start, i), value.toString(), pos));
    }

    /** 'text' on one line: reported, then read as the text it was meant to be, so the rule still checks. */
    private boolean singleQuoted() {
        int end = src.indexOf('\'', i + 1);
        int newline = src.indexOf('\n', i + 1);
        if (end < 0 || (newline >= 0 && newline < end)) {
            return false;
        }
        Pos pos = here();
        String value = src.substring(i + 1, end);
        diagnostics.add(pos, Code.BAD_TOKEN, "texts go in double quotes: " + Render.quote(value), value);
        while (i <= end) {
            advance();
        }
        tokens.add(Token.string(src.substring(end - value.length() - 1, end + 1), value, pos));
        return true;
    }

    private void symbol(char c) {
        Pos pos = here();
        char n = peek(1);
        Kind kind = null;
        int length = 1;
        switch (c) {
            case '(': kind = Kind.LPAREN; break;
            case ')': kind = Kind.RPAREN; break;
            case ',': kind = Kind.COMMA; break;
            case '+': kind = Kind.PLUS; break;
            case '-': kind = Kind.MINUS; break;
            case '*': kind = Kind.STAR; break;
            case '/': kind = Kind.SLASH; break;
            case '=':
                kind = Kind.EQ;
                length = n == '=' ? 2 : 1;
                break;
            case '!':
                if (n == '=') {
                    kind = Kind.NE;
                    length = 2;
                }
                break;
            case '<':
                if (n == '>') {
                    diagnostics.add(pos, Code.BAD_TOKEN, "write '!=' for 'not equal'");
                    kind = Kind.NE;
                    length = 2;
                } else {
                    kind = n == '=' ? Kind.LE : Kind.LT;
                    length = n == '=' ? 2 : 1;
                }
                break;
            case '>':
                kind = n == '=' ? Kind.GE : Kind.GT;
                length = n == '=' ? 2 : 1;
                break;
            case '&':
                if (n == '&') {
                    diagnostics.add(pos, Code.BAD_TOKEN, "write 'and' instead of '&&'");
                    tokens.add(Token.ident("and", pos));
                    advance();
                    advance();
                    return;
                }
                break;
            case '|':
                if (n == '|') {
                    diagnostics.add(pos, Code.BAD_TOKEN, "write 'or' instead of '||'");
                    tokens.add(Token.ident("or", pos));
                    advance();
                    advance();
                    return;
                }
                break;
            default:
                break;
        }
        if (kind == null) {
            int cp = src.codePointAt(i);
            String shown = new String(Character.toChars(cp));
            String hint = c == '!' ? "; write 'not' or '!='"
                    : c == '\'' ? "; texts go in double quotes"
                    : cp == '\u201c' || cp == '\u201d' || cp == '\u300c' ? "; texts go in plain double quotes \"...\""
                    : "";
            diagnostics.add(pos, Code.BAD_TOKEN, "unexpected character '" + shown + "'" + hint, shown);
            advance();
            return;
        }
        tokens.add(Token.symbol(kind, src.substring(i, i + length), pos));
        for (int k = 0; k < length; k++) {
            advance();
        }
    }

    private Pos here() {
        return new Pos(line, column);
    }

    /** Moves one code point forward on the current line. */
    private void advance() {
        if (Character.isHighSurrogate(src.charAt(i)) && i + 1 < src.length() && Character.isLowSurrogate(src.charAt(i + 1))) {
            i++;
        }
        i++;
        column++;
    }

    private char peek(int ahead) {
        int at = i + ahead;
        return at < src.length() ? src.charAt(at) : '\0';
    }

    private static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isIdentPart(char c) {
        return isIdentStart(c) || isDigit(c);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
