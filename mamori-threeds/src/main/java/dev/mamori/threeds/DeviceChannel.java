package dev.mamori.threeds;

/** EMV 3-D Secure deviceChannel. */
public enum DeviceChannel {
    APP("01"), BROWSER("02"), THREE_RI("03");

    private final String code;

    DeviceChannel(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** @return the channel of a deviceChannel value, or null when it is none of 01, 02, 03 */
    public static DeviceChannel fromCode(String code) {
        for (DeviceChannel c : values()) {
            if (c.code.equals(code)) {
                return c;
            }
        }
        return null;
    }
}
