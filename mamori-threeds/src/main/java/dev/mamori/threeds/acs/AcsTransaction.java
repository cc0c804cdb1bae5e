package dev.mamori.threeds.acs;

import dev.mamori.common.TenantId;
import dev.mamori.threeds.ChallengeMethod;
import dev.mamori.threeds.DeviceChannel;
import dev.mamori.threeds.MessageCategory;
import dev.mamori.threeds.TransStatus;
import java.time.Instant;

/**
 * One ACS transaction as stored: no card number, only the vault's fingerprint.
 *
 * @param tenant the issuer, or null when the card was unknown
 * @param state frictionless, challenge, completed, timed-out, abandoned or rejected
 * @param challengeStartedAt when the first CReq arrived, or null
 * @param rreqStatus how the RReq went: sent, refused (the DS answered Erro), failed (not delivered), or null when none was due
 */
public record AcsTransaction(String acsTransId, TenantId tenant, String dsTransId, String serverTransId, String sdkTransId,
                             String messageVersion, DeviceChannel channel, MessageCategory category, String cardFingerprint,
                             TransStatus aresStatus, String aresReason, TransStatus finalStatus, String finalReason,
                             ChallengeMethod challengeMethod, String challengeCancel, String eci, String state,
                             String notificationUrl, String challengeWindowSize, String language, int interactions,
                             int sdkCounter, String rreqStatus, Instant createdAt, Instant challengeStartedAt,
                             Instant completedAt) {

    public static final String FRICTIONLESS = "frictionless";
    public static final String CHALLENGE = "challenge";
    public static final String COMPLETED = "completed";
    public static final String TIMED_OUT = "timed-out";
    public static final String ABANDONED = "abandoned";
    public static final String REJECTED = "rejected";
}
