package dev.mamori.phishing.cases;

/** Checks an uploaded screenshot by its first bytes (not by its name or declared type). No OCR. */
public final class Screenshots {
    /** Screenshots and mails are kept up to this size. */
    public static final int MAX_BYTES = 5 * 1024 * 1024;

    private Screenshots() {
    }

    /**
     * The image's media type: {@code image/png}, {@code image/jpeg} or {@code image/webp}.
     *
     * @throws InvalidReportException ({@code image}, {@code required}, {@code max-size} or {@code image-type})
     */
    public static String contentType(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new InvalidReportException("image", "required", "a screenshot (PNG, JPEG or WebP) is required");
        }
        if (bytes.length > MAX_BYTES) {
            throw new InvalidReportException("image", "max-size", "a screenshot has at most " + MAX_BYTES + " bytes");
        }
        if (startsWith(bytes, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return "image/png";
        }
        if (startsWith(bytes, 0, 0xFF, 0xD8, 0xFF)) {
            return "image/jpeg";
        }
        if (bytes.length >= 12 && startsWith(bytes, 0, 'R', 'I', 'F', 'F') && startsWith(bytes, 8, 'W', 'E', 'B', 'P')) {
            return "image/webp";
        }
        throw new InvalidReportException("image", "image-type", "a screenshot must be a PNG, JPEG or WebP image");
    }

    private static boolean startsWith(byte[] bytes, int offset, int... magic) {
        if (bytes.length < offset + magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((bytes[offset + i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
