package dev.mamori.vault;

import java.time.YearMonth;

/** The month and year printed on a card; the card is valid through the last day of that month. */
public record CardExpiry(int month, int year) {
    public CardExpiry {
        if (month < 1 || month > 12) {
            throw new InvalidCardException("expiryMonth", "range", "expiry month must be 1 to 12");
        }
        if (year < 2000 || year > 2099) {
            throw new InvalidCardException("expiryYear", "range", "expiry year must be four digits, 2000 to 2099");
        }
    }

    public boolean isExpiredIn(YearMonth current) {
        return YearMonth.of(year, month).isBefore(current);
    }
}
