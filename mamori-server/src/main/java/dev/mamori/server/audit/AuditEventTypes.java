package dev.mamori.server.audit;

/** The event types written by the platform. Later modules add their own (detokenize, key rotation...). */
public final class AuditEventTypes {
    private AuditEventTypes() {}

    public static final String LOGIN_PASSWORD = "auth.login.password";
    public static final String LOGIN_MFA = "auth.login.mfa";
    public static final String MFA_ENROLLED = "auth.mfa.enrolled";
    public static final String LOGOUT = "auth.logout";
    public static final String ACCOUNT_LOCKED = "auth.account.locked";
    public static final String API_AUTHENTICATION = "auth.api";
    public static final String ACCESS_DENIED = "authz.denied";
    public static final String REQUEST_REJECTED = "request.rejected";
    public static final String TENANT_CREATED = "tenant.created";
    public static final String API_KEY_CREATED = "credential.api_key.created";
    public static final String API_KEY_REVOKED = "credential.api_key.revoked";
    public static final String USER_CREATED = "principal.user.created";
    public static final String USER_ROLES_CHANGED = "principal.user.roles_changed";
    public static final String USER_UNLOCKED = "principal.user.unlocked";
    public static final String AUDIT_READ = "audit.read";
    public static final String AUDIT_VERIFIED = "audit.verified";
    public static final String CARD_TOKENIZED = "vault.card.tokenized";
    public static final String CARD_DETOKENIZED = "vault.card.detokenized";
    public static final String CARD_DELETED = "vault.card.deleted";
    public static final String VAULT_POLICY_CHANGED = "vault.policy.changed";
    public static final String KEY_ROTATION_STARTED = "vault.key.rotation_started";
    public static final String MASTER_KEY_DESTROYED = "vault.key.master_destroyed";
    public static final String KEY_CEREMONY_STARTED = "vault.key.ceremony_started";
    public static final String KEY_CEREMONY_COMPONENT = "vault.key.ceremony_component";
    public static final String TENANT_SHREDDED = "vault.tenant.shredded";
    public static final String PUBLISHABLE_KEY_CREATED = "credential.publishable_key.created";
    public static final String PUBLISHABLE_KEY_REVOKED = "credential.publishable_key.revoked";
    /** A hosted-fields frame or tokenization refused: unknown or revoked key, origin, frame session. */
    public static final String HOSTED_FIELDS_REFUSED = "hosted_fields.refused";
    /** Tokenizations from one address with one publishable key over the limit (card testing). */
    public static final String HOSTED_FIELDS_RATE_LIMITED = "hosted_fields.rate_limited";
}
