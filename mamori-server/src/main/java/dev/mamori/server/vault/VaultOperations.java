package dev.mamori.server.vault;

import dev.mamori.common.Role;
import dev.mamori.common.TenantId;
import dev.mamori.server.api.ApiProblem;
import dev.mamori.server.api.FieldViolation;
import dev.mamori.server.api.ProblemType;
import dev.mamori.server.audit.AuditEventTypes;
import dev.mamori.server.audit.RequestAudit;
import dev.mamori.server.identity.UserAccount;
import dev.mamori.server.identity.UserService;
import dev.mamori.server.principal.MamoriPrincipal;
import dev.mamori.vault.KeyCeremony;
import dev.mamori.vault.KeyManagement;
import dev.mamori.vault.RevealedCard;
import dev.mamori.vault.Vault;
import dev.mamori.vault.VaultPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The audited vault actions that more than one surface offers (the console now, the JSON API as
 * it moves over): each checks the same rules and writes the same audit record whichever surface
 * the caller used. Refusals are {@link ApiProblem}s (or the vault's own {@code KeyStateException}
 * and {@code InvalidCardException}) whose rule names the broken rule, so each surface can say it
 * in its own words.
 */
@Service
public class VaultOperations {
    public static final Duration CEREMONY_TIMEOUT = Duration.ofHours(1);
    /** How many ceremonies the console lists; older ones can still be opened by id. */
    private static final int RECENT_CEREMONIES = 10;

    private final Vault vault;
    private final RequestAudit audit;
    private final UserService users;
    /** Ceremonies opened here, newest first, so the other custodians can find them (the vault keeps them in memory). */
    private final ConcurrentLinkedDeque<UUID> ceremonies = new ConcurrentLinkedDeque<>();

    VaultOperations(Vault vault, RequestAudit audit, UserService users) {
        this.vault = vault;
        this.audit = audit;
        this.users = users;
    }

    // --- policy --------------------------------------------------------------------------------

    public VaultPolicy policy(TenantId tenant) {
        return vault.policy(tenant);
    }

    /**
     * Sets the caller's tenant policy. Merchants are refused (rule {@code merchant-forbidden}); a TTL
     * out of range is the vault's {@code InvalidCardException} (field {@code defaultTokenTtlSeconds}).
     */
    @Transactional
    public VaultPolicy updatePolicy(MamoriPrincipal caller, Set<Role> detokenizeRoles, Long defaultTokenTtlSeconds) {
        if (detokenizeRoles.contains(Role.MERCHANT)) {
            throw new ApiProblem(ProblemType.VALIDATION, "Merchants may not see card numbers (非保持化)",
                    List.of(new FieldViolation("detokenizeRoles", "merchant-forbidden", "merchants may not detokenize: shops hold no card numbers")));
        }
        VaultPolicy policy = new VaultPolicy(detokenizeRoles, defaultTokenTtlSeconds == null ? null
                : Duration.ofSeconds(defaultTokenTtlSeconds));
        vault.updatePolicy(caller.tenant(), policy);
        audit.success(AuditEventTypes.VAULT_POLICY_CHANGED, "vault-policy", "detokenize roles " + ids(policy.detokenizeRoles())
                + ", default TTL " + defaultTokenTtlSeconds);
        return policy;
    }

    // --- rotations -----------------------------------------------------------------------------

    /**
     * Rotates a tenant's keys. The caller's own tenant for tenant admins; an operator admin may name
     * any tenant, and then the record names it too (it lands in the operator's trail).
     */
    @Transactional
    public KeyManagement.Rotation rotateTenantKeys(MamoriPrincipal caller, TenantId tenant) {
        KeyManagement.Rotation rotation = vault.keys().rotateTenantKeys(tenant, caller.subject());
        forgetKeysAfterCommit(tenant);
        audit.success(AuditEventTypes.KEY_ROTATION_STARTED, "rotation:" + rotation.id(),
                "tenant data key v" + rotation.fromVersion() + " -> v" + rotation.toVersion() + ", " + rotation.total() + " cards to re-encrypt"
                        + (tenant.equals(caller.tenant()) ? "" : ", tenant " + tenant.value()));
        return rotation;
    }

    @Transactional
    public KeyManagement.Rotation rotateMasterKey(MamoriPrincipal caller) {
        KeyManagement.Rotation rotation = vault.keys().rotateMasterKey(caller.subject());
        audit.success(AuditEventTypes.KEY_ROTATION_STARTED, "rotation:" + rotation.id(),
                "master key v" + rotation.fromVersion() + " -> v" + rotation.toVersion());
        return rotation;
    }

    /**
     * Crypto-shreds a tenant: its keys are destroyed and its cards deleted, with the audit record
     * in the same transaction.
     */
    @Transactional
    public long shredTenant(MamoriPrincipal caller, TenantId tenant) {
        long cards = vault.keys().shredTenant(tenant);
        forgetKeysAfterCommit(tenant);
        audit.success(AuditEventTypes.TENANT_SHREDDED, "tenant:" + tenant.value(), "keys destroyed, " + cards + " cards deleted");
        return cards;
    }

    /**
     * The vault empties its key cache inside this transaction; a request that reloads the tenant's
     * keys before the commit would cache the old ones for the cache TTL (and, after shredding,
     * keep using destroyed keys), so the cache is emptied again once the change is visible.
     */
    private void forgetKeysAfterCommit(TenantId tenant) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    vault.keys().forgetCachedKeys(tenant);
                }
            });
        }
    }

    // --- key ceremony ----------------------------------------------------------------------------

    @Transactional
    public KeyCeremony.View startCeremony(MamoriPrincipal caller, int components) {
        KeyCeremony.View view = vault.keys().startCeremony(components, caller.subject(), CEREMONY_TIMEOUT);
        audit.success(AuditEventTypes.KEY_CEREMONY_STARTED, "ceremony:" + view.id(), components + " custodians required");
        ceremonies.addFirst(view.id());
        while (ceremonies.size() > RECENT_CEREMONIES) {
            ceremonies.pollLast();
        }
        return view;
    }

    public Optional<KeyCeremony.View> ceremony(UUID id) {
        return vault.keys().ceremony(id);
    }

    /** The ceremonies opened through this service that the vault still knows, newest first. */
    public List<KeyCeremony.View> recentCeremonies() {
        List<KeyCeremony.View> views = new ArrayList<>();
        for (UUID id : ceremonies) {
            vault.keys().ceremony(id).ifPresent(views::add);
        }
        return views;
    }

    /**
     * One custodian's component (64 hex digits; spaces and dashes allowed between them) with its
     * check value. People only: an API key is refused (rule {@code person}). The component is wiped
     * by the vault and never recorded; the record carries only its check value.
     */
    @Transactional(noRollbackFor = RuntimeException.class)
    public KeyCeremony.View submitComponent(MamoriPrincipal caller, UUID id, String componentHex, String checkValue) {
        String custodian = custodian(caller);
        if (custodian == null) {
            audit.failure(AuditEventTypes.KEY_CEREMONY_COMPONENT, "ceremony:" + id, "refused: " + caller.subject() + " is not a user of the tenant");
            throw new ApiProblem(ProblemType.FORBIDDEN, "A key custodian must be a person: a user of this tenant signed in as themself",
                    List.of(new FieldViolation("custodian", "person", "submit components as a console user, or with a JWT whose subject "
                            + "is your username; API keys are not people")));
        }
        byte[] component = parseComponent(componentHex);
        try {
            KeyCeremony.View view = vault.keys().submitComponent(id, custodian, component, checkValue);
            String index = view.custodians().size() + " of " + view.required();
            audit.success(AuditEventTypes.KEY_CEREMONY_COMPONENT, "ceremony:" + id, "component " + index + ", check value "
                    + view.componentCheckValues().get(view.componentCheckValues().size() - 1)
                    + (view.result() == null ? "" : "; master key v" + view.result().version() + " imported, check value " + view.result().checkValue()));
            return view;
        } catch (RuntimeException e) {
            audit.failure(AuditEventTypes.KEY_CEREMONY_COMPONENT, "ceremony:" + id, "refused: " + e.getMessage());
            throw e;
        }
    }

    /**
     * The person behind the caller, the same whichever way they signed in, so that one person
     * cannot pass for two custodians (dual control): a console user, or a JWT whose subject is the
     * username of an enabled user of the caller's tenant. Null for anything else (API keys).
     */
    private String custodian(MamoriPrincipal caller) {
        return switch (caller.type()) {
            case USER -> caller.subject();
            case JWT -> users.findByUsername(caller.tenant(), caller.subject().substring("jwt:".length()))
                    .filter(UserAccount::enabled)
                    .map(user -> "user:" + user.username())
                    .orElse(null);
            default -> null;
        };
    }

    private static byte[] parseComponent(String hex) {
        String clean = hex == null ? "" : hex.replace(" ", "").replace("-", "");
        if (clean.length() != 64 || !clean.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new ApiProblem(ProblemType.VALIDATION, "A component is 64 hex digits (32 bytes)",
                    List.of(new FieldViolation("component", "hex-32-bytes", "a component is 64 hex digits (32 bytes)")));
        }
        return HexFormat.of().parseHex(clean);
    }

    // --- detokenize ------------------------------------------------------------------------------

    public boolean mayDetokenize(MamoriPrincipal caller) {
        return vault.policy(caller.tenant()).mayDetokenize(caller.roles());
    }

    /**
     * The card in clear, for roles the tenant's vault policy allows. Every attempt is recorded with
     * its purpose: a refused role (rule {@code vault-policy}), an unknown token (empty result) and a
     * success. The caller has checked that the purpose holds no card number.
     */
    @Transactional(noRollbackFor = ApiProblem.class)
    public Optional<RevealedCard> detokenize(MamoriPrincipal caller, String token, String purpose) {
        requireDetokenizeRole(caller, "token:" + token, purpose);
        Optional<RevealedCard> card = vault.detokenize(caller.tenant(), token);
        if (card.isEmpty()) {
            audit.failure(AuditEventTypes.CARD_DETOKENIZED, "token:" + token, "not found; purpose: " + purpose);
        } else {
            audit.success(AuditEventTypes.CARD_DETOKENIZED, "token:" + token, "purpose: " + purpose);
        }
        return card;
    }

    /** Records and refuses a caller whose roles the tenant's policy does not allow to see card numbers. */
    public void requireDetokenizeRole(MamoriPrincipal caller, String resource, String purpose) {
        if (!mayDetokenize(caller)) {
            audit.failure(AuditEventTypes.CARD_DETOKENIZED, resource, "role not allowed by the tenant's vault policy; purpose: " + purpose);
            throw new ApiProblem(ProblemType.FORBIDDEN, "Your roles may not see card numbers under this tenant's vault policy",
                    List.of(new FieldViolation("role", "vault-policy", "detokenize is allowed for the roles in the tenant's vault policy only")));
        }
    }

    private static String ids(Set<Role> roles) {
        return roles.stream().sorted().map(Role::id).collect(Collectors.toList()).toString();
    }
}
