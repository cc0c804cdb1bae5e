package dev.mamori.phishing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mamori.phishing.cases.UrlExtractor;
import org.junit.jupiter.api.Test;

/**
 * The IDNA 2008 "deviation" characters (ß, ς, ZWJ, ZWNJ) are letters of their own in the names browsers
 * and registries use (UTS #46 non-transitional processing); IDNA 2003, which java.net.IDN implements,
 * maps ß to "ss" and ς to σ and deletes the joiners: a different domain, often the brand's own.
 */
class DomainNameDeviationTest {
    @Test
    void deviationCharactersKeepTheirOwnALabel() {
        assertThat(DomainName.of("straße.de").ascii()).isEqualTo("xn--strae-oqa.de");
        assertThat(DomainName.of("STRASSE.de").ascii()).isEqualTo("strasse.de");
        assertThat(DomainName.of("xn--strae-oqa.de").unicode()).isEqualTo("straße.de");
        assertThat(DomainName.of("Straße.DE")).isEqualTo(DomainName.of("xn--strae-oqa.de"));
    }

    @Test
    void aPhishingUrlWithSharpSIsNotFiledUnderTheBrandItImitates() {
        assertThat(UrlExtractor.parse("https://sparkaße.de/login").orElseThrow().host()).isEqualTo("xn--sparkae-5va.de");
    }
}
