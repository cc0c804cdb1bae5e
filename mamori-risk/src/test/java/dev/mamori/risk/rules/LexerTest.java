package dev.mamori.risk.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.risk.rules.Token.Keyword;
import dev.mamori.risk.rules.Token.Kind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LexerTest {

    private static List<Token> lex(String text) {
        Diagnostics d = new Diagnostics();
        List<Token> tokens = Lexer.tokens(text, d);
        assertThat(d.sorted()).isEmpty();
        return tokens;
    }

    @Test
    void tokensWithPositions() {
        List<Token> t = lex("when card.count(1h) >= 30_000 # note\n  then");
        assertThat(t).extracting(x -> x.kind).containsExactly(Kind.IDENT, Kind.IDENT, Kind.LPAREN, Kind.WINDOW,
                Kind.RPAREN, Kind.GE, Kind.NUMBER, Kind.IDENT, Kind.EOF);
        assertThat(t.get(0).keyword).isEqualTo(Keyword.WHEN);
        assertThat(t.get(1).text).isEqualTo("card.count");
        assertThat(t.get(1).keyword).isNull();
        assertThat(t.get(3).window).isEqualTo(Duration.ofHours(1));
        assertThat(t.get(6).number).isEqualTo(30000);
        assertThat(t.get(7).pos).isEqualTo(new Pos(2, 3));
    }

    @Test
    void keywordsInAnyCaseButNotDotted() {
        assertThat(lex("AND And and").stream().limit(3)).allMatch(x -> x.is(Keyword.AND));
        assertThat(lex("code.x").get(0).keyword).isNull();
    }

    @Test
    void allWindowUnits() {
        assertThat(lex("30s 15m 1h 7d")).extracting(x -> x.window).containsExactly(Duration.ofSeconds(30),
                Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofDays(7), null);
    }

    @Test
    void slashSlashCommentsAndDivision() {
        assertThat(lex("a / b // c d e")).extracting(x -> x.kind).containsExactly(Kind.IDENT, Kind.SLASH, Kind.IDENT,
                Kind.EOF);
    }

    @Test
    void columnsCountCodePointsNotCharsOrBytes() {
        List<Token> t = lex("\"東京🗼\" x");
        assertThat(t.get(0).string).isEqualTo("東京🗼");
        assertThat(t.get(1).pos).isEqualTo(new Pos(1, 7));
    }

    @Test
    void crlfLineEndings() {
        List<Token> t = lex("a\r\nb");
        assertThat(t.get(1).pos).isEqualTo(new Pos(2, 1));
    }
}
