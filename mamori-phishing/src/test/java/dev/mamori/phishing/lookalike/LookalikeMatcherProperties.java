package dev.mamori.phishing.lookalike;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.phishing.DomainName;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class LookalikeMatcherProperties {

    @Provide
    Arbitrary<DomainName> brands() {
        Arbitrary<String> label = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789").ofMinLength(3).ofMaxLength(14);
        Arbitrary<String> suffix = Arbitraries.of("jp", "co.jp", "ne.jp", "com", "net", "shop");
        return label.flatMap(l -> suffix.map(s -> DomainName.of(l + "." + s)));
    }

    @Property(tries = 60)
    void aGeneratedCandidateAlwaysMatchesItsBrand(@ForAll("brands") DomainName brand) {
        LookalikeMatcher matcher = LookalikeMatcher.of(List.of(brand));
        for (Candidate candidate : CandidateGenerator.generate(brand)) {
            LookalikeMatch match = matcher.match(candidate.domain());
            assertThat(match).as(candidate.toString()).isNotNull();
            assertThat(match.brand()).isEqualTo(brand);
            assertThat(match.score()).isBetween(LookalikeMatcher.MIN_SCORE, 1.0);
        }
    }

    @Property(tries = 200)
    void theBrandAndItsSubdomainsNeverMatch(@ForAll("brands") DomainName brand, @ForAll("brands") DomainName other) {
        LookalikeMatcher matcher = LookalikeMatcher.of(List.of(brand, other));
        assertThat(matcher.match(brand.ascii())).isNull();
        assertThat(matcher.match("www." + brand.ascii())).isNull();
        assertThat(matcher.match("a-b.login." + brand.ascii())).isNull();
    }
}
