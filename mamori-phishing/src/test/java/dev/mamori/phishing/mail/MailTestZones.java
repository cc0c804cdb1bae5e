package dev.mamori.phishing.mail;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Zones for the message-authentication tests, served by a real unbound: the RFC 8463 Appendix A
 * sender (football.example.com, both DKIM keys of A.2) with SPF and a reject policy, and a shop
 * domain with a quarantine policy and no DKIM.
 */
public final class MailTestZones {
    private MailTestZones() {
    }

    /** RFC 8463 A.2's RSA key record as zone-file character-strings (each at most 255 octets). */
    static final String RSA_KEY = "\"v=DKIM1; k=rsa; \" "
            + "\"p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWRiGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3FutACDfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3\" "
            + "\"Ip3G+2kryOTIKT+l/K4w3QIDAQAB\"";

    public static Map<String, String> zones() {
        Map<String, String> zones = new LinkedHashMap<>();
        zones.put("example.com", """
                football                     IN TXT "v=spf1 ip4:192.0.2.0/24 -all"
                _dmarc.football              IN TXT "v=DMARC1; p=reject; rua=mailto:dmarc@football.example.com"
                brisbane._domainkey.football IN TXT "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="
                test._domainkey.football     IN TXT %s
                mx.football                  IN A 192.0.2.25
                """.formatted(RSA_KEY));
        zones.put("shop-mail.test", """
                @        IN TXT "v=spf1 a:mail.shop-mail.test -all"
                mail     IN A 198.51.100.7
                _dmarc   IN TXT "v=DMARC1; p=quarantine; rua=mailto:d@shop-mail.test"
                bounce   IN TXT "v=spf1 ip4:198.51.100.0/24 -all"
                """);
        zones.put("relay-mail.test", """
                @        IN TXT "v=spf1 ip4:203.0.113.0/24 -all"
                """);
        return zones;
    }
}
