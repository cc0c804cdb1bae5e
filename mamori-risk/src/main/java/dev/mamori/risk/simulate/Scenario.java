package dev.mamori.risk.simulate;

/**
 * The label of a simulated transaction. Labels stay in the simulator's memory and its report;
 * they are never sent to the server, which must find the fraud on its own.
 */
public enum Scenario {
    /** Ordinary cardholders at their usual merchants. */
    LEGIT("legit", "legitimate traffic"),
    /** Credit master: one device and IP probing neighbouring card numbers of one BIN with small amounts. */
    CREDIT_MASTER("credit-master", "credit-master burst (card testing)"),
    /** Phished card numbers spent on high-risk goods from new devices, foreign IPs and new e-mails. */
    PHISHED_HIGH_RISK("phished-high-risk", "phished cards on high-risk goods"),
    /** An existing card's shop account taken over: new device, new delivery address, several purchases. */
    ACCOUNT_TAKEOVER("account-takeover", "account takeover"),
    /** Several cards shipping to a few drop addresses, each written several ways. */
    RESHIPPING("reshipping", "reshipping to drop addresses");

    private final String id;
    private final String title;

    Scenario(String id, String title) {
        this.id = id;
        this.title = title;
    }

    /** The label used in the report, e.g. {@code credit-master}. */
    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    public boolean fraud() {
        return this != LEGIT;
    }
}
