package dev.mamori.risk.simulate;

import dev.mamori.common.Pan;
import java.time.YearMonth;

/**
 * One simulated authorization and its label. The label ({@link #scenario}, {@link #actor}) stays
 * in the simulator; only the payment itself is sent.
 *
 * <p>Not a record: it holds a card number ({@link Pan}, masked in {@link #toString()}) and a
 * made-up security code.
 */
final class SimEvent {
    enum Channel { EC, F2F }

    int sequence;
    /** Simulated time: seconds since the start of the simulated period (Asia/Tokyo midnight of day 0). */
    final long offsetSeconds;
    final Scenario scenario;
    /** Who did it, for the report: a cardholder index, an attacker's label. */
    final String actor;
    final Pan pan;
    /** Expiry presented, or null (card testers often send none). */
    final YearMonth expiry;
    final String securityCode;
    final long amount;
    final Merchants.Merchant merchant;
    final Channel channel;
    final String deviceId;
    final String ip;
    final String email;
    final String deliveryAddress;
    /**
     * 3-D Secure result, or null: the ECI, authentication value and transStatus of a real
     * authentication ({@code --threeds share}), or ECI 05 and no value ({@code --threeds off}: the
     * simulator cannot compute one).
     */
    final String eci;
    final String authenticationValue;
    final String threeDsStatus;
    /** The index of the cardholder whose card this is, or -1 for a number that is nobody's. */
    final int cardholder;

    private SimEvent(Builder b) {
        this.offsetSeconds = b.offsetSeconds;
        this.scenario = b.scenario;
        this.actor = b.actor;
        this.pan = b.pan;
        this.expiry = b.expiry;
        this.securityCode = b.securityCode;
        this.amount = b.amount;
        this.merchant = b.merchant;
        this.channel = b.merchant.ec() ? Channel.EC : Channel.F2F;
        this.deviceId = b.deviceId;
        this.ip = b.ip;
        this.email = b.email;
        this.deliveryAddress = b.deliveryAddress;
        this.eci = b.eci;
        this.authenticationValue = b.authenticationValue;
        this.threeDsStatus = b.eci == null ? null : b.threeDsStatus;
        this.cardholder = b.cardholder;
        this.sequence = b.sequence;
    }

    /** This payment with the result of its 3-D Secure authentication (null eci: without one). */
    SimEvent withThreeDs(String eci, String authenticationValue, String transStatus) {
        Builder b = new Builder(offsetSeconds, scenario, actor);
        b.pan = pan;
        b.expiry = expiry;
        b.securityCode = securityCode;
        b.amount = amount;
        b.merchant = merchant;
        b.deviceId = deviceId;
        b.ip = ip;
        b.email = email;
        b.deliveryAddress = deliveryAddress;
        b.eci = eci;
        b.authenticationValue = eci == null ? null : authenticationValue;
        b.threeDsStatus = transStatus;
        b.cardholder = cardholder;
        b.sequence = sequence;
        return new SimEvent(b);
    }

    static Builder at(long offsetSeconds, Scenario scenario, String actor) {
        return new Builder(offsetSeconds, scenario, actor);
    }

    @Override
    public String toString() {
        return "SimEvent[" + sequence + ", " + scenario.id() + ", " + actor + ", " + pan + ", " + amount + " JPY at " + merchant.name()
                + ", " + channel + "]";
    }

    static final class Builder {
        private final long offsetSeconds;
        private final Scenario scenario;
        private final String actor;
        private Pan pan;
        private YearMonth expiry;
        private String securityCode;
        private long amount;
        private Merchants.Merchant merchant;
        private String deviceId;
        private String ip;
        private String email;
        private String deliveryAddress;
        private String eci;
        private String authenticationValue;
        private String threeDsStatus;
        private int cardholder = -1;
        private int sequence;

        private Builder(long offsetSeconds, Scenario scenario, String actor) {
            this.offsetSeconds = offsetSeconds;
            this.scenario = scenario;
            this.actor = actor;
        }

        Builder card(Cardholder c) {
            this.pan = c.pan;
            this.expiry = c.expiry;
            this.cardholder = c.index;
            return this;
        }

        Builder probe(Pan pan) {
            this.pan = pan;
            return this;
        }

        /** The cardholder whose card a guessed number turned out to be (-1: nobody's). */
        Builder owner(int cardholder) {
            this.cardholder = cardholder;
            return this;
        }

        Builder securityCode(String code) {
            this.securityCode = code;
            return this;
        }

        Builder pay(long amount, Merchants.Merchant merchant) {
            this.amount = amount;
            this.merchant = merchant;
            return this;
        }

        Builder online(String deviceId, String ip, String email, String deliveryAddress) {
            this.deviceId = deviceId;
            this.ip = ip;
            this.email = email;
            this.deliveryAddress = deliveryAddress;
            return this;
        }

        Builder threeDs(String eci, String authenticationValue) {
            this.eci = eci;
            this.authenticationValue = authenticationValue;
            this.threeDsStatus = "Y";
            return this;
        }

        SimEvent build() {
            return new SimEvent(this);
        }
    }
}
