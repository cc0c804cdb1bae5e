package dev.mamori.threeds.ds;

import dev.mamori.threeds.message.ThreeDsException;
import dev.mamori.threeds.message.ThreeDsMessage;
import java.util.UUID;
import java.util.function.Consumer;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Complete 2.2.0 browser messages for the DS and 3DS Server tests, and a test ACS answering them. */
public final class TestMessages {
    public static final String SERVER_REF = "3DS_LOA_SER_MAMO_020200_00001";

    private TestMessages() {
    }

    public static ObjectNode areq(String pan) {
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        m.put("messageType", "AReq");
        m.put("messageVersion", "2.2.0");
        m.put("deviceChannel", "02");
        m.put("messageCategory", "01");
        m.put("threeDSServerTransID", UUID.randomUUID().toString());
        m.put("threeDSServerRefNumber", SERVER_REF);
        m.put("threeDSServerURL", "http://server.test/threeds/server/rreq");
        m.put("threeDSRequestorID", "M-1");
        m.put("threeDSRequestorName", "Shop");
        m.put("threeDSRequestorURL", "http://shop.test");
        m.put("threeDSRequestorAuthenticationInd", "01");
        m.put("threeDSCompInd", "U");
        m.put("acquirerBIN", "400551");
        m.put("acquirerMerchantID", "M-1");
        m.put("merchantName", "Shop");
        m.put("mcc", "5411");
        m.put("merchantCountryCode", "392");
        m.put("acctNumber", pan);
        m.put("purchaseAmount", "1200");
        m.put("purchaseCurrency", "392");
        m.put("purchaseExponent", "0");
        m.put("purchaseDate", "20261126100000");
        m.put("notificationURL", "http://server.test/threeds/server/challenge-notification");
        m.put("browserAcceptHeader", "text/html");
        m.put("browserUserAgent", "Mozilla/5.0");
        m.put("browserLanguage", "ja-JP");
        m.put("browserIP", "192.0.2.1");
        m.put("browserJavaEnabled", false);
        m.put("browserJavascriptEnabled", true);
        m.put("browserColorDepth", "24");
        m.put("browserScreenHeight", "900");
        m.put("browserScreenWidth", "1440");
        m.put("browserTZ", "-540");
        return m;
    }

    /** An ARes answering {@code areq} with {@code status}; {@code change} edits it before it goes. */
    public static byte[] ares(byte[] areq, String status, Consumer<ObjectNode> change) {
        try {
            ThreeDsMessage in = ThreeDsMessage.parse(areq);
            ObjectNode m = JsonNodeFactory.instance.objectNode();
            m.put("threeDSServerTransID", in.text("threeDSServerTransID"));
            m.put("acsTransID", UUID.randomUUID().toString());
            m.put("dsTransID", in.text("dsTransID"));
            m.put("acsReferenceNumber", "ACS-TEST");
            m.put("acsOperatorID", "ACS-OP");
            m.put("dsReferenceNumber", in.text("dsReferenceNumber"));
            m.put("messageType", "ARes");
            m.put("messageVersion", in.version());
            m.put("transStatus", status);
            if ("Y".equals(status) || "A".equals(status)) {
                m.put("eci", "05");
                m.put("authenticationValue", "AAABBBCCCDDDEEEFFFGGGHHHIII=");
            }
            if ("C".equals(status)) {
                m.put("acsURL", "http://acs.test/threeds/acs/challenge");
                m.put("acsChallengeMandated", "N");
                if ("2.2.0".equals(in.version())) {
                    m.put("authenticationType", "02");
                } else {
                    m.putArray("authenticationMethod").add("02");
                }
            }
            if ("N".equals(status) || "U".equals(status) || "R".equals(status)) {
                m.put("transStatusReason", "11");
            }
            change.accept(m);
            return ThreeDsMessage.of(m).toBytes();
        } catch (ThreeDsException e) {
            throw new AssertionError(e);
        }
    }

    public static ObjectNode rreq(String serverTransId, String acsTransId, String dsTransId, String status) {
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        m.put("threeDSServerTransID", serverTransId);
        m.put("acsTransID", acsTransId);
        m.put("dsTransID", dsTransId);
        m.put("messageType", "RReq");
        m.put("messageVersion", "2.2.0");
        m.put("messageCategory", "01");
        m.put("interactionCounter", "01");
        m.put("authenticationType", "02");
        m.put("transStatus", status);
        if ("Y".equals(status)) {
            m.put("eci", "05");
            m.put("authenticationValue", "AAABBBCCCDDDEEEFFFGGGHHHIII=");
        } else {
            m.put("transStatusReason", "01");
        }
        return m;
    }

    public static ThreeDsMessage parse(byte[] bytes) {
        try {
            return ThreeDsMessage.parse(bytes);
        } catch (ThreeDsException e) {
            throw new AssertionError(e);
        }
    }
}
