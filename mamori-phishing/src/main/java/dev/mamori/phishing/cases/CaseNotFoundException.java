package dev.mamori.phishing.cases;

/** The tenant has no case with that id (another tenant's case is not found either). */
public final class CaseNotFoundException extends RuntimeException {
    public CaseNotFoundException() {
        super("no such phishing case in this tenant");
    }
}
