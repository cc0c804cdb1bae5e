package dev.mamori.phishing.aggregate;

/**
 * One uploaded report file.
 *
 * @param name the file name as given by the client (card numbers masked), or null; informational only: the format comes from the bytes
 * @param content the raw bytes
 */
public record UploadedFile(String name, byte[] content) {
    public UploadedFile {
        if (name != null && name.length() > 255) {
            name = name.substring(0, 255);
        }
        name = dev.mamori.common.CardNumberDetector.mask(name); // shown and stored: never a card number
    }

    @Override
    public String toString() {
        return "UploadedFile[" + name + ", " + (content == null ? 0 : content.length) + " bytes]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UploadedFile other && java.util.Objects.equals(name, other.name)
                && java.util.Arrays.equals(content, other.content);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(name, java.util.Arrays.hashCode(content));
    }
}
