package dev.mamori.threeds.risk.internal;

import dev.mamori.threeds.DeviceChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * The key of the device or browser an AReq came from: SHA-256 of the app's sdkAppID (one install),
 * or of the browser's user agent, language, screen size and time zone. Hashed so the history holds
 * no raw browser data; the same browser gives the same key on every AReq.
 */
public final class DeviceKeys {
    private DeviceKeys() {
    }

    /** @return the hex key, or null when the AReq carries nothing to recognise a device by (3RI) */
    public static String of(DeviceChannel channel, Map<String, String> signals) {
        if (channel == DeviceChannel.APP) {
            String app = signals.get("sdkAppID");
            return app == null || app.isBlank() ? null : sha256("app|" + app.trim().toLowerCase(Locale.ROOT));
        }
        if (channel == DeviceChannel.BROWSER) {
            String agent = signals.get("browserUserAgent");
            if (agent == null || agent.isBlank()) {
                return null;
            }
            return sha256("browser|" + agent.trim() + "|" + nz(signals.get("browserLanguage")) + "|" + nz(signals.get("browserScreenWidth"))
                    + "x" + nz(signals.get("browserScreenHeight")) + "|" + nz(signals.get("browserTZ")));
        }
        return null;
    }

    private static String nz(String s) {
        return s == null ? "" : s.trim();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
