package dev.mamori.phishing.lookalike;

/**
 * A generated lookalike of a brand domain.
 *
 * @param domain the candidate as a canonical A-label host name ({@code xn--...} for IDN homographs)
 * @param unicode the same for display ({@code mаmori.jp} with a Cyrillic а); equal to {@code domain} for ASCII
 * @param technique how it imitates the brand
 */
public record Candidate(String domain, String unicode, Technique technique) {
}
