package dev.mamori.risk.rules;

import dev.mamori.risk.Action;
import dev.mamori.risk.ResponseCode;
import dev.mamori.risk.features.FeatureCatalog;
import dev.mamori.risk.rules.RuleError.Code;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compiles issuer rule text (see the package documentation and docs/rules.md) against a feature
 * catalog. Every name is resolved here, at save time, so a rule set that compiles cannot name an
 * unknown feature at authorization time.
 */
public final class RuleCompiler {
    /** Most rules in one set. */
    public static final int MAX_RULES = 500;
    /** Deepest nesting of one condition (operators, parentheses, 'not'). */
    public static final int MAX_DEPTH = 32;
    /** Largest rule text, in UTF-8 bytes. */
    public static final int MAX_TEXT_BYTES = 200 * 1024;

    private RuleCompiler() {
    }

    /**
     * @return the compiled set
     * @throws RuleErrors with every problem found, sorted by position
     */
    public static CompiledRuleSet compile(String text, FeatureCatalog catalog) throws RuleErrors {
        Diagnostics diagnostics = new Diagnostics();
        CompiledRuleSet set = compile(text, catalog, diagnostics);
        if (!diagnostics.isEmpty()) {
            throw new RuleErrors(diagnostics.sorted());
        }
        return set;
    }

    /** The problems in {@code text}, sorted by position; empty when it compiles. For the rules editor. */
    public static List<RuleError> check(String text, FeatureCatalog catalog) {
        Diagnostics diagnostics = new Diagnostics();
        compile(text, catalog, diagnostics);
        return diagnostics.sorted();
    }

    private static CompiledRuleSet compile(String text, FeatureCatalog catalog, Diagnostics diagnostics) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(catalog, "catalog");
        int bytes = utf8Length(text);
        if (bytes > MAX_TEXT_BYTES) {
            // Refuse before lexing: the limit is there to bound the work done on the text.
            diagnostics.add(1, 1, Code.LIMIT, "the rule text is " + (bytes + 1023) / 1024 + " KB; the limit is "
                    + MAX_TEXT_BYTES / 1024 + " KB", Integer.toString(bytes), Integer.toString(MAX_TEXT_BYTES));
            return null;
        }
        List<Ast.Rule> parsed = Parser.parse(text, diagnostics, MAX_DEPTH);
        if (parsed.isEmpty() && diagnostics.isEmpty()) {
            diagnostics.add(1, 1, Code.EMPTY, "the rule set has no rules; a rule reads: when <condition> then <action> \"reason\"");
        }
        if (parsed.size() > MAX_RULES) {
            Ast.Rule first = parsed.get(MAX_RULES);
            diagnostics.add(first.namePos() != null ? first.namePos() : first.whenPos(), Code.LIMIT,
                    "a rule set has at most " + MAX_RULES + " rules; this is rule " + (MAX_RULES + 1),
                    Integer.toString(MAX_RULES));
        }
        Checker checker = new Checker(catalog, diagnostics);
        Map<String, Integer> lineOfName = new HashMap<>();
        List<CompiledRule> rules = new ArrayList<>();
        List<Nodes.Bool> conditions = new ArrayList<>();
        for (Ast.Rule r : parsed) {
            String name = r.name() != null ? r.name() : "line-" + r.whenPos().line();
            Pos namePos = r.namePos() != null ? r.namePos() : r.whenPos();
            Integer first = lineOfName.putIfAbsent(name, namePos.line());
            if (first != null) {
                diagnostics.add(namePos, Code.DUPLICATE_NAME, "rule name " + Render.quote(name)
                        + " is used twice (first on line " + first + ")", name, first.toString());
            }
            Nodes.Bool condition = checker.condition(r.when());
            ResponseCode code = null;
            if (r.action() == Action.DECLINE) {
                code = r.code() == null ? ResponseCode.DO_NOT_HONOUR : ResponseCode.fromCode(r.code());
            }
            rules.add(new CompiledRule(name, r.whenPos().line(), Render.expr(r.when()), r.action(), r.reason(), code,
                    r.shadow()));
            conditions.add(condition);
        }
        if (!diagnostics.isEmpty()) {
            return null;
        }
        return new CompiledRuleSet(rules, conditions.toArray(new Nodes.Bool[0]), catalog.numberCount(),
                catalog.textCount());
    }

    private static int utf8Length(String text) {
        // Cheap bound first: even all-ASCII text over the limit is over it.
        if (text.length() > MAX_TEXT_BYTES) {
            return text.getBytes(StandardCharsets.UTF_8).length;
        }
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
