package dev.mamori.risk.rules;

import java.time.Duration;
import java.util.Locale;

/** One lexical token. {@code keyword} is set for identifiers that are keywords (any case). */
final class Token {
    enum Kind {
        IDENT, NUMBER, STRING, WINDOW, LPAREN, RPAREN, COMMA, PLUS, MINUS, STAR, SLASH,
        EQ, NE, LT, LE, GT, GE, EOF
    }

    enum Keyword {
        RULE, WHEN, THEN, AND, OR, NOT, BETWEEN, IN, TRUE, FALSE, APPROVE, REVIEW, CHALLENGE,
        DECLINE, CODE, SHADOW;

        static Keyword of(String word) {
            // Dotted names are never keywords; keywords are case-insensitive.
            if (word.indexOf('.') >= 0) {
                return null;
            }
            try {
                return valueOf(word.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException notAKeyword) {
                return null;
            }
        }

        String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    final Kind kind;
    final String text;
    final Pos pos;
    final Keyword keyword;
    final double number;
    final String string;
    final Duration window;

    private Token(Kind kind, String text, Pos pos, Keyword keyword, double number, String string, Duration window) {
        this.kind = kind;
        this.text = text;
        this.pos = pos;
        this.keyword = keyword;
        this.number = number;
        this.string = string;
        this.window = window;
    }

    static Token symbol(Kind kind, String text, Pos pos) {
        return new Token(kind, text, pos, null, 0, null, null);
    }

    static Token ident(String text, Pos pos) {
        return new Token(Kind.IDENT, text, pos, Keyword.of(text), 0, null, null);
    }

    static Token number(String text, double value, Pos pos) {
        return new Token(Kind.NUMBER, text, pos, null, value, null, null);
    }

    static Token string(String text, String value, Pos pos) {
        return new Token(Kind.STRING, text, pos, null, 0, value, null);
    }

    static Token window(String text, Duration value, Pos pos) {
        return new Token(Kind.WINDOW, text, pos, null, 0, null, value);
    }

    boolean is(Keyword k) {
        return keyword == k;
    }

    /** How the token reads in an error message. */
    String describe() {
        switch (kind) {
            case EOF:
                return "the end of the text";
            case STRING:
                return "text " + Render.quote(string);
            case IDENT:
                return keyword != null ? "'" + keyword.word() + "'" : "'" + text + "'";
            default:
                return "'" + text + "'";
        }
    }
}
