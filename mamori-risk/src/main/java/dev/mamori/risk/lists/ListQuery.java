package dev.mamori.risk.lists;

/**
 * What one authorization or order shows of itself, to be checked against the lists. Every field
 * is optional. Built once per authorization; holds at most 11 digits of the card number.
 */
public final class ListQuery {
    private final String cardFingerprint;
    private final String deviceId;
    private final String ip;
    private final String email;
    private final String binDigits;
    private final String deliveryAddress;
    private final NormalizedAddress parsedAddress;

    private ListQuery(Builder b) {
        this.cardFingerprint = b.cardFingerprint;
        this.deviceId = b.deviceId;
        this.ip = b.ip;
        this.email = b.email;
        this.binDigits = b.binDigits;
        this.deliveryAddress = b.deliveryAddress;
        this.parsedAddress = b.parsedAddress;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String cardFingerprint() {
        return cardFingerprint;
    }

    public String deviceId() {
        return deviceId;
    }

    public String ip() {
        return ip;
    }

    public String email() {
        return email;
    }

    /** The first 6–11 digits of the card number, or {@code null}. */
    public String binDigits() {
        return binDigits;
    }

    /** The delivery address as the order gave it, or {@code null}. */
    /** The delivery address already parsed by the caller, or null (then {@link #deliveryAddress()} is parsed). */
    public NormalizedAddress parsedAddress() {
        return parsedAddress;
    }

    public String deliveryAddress() {
        return deliveryAddress;
    }

    /** Names the fields that are present, never their values. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("ListQuery[");
        append(s, "cardFingerprint", cardFingerprint);
        append(s, "deviceId", deviceId);
        append(s, "ip", ip);
        append(s, "email", email);
        append(s, "binDigits", binDigits);
        append(s, "deliveryAddress", deliveryAddress);
        return s.append(']').toString();
    }

    private static void append(StringBuilder s, String name, String value) {
        if (value != null) {
            s.append(s.charAt(s.length() - 1) == '[' ? "" : ", ").append(name);
        }
    }

    public static final class Builder {
        private String cardFingerprint;
        private String deviceId;
        private String ip;
        private String email;
        private String binDigits;
        private String deliveryAddress;
        private NormalizedAddress parsedAddress;

        private Builder() {
        }

        public Builder cardFingerprint(String value) {
            this.cardFingerprint = value;
            return this;
        }

        public Builder deviceId(String value) {
            this.deviceId = value;
            return this;
        }

        /** An IPv4 or IPv6 address literal; anything else matches no entry. */
        public Builder ip(String value) {
            this.ip = value;
            return this;
        }

        public Builder email(String value) {
            this.email = value;
            return this;
        }

        /**
         * The leading digits of the card number: at least as many as the longest BIN entry that
         * should match, at most 11.
         *
         * @throws IllegalArgumentException when given more than 11 digits or anything but digits:
         *                                  a whole card number must not end up in this object
         */
        public Builder binDigits(String value) {
            if (value != null) {
                if (value.length() > ListValues.MAX_BIN_LENGTH) {
                    throw new IllegalArgumentException("binDigits: at most " + ListValues.MAX_BIN_LENGTH
                            + " digits, never the whole card number");
                }
                for (int i = 0; i < value.length(); i++) {
                    if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                        throw new IllegalArgumentException("binDigits: digits only");
                    }
                }
            }
            this.binDigits = value;
            return this;
        }

        /** The delivery address as given; normalized once per {@link ListIndex#match} call. */
        public Builder deliveryAddress(String value) {
            this.deliveryAddress = value;
            return this;
        }

        /** The delivery address as parsed by {@link JapaneseAddressNormalizer#parse}: callers that parse it anyway save a second parse. */
        public Builder deliveryAddress(NormalizedAddress parsed) {
            this.parsedAddress = parsed;
            return this;
        }

        public ListQuery build() {
            return new ListQuery(this);
        }
    }
}
