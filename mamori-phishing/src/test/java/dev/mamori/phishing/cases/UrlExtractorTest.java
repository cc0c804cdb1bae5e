package dev.mamori.phishing.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UrlExtractorTest {

    private static List<String> urls(String text) {
        return UrlExtractor.fromText(text).stream().map(ReportedUrl::url).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "hxxps://evil-card.example.com/login",
            "hXXps://evil-card.example.com/login",
            "h**ps://evil-card.example.com/login",
            "https[:]//evil-card.example.com/login",
            "hxxps[://]evil-card.example.com/login",
            "https://evil-card[.]example[.]com/login",
            "https://evil-card(.)example(.)com/login",
            "https://evil-card{.}example{.}com/login",
            "https://evil-card[dot]example[dot]com/login",
            "https://evil-card(dot)example(dot)com/login",
            "hxxps://evil-card [.] example [.] com/login",
            "https://evil-card . example . com/login",
            "ｈｔｔｐｓ：／／ｅｖｉｌ－ｃａｒｄ．ｅｘａｍｐｌｅ．ｃｏｍ／ｌｏｇｉｎ",
            "hxxps://evil-card．example．com/login",
    })
    void everyDefangedFormGivesTheSameUrl(String written) {
        List<ReportedUrl> found = UrlExtractor.fromText("確認はこちら " + written + " まで");
        assertThat(found).extracting(ReportedUrl::url).containsExactly("https://evil-card.example.com/login");
        assertThat(found.get(0).host()).isEqualTo("evil-card.example.com");
    }

    @Test
    void defangedUrlsAreMarkedAndPlainOnesNot() {
        assertThat(UrlExtractor.fromText("hxxp://a-bank.example.com/x").get(0).defanged()).isTrue();
        assertThat(UrlExtractor.fromText("evil[.]example.com").get(0).defanged()).isTrue();
        assertThat(UrlExtractor.fromText("http://a-bank.example.com/x").get(0).defanged()).isFalse();
    }

    @Test
    void japaneseSmsWithTheUrlRunningIntoTheText() {
        String sms = "【三井住友カード】ご利用確認のため、至急ご確認ください。https://smbc-card.secure-login.top/verify?id=8812こちらから手続き";
        assertThat(urls(sms)).containsExactly("https://smbc-card.secure-login.top/verify?id=8812");
    }

    @Test
    void japaneseSmsWithABareHostAndFullWidthCharacters() {
        String sms = "お客様のカードが利用停止になりました。ｓｅｃｕｒｅ－ｍａｍｏｒｉ．ｃｏｍ／ｊｐ　から再開してください";
        assertThat(urls(sms)).containsExactly("http://secure-mamori.com/jp");
    }

    @Test
    void realisticSmishingSamples() {
        assertThat(urls("お荷物のお届けにあがりましたが不在の為持ち帰りました。配送物は下記よりご確認ください。http://sagawa-xz.duckdns.org"))
                .containsExactly("http://sagawa-xz.duckdns.org/");
        assertThat(urls("【Amazon】お支払い方法に問題があります。amazon-co-jp.acc-verify.xyz/signin で情報を更新してください"))
                .containsExactly("http://amazon-co-jp.acc-verify.xyz/signin");
        assertThat(urls("[ＪＣＢ]ご利用確認：ｈｔｔｐｓ：／／ｊｃｂ－ｃａｒｄ．ｓｕｐｐｏｒｔ－ｊｐ．ｃｏｍ／ｃｈｅｃｋ（24時間以内）"))
                .containsExactly("https://jcb-card.support-jp.com/check");
        assertThat(urls("au PAY カード：不正利用の可能性→ https://aupay-card.com-secure.top/?id=7781&u=1 お早めに"))
                .containsExactly("https://aupay-card.com-secure.top/?id=7781&u=1");
    }

    @Test
    void japaneseBracketsAndTrailingPunctuationAreNotPartOfTheUrl() {
        assertThat(urls("「https://evil.example.com/a」をクリック")).containsExactly("https://evil.example.com/a");
        assertThat(urls("『evil.example.com/b』")).containsExactly("http://evil.example.com/b");
        assertThat(urls("See https://evil.example.com/c.")).containsExactly("https://evil.example.com/c");
        assertThat(urls("(https://evil.example.com/d), then")).containsExactly("https://evil.example.com/d");
        assertThat(urls("https://evil.example.com/e!?")).containsExactly("https://evil.example.com/e");
        assertThat(urls("https://en.wikipedia.org/wiki/Phishing_(disambiguation)")).containsExactly(
                "https://en.wikipedia.org/wiki/Phishing_(disambiguation)");
        assertThat(urls("【https://evil.example.com/f】。")).containsExactly("https://evil.example.com/f");
    }

    @Test
    void mailAddressesAreNotSites() {
        assertThat(urls("mailto:support@bank.example.com")).isEmpty();
        assertThat(urls("お問い合わせ: info@bank.example.com")).isEmpty();
    }

    @Test
    void wordsWithDotsAreNotSitesWithoutAPublicSuffix() {
        assertThat(urls("open index.html and file.txt, version 1.2.3")).isEmpty();
        assertThat(urls("Please log in. Then check")).isEmpty();
    }

    @Test
    void normalisesSchemeHostPortFragmentAndUserInfo() {
        ReportedUrl url = UrlExtractor.fromText("HTTPS://www.bank.example.com@EVIL.Example.COM.:443/Login?x=1#top").get(0);
        assertThat(url.url()).isEqualTo("https://evil.example.com/Login?x=1");
        assertThat(url.host()).isEqualTo("evil.example.com");
        assertThat(url.path()).isEqualTo("/Login");
        assertThat(UrlExtractor.fromText("http://evil.example.com:8080").get(0).url()).isEqualTo("http://evil.example.com:8080/");
        assertThat(UrlExtractor.fromText("http://192.0.2.10/card").get(0).host()).isEqualTo("192.0.2.10");
        assertThat(UrlExtractor.fromText("https://xn--u9jt50g.jp/a").get(0).host()).isEqualTo("xn--u9jt50g.jp");
    }

    @Test
    void samePageDifferentSchemeQueryOrTrailingSlashHasOneKey() {
        ReportedUrl a = UrlExtractor.parse("https://evil.example.com/login/?id=1").orElseThrow();
        ReportedUrl b = UrlExtractor.parse("hxxp://evil[.]example[.]com/login").orElseThrow();
        ReportedUrl c = UrlExtractor.parse("https://evil.example.com/other").orElseThrow();
        assertThat(a.key()).isEqualTo(b.key()).hasSize(64);
        assertThat(a.key()).isNotEqualTo(c.key());
        assertThat(a.host()).isEqualTo(c.host());
    }

    @Test
    void htmlTakesLinkTargetsNotTheAddressShownOverThem() {
        String html = "<html><body><p>ご確認ください: <a href=\"https://evil.example.com/verify\">https://www.bank.example.co.jp/</a></p>"
                + "<p>または hxxps://second-evil[.]example[.]net/x をご利用ください</p>"
                + "<a href=\"mailto:help@bank.example.co.jp\">help</a><a href=\"/relative\">r</a></body></html>";
        assertThat(UrlExtractor.fromHtml(html)).extracting(ReportedUrl::url)
                .containsExactly("https://evil.example.com/verify", "https://second-evil.example.net/x");
    }

    @Test
    void eachUrlOnceInTheOrderFound() {
        assertThat(urls("https://b.example.com/ https://a.example.com/ https://b.example.com/"))
                .containsExactly("https://b.example.com/", "https://a.example.com/");
    }

    @Test
    void parseRefusesTextThatIsNotOneUrl() {
        assertThat(UrlExtractor.parse("not a url")).isEmpty();
        assertThat(UrlExtractor.parse("https://a.example.com https://b.example.com")).isEmpty();
        assertThat(UrlExtractor.parse("https://-bad-.example.com/")).isEmpty();
    }

    @Test
    void defangWritesHostDotsAndScheme() {
        assertThat(Defang.of("https://evil.example.com/a.php")).isEqualTo("hxxps[://]evil[.]example[.]com/a.php");
    }

    @Property(tries = 2000)
    void neverThrowsOnArbitraryText(@ForAll String text) {
        List<ReportedUrl> found = UrlExtractor.fromText(text);
        assertThat(found.size()).isLessThanOrEqualTo(UrlExtractor.MAX_URLS);
        UrlExtractor.fromHtml(text);
    }

    @Property(tries = 1000)
    void neverThrowsOnUrlLikeText(@ForAll("urlish") String text) {
        for (ReportedUrl url : UrlExtractor.fromText(text)) {
            assertThat(url.url()).startsWith("http");
            assertThat(url.path()).startsWith("/");
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> urlish() {
        return net.jqwik.api.Arbitraries.strings().withChars("hxtps:/[](){}.-@?#%あ「」 ０．ａ1:*").ofMaxLength(60)
                .map(s -> "https://" + s);
    }
}
