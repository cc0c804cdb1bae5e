package dev.mamori.phishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DomainNameTest {

    @Test
    void spellingsOfOneDomainAreOneDomain() {
        assertThat(DomainName.of("Mamori.JP.")).isEqualTo(DomainName.of("mamori.jp"));
        assertThat(DomainName.of("ｍａｍｏｒｉ。ｊｐ")).isEqualTo(DomainName.of("mamori.jp"));
        assertThat(DomainName.of("  mamori.jp ").ascii()).isEqualTo("mamori.jp");
    }

    @Test
    void internationalizedNamesAreStoredAsALabelsAndShownInUnicode() {
        DomainName idn = DomainName.of("まもり.jp");
        assertThat(idn.ascii()).startsWith("xn--").endsWith(".jp");
        assertThat(idn.unicode()).isEqualTo("まもり.jp");
        assertThat(DomainName.of(idn.ascii())).isEqualTo(idn);
    }

    @Test
    void subdomainsAreWithinTheirParentOnly() {
        assertThat(DomainName.of("mail.mamori.jp").isWithin(DomainName.of("mamori.jp"))).isTrue();
        assertThat(DomainName.of("mamori.jp").isWithin(DomainName.of("mamori.jp"))).isTrue();
        assertThat(DomainName.of("evilmamori.jp").isWithin(DomainName.of("mamori.jp"))).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|required",
            "localhost|single-label",
            "a..jp|empty-label",
            "-mamori.jp|hyphen-at-edge",
            "mamori-.jp|hyphen-at-edge",
            "under_score.jp|invalid-characters",
            "mamori jp.com|invalid-characters",
            "192.0.2.1|numeric-tld",
    })
    void brokenNamesNameTheRule(String input, String rule) {
        assertThatThrownBy(() -> DomainName.of(input)).isInstanceOfSatisfying(InvalidDomainException.class,
                e -> assertThat(e.rule()).isEqualTo(rule));
    }

    @Test
    void overlongLabelsAndNamesAreRefused() {
        assertThatThrownBy(() -> DomainName.of("a".repeat(64) + ".jp")).isInstanceOfSatisfying(InvalidDomainException.class,
                e -> assertThat(e.rule()).isIn("label-too-long", "invalid-characters"));
        String longName = ("a".repeat(60) + ".").repeat(5) + "jp";
        assertThatThrownBy(() -> DomainName.of(longName)).isInstanceOfSatisfying(InvalidDomainException.class,
                e -> assertThat(e.rule()).isEqualTo("too-long"));
    }
}
