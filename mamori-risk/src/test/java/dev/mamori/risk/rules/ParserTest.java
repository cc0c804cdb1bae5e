package dev.mamori.risk.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.risk.Action;
import dev.mamori.risk.rules.Ast.Arith;
import dev.mamori.risk.rules.Ast.ArithOp;
import dev.mamori.risk.rules.Ast.Between;
import dev.mamori.risk.rules.Ast.Call;
import dev.mamori.risk.rules.Ast.Compare;
import dev.mamori.risk.rules.Ast.Expr;
import dev.mamori.risk.rules.Ast.In;
import dev.mamori.risk.rules.Ast.Logic;
import dev.mamori.risk.rules.Ast.Name;
import dev.mamori.risk.rules.Ast.Not;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shape of the tree: precedence and associativity, independent of any catalog. */
class ParserTest {

    private static Expr parse(String text) {
        Diagnostics d = new Diagnostics();
        Expr e = Parser.parseExpression(text, d, 32);
        assertThat(d.sorted()).isEmpty();
        return e;
    }

    @Test
    void andBindsTighterThanOr() {
        Logic or = (Logic) parse("a or b and c");
        assertThat(or.and()).isFalse();
        assertThat(or.operands().get(0)).isEqualTo(new Name("a", new Pos(1, 1)));
        Logic and = (Logic) or.operands().get(1);
        assertThat(and.and()).isTrue();
        assertThat(and.operands()).extracting(e -> ((Name) e).name()).containsExactly("b", "c");
    }

    @Test
    void chainsAreOneNode() {
        Logic and = (Logic) parse("a and b and c and d");
        assertThat(and.operands()).hasSize(4);
    }

    @Test
    void notBindsTighterThanAndButLooserThanComparison() {
        Logic and = (Logic) parse("not a > 1 and b");
        Not not = (Not) and.operands().get(0);
        assertThat(not.operand()).isInstanceOf(Compare.class);
    }

    @Test
    void arithmeticIsLeftAssociativeWithMultiplicationFirst() {
        Compare c = (Compare) parse("a - b - c * d > 0");
        Arith outer = (Arith) c.left();
        assertThat(outer.op()).isEqualTo(ArithOp.SUB);
        assertThat(((Arith) outer.left()).op()).isEqualTo(ArithOp.SUB);
        assertThat(((Arith) outer.right()).op()).isEqualTo(ArithOp.MUL);
    }

    @Test
    void betweenBoundsAreArithmeticAndTheNextAndJoins() {
        Logic and = (Logic) parse("a between b + 1 and c * 2 and d");
        Between between = (Between) and.operands().get(0);
        assertThat(between.low()).isInstanceOf(Arith.class);
        assertThat(between.high()).isInstanceOf(Arith.class);
        assertThat(and.operands().get(1)).isInstanceOf(Name.class);
    }

    @Test
    void callsWithAndWithoutDistinct() {
        Call count = (Call) ((Compare) parse("card.count(15m) > 1")).left();
        assertThat(count.entity()).isEqualTo("card");
        assertThat(count.function()).isEqualTo("count");
        assertThat(count.of()).isNull();
        assertThat(count.window()).isEqualTo(Duration.ofMinutes(15));
        Call distinct = (Call) ((Compare) parse("device.distinct(card, 30s) > 1")).left();
        assertThat(distinct.of()).isEqualTo("card");
        assertThat(distinct.window()).isEqualTo(Duration.ofSeconds(30));
        assertThat(distinct.functionPos()).isEqualTo(new Pos(1, 8));
    }

    @Test
    void inListsTakeNegativeNumbers() {
        In in = (In) parse("a not in (1, -2, \"x\")");
        assertThat(in.negated()).isTrue();
        assertThat(in.items()).hasSize(3);
        assertThat(((Ast.Num) in.items().get(1)).value()).isEqualTo(-2);
    }

    @Test
    void rulesKeepTheirParts() {
        Diagnostics d = new Diagnostics();
        List<Ast.Rule> rules = Parser.parse("rule \"x\" shadow\nwhen a then decline \"r\" code 59\nwhen b then approve \"ok\"",
                d, 32);
        assertThat(d.sorted()).isEmpty();
        assertThat(rules).hasSize(2);
        Ast.Rule first = rules.get(0);
        assertThat(first.name()).isEqualTo("x");
        assertThat(first.shadow()).isTrue();
        assertThat(first.whenPos()).isEqualTo(new Pos(2, 1));
        assertThat(first.action()).isEqualTo(Action.DECLINE);
        assertThat(first.code()).isEqualTo("59");
        assertThat(rules.get(1).name()).isNull();
    }
}
