/**
 * The rule language card issuers write their own fraud rules in, compiled against the
 * {@link dev.mamori.risk.features.FeatureCatalog} at save time and evaluated on the authorization
 * path without allocating. The full reference with examples is {@code docs/rules.md}.
 *
 * <h2>API</h2>
 * {@link dev.mamori.risk.rules.RuleCompiler#compile RuleCompiler.compile(text, catalog)} gives a
 * {@link dev.mamori.risk.rules.CompiledRuleSet} or throws {@link dev.mamori.risk.rules.RuleErrors}
 * (every {@link dev.mamori.risk.rules.RuleError} found, each with line, column, a stable code and an
 * English message); {@link dev.mamori.risk.rules.RuleCompiler#check RuleCompiler.check} returns the
 * same list for an editor. {@link dev.mamori.risk.rules.CompiledRuleSet#evaluate evaluate(vector, outcome)}
 * fills a reusable {@link dev.mamori.risk.rules.RuleOutcome}.
 *
 * <h2>Grammar</h2>
 * <pre>
 * ruleSet    = rule { rule }
 * rule       = [ "rule" STRING { "shadow" } ] "when" condition "then" action STRING [ "code" (NUMBER | STRING) ]
 * action     = "approve" | "review" | "challenge" | "decline"
 * condition  = and { "or" and }
 * and        = not { "and" not }
 * not        = "not" not | comparison
 * comparison = sum [ ( "=" | "==" | "!=" | "&lt;" | "&lt;=" | "&gt;" | "&gt;=" ) sum
 *                  | [ "not" ] "between" sum "and" sum
 *                  | [ "not" ] "in" "(" literal { "," literal } ")" ]
 * sum        = product { ( "+" | "-" ) product }
 * product    = unary { ( "*" | "/" ) unary }
 * unary      = "-" unary | primary
 * primary    = NUMBER | STRING | "true" | "false" | NAME | NAME "(" [ NAME "," ] WINDOW ")" | "(" condition ")"
 * </pre>
 * Keywords are case-insensitive; names are case-sensitive, as the catalog spells them. A NAME is
 * dotted ({@code merchant.highRisk}); called, its last part is the function ({@code card.count(1h)},
 * {@code device.distinct(card, 24h)}). Numbers: {@code 30000}, {@code 30_000}, {@code 0.5}. Windows:
 * a whole number and {@code s m h d}. Texts: double quotes, escapes {@code \"} and {@code \\}.
 * Comments: {@code #} or {@code //} to the end of the line.
 *
 * <h2>Semantics</h2>
 * <ul>
 * <li>Types are checked at compile time: numbers, texts, true/false. Texts take only
 *     {@code = != in}; booleans are used bare or with {@code = !=}.
 * <li>A missing value (a NaN number, a null text) makes every comparison with it false:
 *     {@code =}, {@code !=}, {@code <}, {@code between}, {@code in} and {@code not in} alike; so
 *     {@code not (x > 1)} is true when {@code x} is missing. Division by zero gives a missing value.
 *     A boolean feature is true only when its value is 1.
 * <li>All rules are evaluated in order. Shadow rules are reported, never enforced. Among the
 *     enforced rules that fired an {@code approve} wins (it cannot override the hard checks made
 *     before the rules: card status, limits, block lists); otherwise decline over challenge over
 *     review; ties go to the first rule in the text. Nothing fired: approve, no reason.
 * </ul>
 *
 * <p>Limits: {@value dev.mamori.risk.rules.RuleCompiler#MAX_RULES} rules, nesting depth
 * {@value dev.mamori.risk.rules.RuleCompiler#MAX_DEPTH}, {@value dev.mamori.risk.rules.RuleCompiler#MAX_TEXT_BYTES}
 * bytes of text.
 */
package dev.mamori.risk.rules;
