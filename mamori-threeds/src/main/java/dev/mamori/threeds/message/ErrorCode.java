package dev.mamori.threeds.message;

/**
 * The EMV 3-D Secure error codes (errorCode of an Erro message, EMV 3DS Protocol and Core Functions
 * Specification Table A.4), each with the spec's name as its default description.
 */
public enum ErrorCode {
    MESSAGE_RECEIVED_INVALID("101", "Message Received Invalid"),
    MESSAGE_VERSION_NUMBER_NOT_SUPPORTED("102", "Message Version Number Not Supported"),
    SENT_MESSAGES_LIMIT_EXCEEDED("103", "Sent Messages Limit Exceeded"),
    REQUIRED_DATA_ELEMENT_MISSING("201", "Required Data Element Missing"),
    CRITICAL_MESSAGE_EXTENSION_NOT_RECOGNISED("202", "Critical Message Extension Not Recognised"),
    FORMAT_OF_ONE_OR_MORE_DATA_ELEMENTS_INVALID("203",
            "Format of one or more Data Elements is Invalid according to the Specification"),
    DUPLICATE_DATA_ELEMENT("204", "Duplicate Data Element"),
    TRANSACTION_ID_NOT_RECOGNISED("301", "Transaction ID Not Recognised"),
    DATA_DECRYPTION_FAILURE("302", "Data Decryption Failure"),
    ACCESS_DENIED_INVALID_ENDPOINT("303", "Access Denied, Invalid Endpoint"),
    ISO_CODE_INVALID("304", "ISO Code Invalid"),
    TRANSACTION_DATA_NOT_VALID("305", "Transaction data not valid"),
    MCC_NOT_VALID_FOR_PAYMENT_SYSTEM("306", "Merchant Category Code (MCC) Not Valid for Payment System"),
    SERIAL_NUMBER_NOT_VALID("307", "Serial Number not Valid"),
    TRANSACTION_TIMED_OUT("402", "Transaction Timed Out"),
    TRANSIENT_SYSTEM_FAILURE("403", "Transient System Failure"),
    PERMANENT_SYSTEM_FAILURE("404", "Permanent System Failure"),
    SYSTEM_CONNECTION_FAILURE("405", "System Connection Failure");

    private final String code;
    private final String description;

    ErrorCode(String code, String description) {
        this.code = code;
        this.description = description;
    }

    /** @return the three-digit errorCode, e.g. "201" */
    public String code() {
        return code;
    }

    /** @return the spec's name of the error, used as errorDescription when the caller gives none */
    public String description() {
        return description;
    }

    /** @return the error of a three-digit code, or null when it is not one of these */
    public static ErrorCode fromCode(String code) {
        for (ErrorCode c : values()) {
            if (c.code.equals(code)) {
                return c;
            }
        }
        return null;
    }
}
