package dev.mamori.threeds.challenge;

/** How e-mail addresses, mobile numbers and device ids are shown: enough to recognise, not to use. */
public final class Masking {
    private Masking() {
    }

    /** {@code t***@example.com}. */
    public static String email(String email) {
        if (email == null) {
            return null;
        }
        int at = email.lastIndexOf('@');
        if (at < 1) {
            return "***";
        }
        return email.charAt(0) + "***" + email.substring(at);
    }

    /** The country code's first digits and the last four: {@code +81*******5678}. */
    public static String phone(String phone) {
        if (phone == null) {
            return null;
        }
        if (phone.length() < 8) {
            return "***";
        }
        return phone.substring(0, 3) + "*".repeat(phone.length() - 7) + phone.substring(phone.length() - 4);
    }

    /** The first four characters of an app registration id. */
    public static String device(String device) {
        if (device == null) {
            return null;
        }
        return device.length() <= 8 ? "***" : device.substring(0, 4) + "***";
    }

    static String destination(OtpSender.Channel channel, String destination) {
        return channel == OtpSender.Channel.EMAIL ? email(destination) : phone(destination);
    }
}
