package dev.mamori.threeds.challenge;

/**
 * Where {@link SmtpOtpSender} hands e-mail over.
 *
 * @param starttls require STARTTLS before authenticating and sending
 * @param username null for a relay without authentication
 */
public record SmtpSettings(String host, int port, boolean starttls, String username, String password, String from) {
    public SmtpSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host is required");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1 to 65535");
        }
        if (from == null || from.isBlank()) {
            throw new IllegalArgumentException("from is required");
        }
    }

    @Override
    public String toString() {
        return "SmtpSettings[" + host + ":" + port + (starttls ? " starttls" : "") + (username == null ? "" : " user=" + username)
                + " from=" + from + "]";
    }
}
