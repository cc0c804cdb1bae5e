package dev.mamori.risk.lists;

/** What a list entry is about; each kind has its own value rules (see {@link ListValues}). */
public enum ListKind {
    /** An opaque card fingerprint from the vault: 1–128 of {@code [A-Za-z0-9_-]}, compared exactly. */
    CARD_FINGERPRINT,
    /** A device id from the device signal: 1–128 characters after trimming, compared exactly. */
    DEVICE,
    /** An IPv4 or IPv6 address, or a CIDR range of either. */
    IP,
    /** An e-mail address, or {@code @domain} for every address at a domain. */
    EMAIL,
    /** A card-number prefix of 6–11 digits, or a range {@code low-high} of two prefixes of one length. */
    BIN,
    /** A Japanese delivery address, compared by {@link JapaneseAddressNormalizer}. */
    DELIVERY_ADDRESS
}
