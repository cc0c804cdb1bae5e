package dev.mamori.phishing.internal;

import com.ibm.icu.text.SpoofChecker;
import java.net.IDN;
import java.util.ArrayList;
import java.util.List;

/**
 * Unicode confusables from UTS #39 through ICU4J's {@link SpoofChecker}: skeletons for comparing
 * names, and the reverse (which Unicode letters look like an ASCII letter) for generating IDN
 * homographs. No hand-written table: both come from ICU's confusables data.
 */
public final class Confusables {
    private static final SpoofChecker CHECKER = new SpoofChecker.Builder().build();
    /** ICU's skeleton of each ASCII character: a label of ASCII letters is skeletonized without ICU. */
    private static final String[] ASCII_SKELETON = new String[128];
    /** For each ASCII letter or digit, the code points (valid in an IDN label) with the same skeleton. */
    private static final int[][] LOOKALIKES = new int[128][];
    /** Scripts attackers use for homographs of Latin names; Latin letters with marks, Greek, Cyrillic, Armenian. */
    private static final int SCAN_FROM = 0x00C0;
    private static final int SCAN_TO = 0x0587;

    static {
        for (char c = 0; c < 128; c++) {
            ASCII_SKELETON[c] = CHECKER.getSkeleton(String.valueOf(c));
        }
        List<List<Integer>> found = new ArrayList<>();
        for (int i = 0; i < 128; i++) {
            found.add(new ArrayList<>());
        }
        for (int cp = SCAN_FROM; cp <= SCAN_TO; cp++) {
            if (!Character.isLetterOrDigit(cp)) {
                continue;
            }
            String text = new String(Character.toChars(cp));
            String skeleton = CHECKER.getSkeleton(text);
            for (char c = '0'; c <= 'z'; c++) {
                if (Character.isLetterOrDigit(c) && c == Character.toLowerCase(c) && ASCII_SKELETON[c].equals(skeleton)
                        && survivesIdna(text)) {
                    found.get(c).add(cp);
                }
            }
        }
        for (int c = 0; c < 128; c++) {
            LOOKALIKES[c] = found.get(c).stream().mapToInt(Integer::intValue).toArray();
        }
    }

    private Confusables() {
    }

    /** The UTS #39 skeleton of {@code text}; two strings with one skeleton are confusable. */
    public static String skeleton(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 128) {
                return CHECKER.getSkeleton(text);
            }
        }
        return asciiSkeleton(text);
    }

    /** The skeleton of an ASCII label, by table: the hot path of matching, ICU's result without its cost. */
    public static String asciiSkeleton(String ascii) {
        StringBuilder out = null;
        for (int i = 0; i < ascii.length(); i++) {
            String mapped = ASCII_SKELETON[ascii.charAt(i)];
            if (out == null) {
                if (mapped.length() == 1 && mapped.charAt(0) == ascii.charAt(i)) {
                    continue;
                }
                out = new StringBuilder(ascii.length() + 4).append(ascii, 0, i);
            }
            out.append(mapped);
        }
        return out == null ? ascii : out.toString();
    }

    /** Unicode code points that look like ASCII {@code c} and stay unchanged through IDNA (lower case, NFKC). */
    public static int[] lookalikes(char c) {
        return c < 128 && LOOKALIKES[c] != null ? LOOKALIKES[c].clone() : new int[0];
    }

    private static boolean survivesIdna(String text) {
        try {
            String label = "a" + text;
            return IDN.toUnicode(IDN.toASCII(label, IDN.ALLOW_UNASSIGNED), IDN.ALLOW_UNASSIGNED).equals(label);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
