package dev.mamori.risk.simulate;

import dev.mamori.common.Pan;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

/**
 * One simulated cardholder and their card: home address, e-mail, devices and IP addresses that
 * stay the same from one purchase to the next, the merchants they usually use, how often they pay.
 *
 * <p>Security: the card number is a {@link Pan}, shown masked by {@link #toString()}. The
 * security code is random digits the simulator made up for its own traffic (the issuer's cards
 * are opened without a card verification key, so the server records it as unchecked); neither
 * is ever written to a file. Not a record, so nothing prints every field.
 */
final class Cardholder {
    final int index;
    final Pan pan;
    final YearMonth expiry;
    final String securityCode;
    final long creditLimit;
    final JapaneseAddresses.Address home;
    /** Where a few parcels go instead of home (parents, office), or null. */
    final JapaneseAddresses.Address giftAddress;
    final String email;
    final List<String> devices;
    final String homeIp;
    final String mobileIp;
    /** Relative activity: how many of the legitimate transactions are this cardholder's. */
    final double activity;
    /** Share of this cardholder's EC payments that come with a 3-D Secure authentication. */
    final double threeDsShare;
    final Map<Merchants.Category, List<Merchants.Merchant>> usualMerchants;

    Cardholder(int index, Pan pan, YearMonth expiry, String securityCode, long creditLimit, JapaneseAddresses.Address home,
               JapaneseAddresses.Address giftAddress, String email, List<String> devices, String homeIp, String mobileIp,
               double activity, double threeDsShare, Map<Merchants.Category, List<Merchants.Merchant>> usualMerchants) {
        this.index = index;
        this.pan = pan;
        this.expiry = expiry;
        this.securityCode = securityCode;
        this.creditLimit = creditLimit;
        this.home = home;
        this.giftAddress = giftAddress;
        this.email = email;
        this.devices = devices;
        this.homeIp = homeIp;
        this.mobileIp = mobileIp;
        this.activity = activity;
        this.threeDsShare = threeDsShare;
        this.usualMerchants = usualMerchants;
    }

    @Override
    public String toString() {
        return "Cardholder[" + index + ", " + pan + ", " + home.prefecture() + "]";
    }
}
