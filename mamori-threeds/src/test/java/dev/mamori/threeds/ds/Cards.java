package dev.mamori.threeds.ds;

/** Test card numbers with a valid Luhn check digit. */
public final class Cards {
    private Cards() {
    }

    /** {@code body} plus its Luhn check digit. */
    public static String luhn(String body) {
        int sum = 0;
        boolean twice = true;
        for (int i = body.length() - 1; i >= 0; i--) {
            int d = body.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return body + (10 - sum % 10) % 10;
    }
}
