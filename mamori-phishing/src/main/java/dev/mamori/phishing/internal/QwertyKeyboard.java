package dev.mamori.phishing.internal;

/** Neighbouring keys on a QWERTY keyboard (the layout used in Japan for romaji and domain names too). */
public final class QwertyKeyboard {
    private static final String[] ROWS = {"1234567890-", "qwertyuiop", "asdfghjkl", "zxcvbnm"};
    private static final String[] NEIGHBOURS = new String[128];

    static {
        for (int row = 0; row < ROWS.length; row++) {
            for (int col = 0; col < ROWS[row].length(); col++) {
                StringBuilder near = new StringBuilder();
                for (int r = Math.max(0, row - 1); r <= Math.min(ROWS.length - 1, row + 1); r++) {
                    // Rows are staggered: the keys above and below a key sit at col and col±1.
                    for (int c = col - 1; c <= col + 1; c++) {
                        if ((r != row || c != col) && c >= 0 && c < ROWS[r].length()) {
                            near.append(ROWS[r].charAt(c));
                        }
                    }
                }
                NEIGHBOURS[ROWS[row].charAt(col)] = near.toString();
            }
        }
    }

    private QwertyKeyboard() {
    }

    /** The keys around {@code key} (letters, digits, hyphen), or "" for anything else. */
    public static String neighbours(char key) {
        return key < 128 && NEIGHBOURS[key] != null ? NEIGHBOURS[key] : "";
    }
}
