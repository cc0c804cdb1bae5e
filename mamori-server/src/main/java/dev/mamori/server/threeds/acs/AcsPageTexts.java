package dev.mamori.server.threeds.acs;

import java.util.Locale;
import org.springframework.context.MessageSource;

/**
 * The challenge pages' texts in the language chosen for the cardholder (the AReq's browserLanguage,
 * else Accept-Language): the pages are not console pages and ignore the console's language cookie.
 */
public final class AcsPageTexts {
    private final MessageSource messages;
    private final Locale locale;

    AcsPageTexts(MessageSource messages, Locale locale) {
        this.messages = messages;
        this.locale = locale;
    }

    public String get(String key) {
        return messages.getMessage("threeds.acs." + key, null, locale);
    }

    public String get(String key, Object argument) {
        return messages.getMessage("threeds.acs." + key, new Object[] {argument}, locale);
    }

    public String get(String key, Object first, Object second) {
        return messages.getMessage("threeds.acs." + key, new Object[] {first, second}, locale);
    }

    /** "ja" or "en". */
    public String lang() {
        return locale.getLanguage();
    }

    static Locale choose(String browserLanguage, Locale requested) {
        if (browserLanguage != null && !browserLanguage.isBlank()) {
            return browserLanguage.toLowerCase(Locale.ROOT).startsWith("ja") ? Locale.JAPANESE : Locale.ENGLISH;
        }
        return requested != null && "ja".equals(requested.getLanguage()) ? Locale.JAPANESE : Locale.ENGLISH;
    }
}
