package dev.mamori.risk.rules;

/** A 1-based line and column in the rule text. */
record Pos(int line, int column) {
    @Override
    public String toString() {
        return "line " + line + ", column " + column;
    }
}
