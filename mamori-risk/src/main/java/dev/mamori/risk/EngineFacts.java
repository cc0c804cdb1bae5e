package dev.mamori.risk;

import dev.mamori.risk.features.FeatureCatalog;
import dev.mamori.risk.features.FeatureSlot;
import dev.mamori.risk.features.FeatureVector;
import dev.mamori.risk.lists.ListHits;

/** The facts the host itself supplies to rules (lists, CVC, 3-D Secure, card state); slots resolved once. */
final class EngineFacts {
    private final FeatureSlot listBlocked;
    private final FeatureSlot listAllowed;
    private final FeatureSlot cvcPresent;
    private final FeatureSlot cvcMatched;
    private final FeatureSlot expiryMatched;
    private final FeatureSlot threeDsAuthenticated;
    private final FeatureSlot eci;
    private final FeatureSlot cardTestingSuspected;
    private final FeatureSlot openToBuy;
    private final FeatureSlot limit;
    private final FeatureSlot status;
    private final FeatureSlot crossBorder;

    EngineFacts(FeatureCatalog catalog) {
        listBlocked = catalog.fact("list.blocked");
        listAllowed = catalog.fact("list.allowed");
        cvcPresent = catalog.fact("cvc.present");
        cvcMatched = catalog.fact("cvc.matched");
        expiryMatched = catalog.fact("expiry.matched");
        threeDsAuthenticated = catalog.fact("threeDs.authenticated");
        eci = catalog.fact("eci");
        cardTestingSuspected = catalog.fact("cardTesting.suspected");
        openToBuy = catalog.fact("card.openToBuy");
        limit = catalog.fact("card.limit");
        status = catalog.fact("card.status");
        crossBorder = catalog.fact("crossBorder");
    }

    /** @param issuerCountry the tenant's country: a merchant elsewhere is cross-border (overrides the engine's default) */
    void fill(FeatureVector v, AuthorizationRequest request, CardAccount account, ListHits lists, AuthorizationHost.Assessment a,
              String issuerCountry) {
        String merchantCountry = request.merchant().country();
        v.set(crossBorder, merchantCountry != null && !merchantCountry.equalsIgnoreCase(issuerCountry));
        v.set(listBlocked, lists.isBlocked());
        v.set(listAllowed, lists.isAllowed());
        v.set(cvcPresent, a.cvcPresent);
        v.set(cvcMatched, a.cvcMatched);
        v.set(expiryMatched, !"expiry-mismatch".equals(a.firstReason()));
        v.set(threeDsAuthenticated, a.threeDsAuthenticated);
        v.set(eci, request.ec().threeDs() == null ? null : request.ec().threeDs().eci());
        v.set(cardTestingSuspected, a.detection != null);
        long perMajor = AuthorizationHost.minorPerMajor(request);
        v.set(openToBuy, account == null ? 0 : (double) account.openToBuyMinor() / perMajor);
        v.set(limit, account == null ? 0 : (double) account.creditLimitMinor() / perMajor);
        v.set(status, account == null ? null : account.status().id());
    }
}
