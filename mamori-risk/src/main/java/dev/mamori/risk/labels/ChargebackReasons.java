package dev.mamori.risk.labels;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Each network's chargeback (dispute) reason codes and their category. A fraud code labels the
 * authorization fraud; authorization, processing-error and consumer-dispute codes mean the
 * cardholder made the purchase, so the label is "not fraud" (a dispute about the goods is not a
 * stolen card, and training on it as fraud would teach the model the wrong thing).
 *
 * <p>Sources (the networks' own rule books are not public; these are acquirers' and processors'
 * published tables, cross-checked):
 * <ul>
 *   <li>Visa (Visa Claims Resolution, 2018): 10.x fraud, 11.x authorization, 12.x processing
 *       errors, 13.x consumer disputes, as dispute-management vendors' reason-code guides list them
 *       (the four categories and the fraud codes 10.1–10.5 agree across every guide consulted).</li>
 *   <li>Mastercard: 4837, 4840, 4849, 4863, 4870, 4871 fraud — midmetrics.com/mastercard-chargeback-reason-codes,
 *       burlingtonbankcard.com "MasterCard Chargeback Reason Codes".</li>
 *   <li>American Express: F-series fraud, A authorization, P processing, C card-member disputes, M
 *       miscellaneous — sift.com/sift-edu/chargebacks/american-express-reason-codes,
 *       paymentsandrisk.com/docs/reference/reason-codes/amex.</li>
 *   <li>JCB: global.alipay.com/docs/ac/dispute/jcb (fraud 526, 527, 534, 546, 548) and the JCB code
 *       list published by MerchantConnect (502 card-member dispute, 512 duplicate, 513 credit not received).</li>
 *   <li>Diners Club (Discover Global Network): global.alipay.com/docs/ac/dispute/diners and
 *       chargeback.com/chargeback-reason-codes/discover-reason-codes.</li>
 *   <li>UnionPay: its full list is not published; UnionPay International disputes routed through
 *       Discover Global Network carry Discover's codes (chargebacks911.com/chargeback-reason-codes/unionpay),
 *       so the Diners/Discover table applies.</li>
 * </ul>
 */
public final class ChargebackReasons {

    /** A dispute category, as the networks group their codes. */
    public enum Category {
        FRAUD, AUTHORIZATION, PROCESSING_ERROR, CONSUMER_DISPUTE;

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** One reason code of one network. @param title the network's short name for it (English) */
    public record Reason(CardNetwork network, String code, Category category, String title) {
        /** Whether a chargeback with this code says the authorization was fraud. */
        public boolean fraud() {
            return category == Category.FRAUD;
        }
    }

    private static final Map<CardNetwork, Map<String, Reason>> TABLE = new EnumMap<>(CardNetwork.class);

    static {
        Table visa = new Table(CardNetwork.VISA);
        visa.fraud("10.1", "EMV liability shift counterfeit fraud");
        visa.fraud("10.2", "EMV liability shift non-counterfeit fraud");
        visa.fraud("10.3", "Other fraud, card-present environment");
        visa.fraud("10.4", "Other fraud, card-absent environment");
        visa.fraud("10.5", "Visa Fraud Monitoring Program");
        visa.auth("11.1", "Card recovery bulletin");
        visa.auth("11.2", "Declined authorization");
        visa.auth("11.3", "No authorization");
        visa.processing("12.1", "Late presentment");
        visa.processing("12.2", "Incorrect transaction code");
        visa.processing("12.3", "Incorrect currency");
        visa.processing("12.4", "Incorrect account number");
        visa.processing("12.5", "Incorrect amount");
        visa.processing("12.6", "Duplicate processing or paid by other means");
        visa.processing("12.7", "Invalid data");
        visa.consumer("13.1", "Merchandise or services not received");
        visa.consumer("13.2", "Cancelled recurring transaction");
        visa.consumer("13.3", "Not as described or defective merchandise or services");
        visa.consumer("13.4", "Counterfeit merchandise");
        visa.consumer("13.5", "Misrepresentation");
        visa.consumer("13.6", "Credit not processed");
        visa.consumer("13.7", "Cancelled merchandise or services");
        visa.consumer("13.8", "Original credit transaction not accepted");
        visa.consumer("13.9", "Non-receipt of cash or load transaction value");

        Table mastercard = new Table(CardNetwork.MASTERCARD);
        mastercard.fraud("4837", "No cardholder authorization");
        mastercard.fraud("4840", "Fraudulent processing of transactions");
        mastercard.fraud("4849", "Questionable merchant activity");
        mastercard.fraud("4863", "Cardholder does not recognize, potential fraud");
        mastercard.fraud("4870", "Chip liability shift");
        mastercard.fraud("4871", "Chip liability shift, lost/stolen/never received fraud");
        mastercard.auth("4807", "Warning bulletin file");
        mastercard.auth("4808", "Authorization-related chargeback");
        mastercard.auth("4812", "Account number not on file");
        mastercard.processing("4831", "Transaction amount differs");
        mastercard.processing("4834", "Point-of-interaction error (duplicate processing)");
        mastercard.processing("4842", "Late presentment");
        mastercard.processing("4846", "Correct transaction currency code not provided");
        mastercard.consumer("4841", "Cancelled recurring or digital goods transaction");
        mastercard.consumer("4853", "Cardholder dispute");
        mastercard.consumer("4854", "Cardholder dispute, not elsewhere classified (U.S.)");
        mastercard.consumer("4855", "Goods or services not provided");
        mastercard.consumer("4859", "Addendum, no-show or ATM dispute");
        mastercard.consumer("4860", "Credit not processed");

        Table amex = new Table(CardNetwork.AMEX);
        amex.fraud("F10", "Missing imprint");
        amex.fraud("F14", "Missing signature");
        amex.fraud("F22", "Expired or not yet valid card");
        amex.fraud("F24", "No card member authorization");
        amex.fraud("F29", "Card not present");
        amex.fraud("F30", "EMV counterfeit");
        amex.fraud("F31", "EMV lost, stolen or non-received");
        amex.auth("A01", "Charge amount exceeds authorization amount");
        amex.auth("A02", "No valid authorization");
        amex.auth("A08", "Authorization approval expired");
        amex.processing("P01", "Unassigned card number");
        amex.processing("P03", "Credit processed as charge");
        amex.processing("P04", "Charge processed as credit");
        amex.processing("P05", "Incorrect charge amount");
        amex.processing("P07", "Late submission");
        amex.processing("P08", "Duplicate charge");
        amex.processing("P22", "Non-matching card number");
        amex.processing("P23", "Currency discrepancy");
        amex.consumer("C02", "Credit not processed");
        amex.consumer("C04", "Goods or services returned or refused");
        amex.consumer("C05", "Goods or services cancelled");
        amex.consumer("C08", "Goods or services not received or only partially received");
        amex.consumer("C14", "Paid by other means");
        amex.consumer("C18", "\"No show\" or CARDeposit cancelled");
        amex.consumer("C28", "Cancelled recurring billing");
        amex.consumer("C31", "Goods or services not as described");
        amex.consumer("C32", "Goods or services damaged or defective");
        amex.consumer("M10", "Vehicle rental, capital damages");
        amex.consumer("M49", "Vehicle rental, theft or loss of use");

        Table jcb = new Table(CardNetwork.JCB);
        jcb.fraud("526", "Missing signature");
        jcb.fraud("527", "Missing imprint");
        jcb.fraud("534", "Unauthorized multiple transactions");
        jcb.fraud("546", "Unauthorized purchase");
        jcb.fraud("548", "IC liability shift");
        jcb.auth("501", "Non-JCB card");
        jcb.auth("503", "Expired JCB card");
        jcb.auth("521", "Transaction exceeds floor limit");
        jcb.auth("522", "Authorization declined");
        jcb.auth("547", "JCB card on stop list");
        jcb.auth("581", "Split sale");
        jcb.processing("507", "Incorrect transaction amount");
        jcb.processing("510", "Mis-post");
        jcb.processing("512", "Duplicate processing");
        jcb.processing("525", "Altered amount");
        jcb.consumer("502", "Card member dispute");
        jcb.consumer("513", "Credit not received");

        for (CardNetwork network : new CardNetwork[] {CardNetwork.DINERS, CardNetwork.UNIONPAY}) {
            Table discover = new Table(network);
            discover.fraud("AA", "Does not recognize");
            discover.fraud("UA01", "Fraud, card-present transaction");
            discover.fraud("UA02", "Fraud, card-not-present transaction");
            discover.fraud("UA05", "Fraud, chip counterfeit transaction");
            discover.fraud("UA06", "Fraud, chip-and-PIN transaction");
            discover.fraud("UA10", "Request transaction receipt (swiped card), fraud claimed");
            discover.fraud("UA11", "Cardholder claims fraud (swiped, no signature)");
            discover.auth("AT", "Authorization non-compliance");
            discover.auth("DA", "Declined authorization");
            discover.auth("NA", "No authorization");
            discover.auth("EX", "Expired card");
            discover.processing("LP", "Late presentment");
            discover.processing("CD", "Credit posted as card sale");
            discover.processing("IN", "Invalid card number");
            discover.processing("DP", "Duplicate processing");
            discover.processing("AW", "Altered amount");
            discover.consumer("05", "Good faith investigation");
            discover.consumer("AP", "Recurring payments");
            discover.consumer("NF", "Non-receipt of cash from ATM");
            discover.consumer("PM", "Paid by other means");
            discover.consumer("RG", "Non-receipt of goods, services or cash");
            discover.consumer("RM", "Cardholder disputes quality of goods or services");
            discover.consumer("RN2", "Credit not processed");
        }
    }

    private ChargebackReasons() {
    }

    /** @return the reason for a network's code (case-insensitive, surrounding blanks ignored), or empty when the network has no such code */
    public static Optional<Reason> find(CardNetwork network, String code) {
        if (network == null || code == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(TABLE.get(network).get(code.trim().toUpperCase(Locale.ROOT)));
    }

    /** A network's codes in the order above (fraud first), for a select list. */
    public static List<Reason> of(CardNetwork network) {
        return List.copyOf(TABLE.get(network).values());
    }

    private static final class Table {
        private final CardNetwork network;
        private final Map<String, Reason> codes = new LinkedHashMap<>();

        Table(CardNetwork network) {
            this.network = network;
            TABLE.put(network, Collections.unmodifiableMap(codes));
        }

        void fraud(String code, String title) {
            add(code, Category.FRAUD, title);
        }

        void auth(String code, String title) {
            add(code, Category.AUTHORIZATION, title);
        }

        void processing(String code, String title) {
            add(code, Category.PROCESSING_ERROR, title);
        }

        void consumer(String code, String title) {
            add(code, Category.CONSUMER_DISPUTE, title);
        }

        private void add(String code, Category category, String title) {
            if (codes.put(code, new Reason(network, code, category, title)) != null) {
                throw new IllegalStateException("duplicate reason code " + network.id() + " " + code);
            }
        }
    }

    static List<Reason> all() {
        List<Reason> all = new ArrayList<>();
        TABLE.values().forEach(m -> all.addAll(m.values()));
        return all;
    }
}
