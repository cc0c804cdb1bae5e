package dev.mamori.threeds.acs.internal;

import java.util.Locale;
import java.util.ResourceBundle;

/** The app challenge's screen texts (the SDK renders them natively), in Japanese or English. */
public final class AppTexts {
    private AppTexts() {
    }

    public static String text(String language, String key, Object... args) {
        Locale locale = language != null && language.toLowerCase(Locale.ROOT).startsWith("ja") ? Locale.JAPANESE : Locale.ENGLISH;
        ResourceBundle bundle = ResourceBundle.getBundle("dev.mamori.threeds.acs.internal.AppTexts", locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        String pattern = bundle.getString(key);
        return args.length == 0 ? pattern : java.text.MessageFormat.format(pattern, args);
    }
}
