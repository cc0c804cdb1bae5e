package dev.mamori.risk.lists;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Objects;

/**
 * Turns the many ways a Japanese delivery address is written into one canonical form, so that a
 * fraud drop address entered once matches however the next order spells it.
 *
 * <p>Without a gazetteer the normalizer cannot know which town names exist; it works on the shape
 * of the text instead. The rules, and what they cost, are listed in {@code package-info.java}. In
 * short: NFKC, case, separators and old kanji are unified; kanji numerals become arabic only where
 * they count something (before 丁目, 番, 号, 条..., or between separators), so 四谷, 九段 and 一番町
 * keep their names; prefecture, postal code, 大字/字 and the county are dropped; the rest is split
 * into locality, block number, building and room.
 *
 * <p>Stateless and thread-safe. Every call allocates a few short strings; there is no regex.
 */
public final class JapaneseAddressNormalizer {

    /** Longer input is cut here: no real address is this long, and the work stays bounded. */
    static final int MAX_INPUT_LENGTH = 512;

    private static final String[] PREFECTURES = {
        "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県", "群馬県",
        "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県",
        "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県",
        "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県", "香川県", "愛媛県", "高知県", "福岡県",
        "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県",
    };

    /**
     * Municipalities whose names begin with a prefecture's name without its suffix; the bare
     * prefecture name must not be stripped from them when the prefecture itself was omitted.
     * (The others, like 千葉市, 福島町, 愛知郡, are caught by the 市区町村郡 that follows.)
     */
    private static final String[] NAMES_STARTING_WITH_A_PREFECTURE = {"長野原", "大阪狭山"};

    /**
     * Place names whose numeral is followed by a block marker, so the shape rules would read it as
     * a number: 麻布十番 (港区) would become block 10. 一番町 and 八丁堀 need no entry: 番町 and 丁堀
     * are not markers.
     */
    private static final String[] NAMES_WITH_NUMERALS = {"麻布十番"};

    /** Kyoto's street directions (通り名): the official town name follows the last of them. */
    private static final String[] KYOTO_DIRECTIONS = {
        "上る", "上ル", "上がる", "上ガル", "下る", "下ル", "下がる", "下ガル",
        "西入る", "西入ル", "西入", "東入る", "東入ル", "東入",
    };

    private JapaneseAddressNormalizer() {
    }

    /** The canonical key of an address: {@code parse(address).key()}. */
    public static String normalize(String address) {
        return parse(address).key();
    }

    /** Takes an address apart. Never throws for any non-null input; unrecognised parts stay in the locality. */
    public static NormalizedAddress parse(String address) {
        Objects.requireNonNull(address, "address");
        String text = address.length() > MAX_INPUT_LENGTH ? address.substring(0, MAX_INPUT_LENGTH) : address;
        text = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        NormalizedAddress key = parseKey(text);
        if (key != null) {
            return key;
        }
        StringBuilder unified = unifyCharacters(text);
        stripPostalCodes(unified);
        String s = convertNumerals(unified);
        s = unifySeparators(s);
        s = completeGridAddress(s);
        return split(s);
    }

    /**
     * Whether a list entry covers an observed address: same locality and block number, the same
     * room if the entry names one, and the same prefecture if both name one. The building name is
     * never compared: it is often left out, abbreviated or written in katakana or English.
     */
    public static boolean matches(NormalizedAddress entry, NormalizedAddress observed) {
        if (!entry.isSpecific()
                || !entry.locality().equals(observed.locality())
                || !entry.blockNumber().equals(observed.blockNumber())) {
            return false;
        }
        if (!entry.room().isEmpty() && !entry.room().equals(observed.room())) {
            return false;
        }
        return entry.prefecture() == null || observed.prefecture() == null
                || entry.prefecture().equals(observed.prefecture());
    }

    // ---- step 1: characters -------------------------------------------------------------------

    /** Dashes to '-', punctuation and spaces to one ' ', old kanji to new, 々 expanded. */
    private static StringBuilder unifyCharacters(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (isDash(cp)) {
                out.append('-');
            } else if (cp == '々' || cp == 'ゝ' || cp == 'ヽ') {
                int n = out.length();
                if (n > 0 && out.charAt(n - 1) != ' ') {
                    out.append(out.charAt(n - 1));
                }
            } else if (Character.isLetterOrDigit(cp) || isKeptSymbol(cp)) {
                out.appendCodePoint(cp < 0x10000 ? KanjiVariants.canonical((char) cp) : cp);
            } else if (out.length() > 0 && out.charAt(out.length() - 1) != ' ') {
                out.append(' ');
            }
        }
        trimTrailingSpace(out);
        return out;
    }

    private static boolean isDash(int c) {
        switch (c) {
            case '-': case '‐': case '‑': case '‒': case '–': case '—': case '―': case '−':
            case '─': case '━': case '⁃': case '﹣': case '⎯': case '⏤': case '﹘':
                return true;
            default:
                return false;
        }
    }

    /** Symbols that mean something in an address although they are not letters. */
    private static boolean isKeptSymbol(int c) {
        return c == '〇' || c == '○' || c == '◯' || c == '〒' || c == 'ー' || c == '〜' || c == '~';
    }

    // ---- step 2: postal codes -----------------------------------------------------------------

    /** Removes {@code 〒100-0013}, {@code 100-0013} or {@code 1000013} at the start, and any 〒 code. */
    private static void stripPostalCodes(StringBuilder s) {
        stripPostalCodeAt(s, 0, false);
        for (int i = s.indexOf("〒"); i >= 0; i = s.indexOf("〒", i)) {
            stripPostalCodeAt(s, i, true);
        }
    }

    private static void stripPostalCodeAt(StringBuilder s, int start, boolean mustStrip) {
        int i = skipSpaces(s, start);
        boolean mark = i < s.length() && s.charAt(i) == '〒';
        if (mark) {
            i = skipSpaces(s, i + 1);
        }
        int end = postalCodeEnd(s, i);
        if (end > 0) {
            s.delete(start, skipSpaces(s, end));
        } else if (mark || mustStrip) {
            s.delete(start, i);
        }
    }

    /** End of a postal code starting at {@code i}, or -1. */
    private static int postalCodeEnd(CharSequence s, int i) {
        int d1 = digitsEnd(s, i);
        if (d1 - i == 7) {
            return d1 < s.length() && (s.charAt(d1) == '-') ? -1 : d1;
        }
        if (d1 - i != 3 || d1 >= s.length() || (s.charAt(d1) != '-' && s.charAt(d1) != 'ー')) {
            return -1;
        }
        int d2 = digitsEnd(s, d1 + 1);
        if (d2 - d1 - 1 != 4 || (d2 < s.length() && s.charAt(d2) == '-')) {
            return -1;
        }
        return d2;
    }

    // ---- step 3: kanji numerals ---------------------------------------------------------------

    /** Kanji numerals become arabic only where they count something; place names keep theirs. */
    private static String convertNumerals(CharSequence s) {
        int n = s.length();
        StringBuilder out = new StringBuilder(n);
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (kanjiDigit(c) < 0 && kanjiUnit(c) < 0) {
                out.append(c);
                i++;
                continue;
            }
            int j = i;
            boolean counts = false;
            while (j < n && (kanjiDigit(s.charAt(j)) >= 0 || kanjiUnit(s.charAt(j)) > 0)) {
                counts |= kanjiDigit(s.charAt(j)) != 0;
                j++;
            }
            // A run of zeros only (○○マンション) is a placeholder, never a number.
            if (counts && j - i <= 12 && isNumericContext(s, i, j) && !isInNameWithNumeral(s, i, j)) {
                appendArabic(out, s, i, j);
            } else {
                out.append(s, i, j);
            }
            i = j;
        }
        return out.toString();
    }

    /** Whether the run [from, to) is part of a place name that looks like a block number (麻布十番). */
    private static boolean isInNameWithNumeral(CharSequence s, int from, int to) {
        for (String name : NAMES_WITH_NUMERALS) {
            for (int start = Math.max(0, to - name.length()); start <= from; start++) {
                if (startsWith(s, start, name)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isNumericContext(CharSequence s, int from, int to) {
        int n = s.length();
        if (numericMarkerAt(s, to)) {
            return true;
        }
        if (to < n && (s.charAt(to) == '-' || isNumberSeparator(s.charAt(to))) && isNumeral(s, to + 1)) {
            return true;
        }
        if (from > 0 && (s.charAt(from - 1) == '-' || isNumberSeparator(s.charAt(from - 1)))
                && (isNumeral(s, from - 2) || endsWithBlockMarker(s, from - 1))) {
            return true;
        }
        return endsWithBlockMarker(s, from);
    }

    /** Something that follows a number: 丁目, 丁, 番地, 番 (not 番町), 号, 条, 線, 地割, 室, 階, 棟. */
    private static boolean numericMarkerAt(CharSequence s, int i) {
        if (i >= s.length()) {
            return false;
        }
        switch (s.charAt(i)) {
            case '号': case '条': case '線': case '室': case '階': case '棟':
                return true;
            case '丁':
                return isChomeMarker(s, i);
            case '番':
                return isBanMarker(s, i);
            case '地':
                return startsWith(s, i, "地割");
            default:
                return false;
        }
    }

    /** 丁目, or 丁 alone as in 新金岡町4丁1-8, but not the 丁 of 八丁堀. */
    private static boolean isChomeMarker(CharSequence s, int i) {
        if (startsWith(s, i, "丁目")) {
            return true;
        }
        if (i >= s.length() || s.charAt(i) != '丁') {
            return false;
        }
        if (i + 1 >= s.length()) {
            return true;
        }
        char next = s.charAt(i + 1);
        return next == ' ' || next == '-' || isAsciiDigit(next) || kanjiDigit(next) > 0;
    }

    /** 番 or 番地 as a block marker; 番町, 番丁, 番街, 番館 and 番通 are parts of names. */
    private static boolean isBanMarker(CharSequence s, int i) {
        if (i >= s.length() || s.charAt(i) != '番') {
            return false;
        }
        if (i + 1 >= s.length()) {
            return true;
        }
        char next = s.charAt(i + 1);
        return next != '町' && next != '丁' && next != '街' && next != '館' && next != '通';
    }

    /** Whether the text just before {@code end} is 丁目, 番地 or 番: the next number is a block number. */
    private static boolean endsWithBlockMarker(CharSequence s, int end) {
        return endsWith(s, end, "丁目") || endsWith(s, end, "番地") || endsWith(s, end, "番");
    }

    private static boolean isNumberSeparator(char c) {
        return c == 'の' || c == 'ノ' || c == '之' || c == 'ー' || c == '〜' || c == '~';
    }

    private static boolean isNumeral(CharSequence s, int i) {
        if (i < 0 || i >= s.length()) {
            return false;
        }
        char c = s.charAt(i);
        return isAsciiDigit(c) || kanjiDigit(c) > 0 || kanjiUnit(c) > 0 || c == '〇';
    }

    private static void appendArabic(StringBuilder out, CharSequence s, int from, int to) {
        boolean positional = false;
        for (int k = from; k < to; k++) {
            positional |= kanjiUnit(s.charAt(k)) > 0;
        }
        if (!positional) {
            // 五〇一 is read digit by digit.
            for (int k = from; k < to; k++) {
                out.append((char) ('0' + kanjiDigit(s.charAt(k))));
            }
            return;
        }
        // 千二百三十四: each unit multiplies the digit before it (or 1: 十一 = 11).
        long total = 0;
        long current = 0;
        for (int k = from; k < to; k++) {
            char c = s.charAt(k);
            int unit = kanjiUnit(c);
            if (unit > 0) {
                total += (current == 0 ? 1 : current) * unit;
                current = 0;
            } else {
                current = current * 10 + kanjiDigit(c);
            }
        }
        out.append(total + current);
    }

    /** The value of a kanji digit, 0 for the zeros (〇 零 and the ○ often typed for 〇), else -1. */
    static int kanjiDigit(char c) {
        switch (c) {
            case '〇': case '零': case '○': case '◯': return 0;
            case '一': case '壱': return 1;
            case '二': case '弐': return 2;
            case '三': case '参': return 3;
            case '四': return 4;
            case '五': return 5;
            case '六': return 6;
            case '七': return 7;
            case '八': return 8;
            case '九': return 9;
            default: return -1;
        }
    }

    private static int kanjiUnit(char c) {
        switch (c) {
            case '十': case '拾': return 10;
            case '百': return 100;
            case '千': return 1000;
            default: return -1;
        }
    }

    // ---- step 4: separators -------------------------------------------------------------------

    /** の, ー, 〜 between numbers (1の2, 5番地の3) become '-'; spaces around '-' and repeated '-' go. */
    private static String unifySeparators(String s) {
        int n = s.length();
        StringBuilder out = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (isNumberSeparator(c) && i + 1 < n && isAsciiDigit(s.charAt(i + 1))
                    && ((i > 0 && isAsciiDigit(s.charAt(i - 1))) || endsWithBlockMarker(s, i))) {
                c = '-';
            }
            int last = out.length() - 1;
            if (c == ' ' && ((last >= 0 && out.charAt(last) == '-') || (i + 1 < n && s.charAt(i + 1) == '-'))) {
                continue;
            }
            if (c == '-' && last >= 0 && out.charAt(last) == '-') {
                continue;
            }
            out.append(c);
        }
        return out.toString();
    }

    /**
     * Hokkaido grid addresses: 札幌 北1西2 and 北1条西2 are short for 北1条西2丁目, so the 条
     * and the 丁目 are written in (帯広's 西2条南9 likewise).
     */
    private static String completeGridAddress(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char first = s.charAt(i);
            if (!isCompassPoint(first)) {
                continue;
            }
            int d1 = digitsEnd(s, i + 1);
            if (d1 == i + 1) {
                continue;
            }
            boolean hasJo = d1 < n && s.charAt(d1) == '条';
            int second = hasJo ? d1 + 1 : d1;
            if (second >= n || !isPerpendicular(first, s.charAt(second))) {
                continue;
            }
            int d2 = digitsEnd(s, second + 1);
            if (d2 == second + 1 || (d2 < n && s.charAt(d2) == '条')) {
                continue;
            }
            boolean hasChome = isChomeMarker(s, d2);
            boolean bare = d2 == n || s.charAt(d2) == ' ' || s.charAt(d2) == '-';
            if ((hasJo && hasChome) || (!hasChome && !bare)) {
                return s; // complete already, or 西1番地: not a grid 丁目
            }
            return s.substring(0, d1) + "条" + s.substring(second, d2) + (hasChome ? "" : "丁目") + s.substring(d2);
        }
        return s;
    }

    private static boolean isCompassPoint(char c) {
        return c == '北' || c == '南' || c == '東' || c == '西';
    }

    private static boolean isPerpendicular(char first, char second) {
        boolean northSouth = first == '北' || first == '南';
        return northSouth ? (second == '東' || second == '西') : (second == '北' || second == '南');
    }

    // ---- step 5: structure --------------------------------------------------------------------

    private static NormalizedAddress split(String s) {
        int n = s.length();
        int blockStart = blockStart(s);

        StringBuilder block = new StringBuilder(12);
        String room = "";
        int parts = 0;
        int i = blockStart;
        int tailStart;
        while (true) {
            if (i >= n || !isAsciiDigit(s.charAt(i)) || parts == 3) {
                tailStart = i;
                break;
            }
            int j = digitsEnd(s, i);
            int roomMarker = roomMarkerLength(s, j);
            if (roomMarker > 0) {
                room = number(s, i, j);
                tailStart = j + roomMarker;
                break;
            }
            if (isNotBlockMarker(s, j)) {
                tailStart = i;
                break;
            }
            if (parts > 0) {
                block.append('-');
            }
            block.append(number(s, i, j));
            parts++;
            if (isChomeMarker(s, j)) {
                i = skipSeparators(s, j + (startsWith(s, j, "丁目") ? 2 : 1));
            } else if (startsWith(s, j, "番地")) {
                i = skipSeparators(s, j + 2);
            } else if (isBanMarker(s, j)) {
                i = skipSeparators(s, j + 1);
            } else if (j < n && s.charAt(j) == '号') {
                tailStart = j + 1;
                break;
            } else if (j + 1 < n && s.charAt(j) == '-' && isAsciiDigit(s.charAt(j + 1)) && parts < 3) {
                i = j + 1;
            } else {
                tailStart = j;
                break;
            }
        }

        String tail = s.substring(tailStart);
        String building;
        if (room.isEmpty()) {
            int[] found = findRoom(tail);
            if (found != null) {
                room = number(tail, found[0], found[1]);
                building = tail.substring(0, found[0]) + tail.substring(found[2]);
            } else {
                building = tail;
            }
        } else {
            building = tail;
        }

        String[] prefectureAndLocality = cleanLocality(lettersAndDigits(s, 0, blockStart));
        return new NormalizedAddress(prefectureAndLocality[0], prefectureAndLocality[1], block.toString(),
                lettersAndDigits(building, 0, building.length()), room);
    }

    /**
     * Prefecture, 大字/字, county and Kyoto street out; kana folded. Repeated until nothing changes
     * (one round is enough for real addresses), so that a key normalizes to itself.
     */
    private static String[] cleanLocality(String locality) {
        String prefecture = null;
        for (int round = 0; round < 4; round++) {
            String before = locality;
            String p = leadingPrefecture(locality);
            if (p != null) {
                prefecture = prefecture == null ? p : prefecture;
                locality = locality.substring(locality.startsWith(p) ? p.length() : p.length() - 1);
            }
            locality = locality.replace("大字", "").replace("字", "");
            locality = dropCounty(locality);
            locality = dropKyotoStreet(locality);
            locality = dropDaiBeforeChiwari(locality);
            locality = foldLocalityKana(locality);
            if (locality.equals(before)) {
                break;
            }
        }
        return new String[] {prefecture, locality};
    }

    /** The prefecture the locality starts with, written with or without its suffix, or null. */
    private static String leadingPrefecture(String locality) {
        for (String p : PREFECTURES) {
            if (locality.startsWith(p)) {
                return p;
            }
        }
        return barePrefecture(locality);
    }

    /**
     * Reads a key ({@code locality|block} or {@code locality|block|room号室}) back without
     * re-interpreting it, so {@code normalize(key)} is {@code key} even for odd localities.
     */
    private static NormalizedAddress parseKey(String text) {
        int bar1 = text.indexOf('|');
        if (bar1 < 0) {
            return null;
        }
        int bar2 = text.indexOf('|', bar1 + 1);
        int blockEnd = bar2 < 0 ? text.length() : bar2;
        if (text.indexOf('|', blockEnd + 1) >= 0 && bar2 >= 0) {
            return null;
        }
        int parts = 0;
        for (int i = bar1 + 1; i < blockEnd; ) {
            int d = digitsEnd(text, i);
            if (d == i || ++parts > 3) {
                return null;
            }
            if (d < blockEnd && (text.charAt(d) != '-' || d + 1 == blockEnd)) {
                return null;
            }
            i = d < blockEnd ? d + 1 : d;
        }
        String room = "";
        if (bar2 >= 0) {
            int d = digitsEnd(text, bar2 + 1);
            if (d == bar2 + 1 || !text.startsWith("号室", d) || d + 2 != text.length()) {
                return null;
            }
            room = number(text, bar2 + 1, d);
        }
        StringBuilder block = new StringBuilder();
        for (int i = bar1 + 1; i < blockEnd; ) {
            int d = digitsEnd(text, i);
            block.append(block.length() == 0 ? "" : "-").append(number(text, i, d));
            i = d + 1;
        }
        StringBuilder locality = new StringBuilder(bar1);
        for (int i = 0; i < bar1; i++) {
            locality.append(KanjiVariants.canonical(text.charAt(i)));
        }
        String[] prefectureAndLocality = cleanLocality(lettersAndDigits(locality, 0, locality.length()));
        return new NormalizedAddress(prefectureAndLocality[0], prefectureAndLocality[1], block.toString(), "", room);
    }

    /** Where the block number starts: the first number that is not part of a 条, 線, 地割 or 番町 name. */
    private static int blockStart(String s) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            if (!isAsciiDigit(s.charAt(i))) {
                i++;
                continue;
            }
            int j = digitsEnd(s, i);
            if (j < n && (s.charAt(j) == '条' || s.charAt(j) == '線' || startsWith(s, j, "地割")
                    || (s.charAt(j) == '番' && !isBanMarker(s, j)))) {
                i = j;
                continue;
            }
            return i;
        }
        return n;
    }

    /** 号室, 室 (and 号 in the tail) after a number make it a room number. */
    private static int roomMarkerLength(CharSequence s, int j) {
        if (startsWith(s, j, "号室")) {
            return 2;
        }
        return startsWith(s, j, "室") ? 1 : 0;
    }

    /** Numbers that name a floor or a building, not a block or a room: 5階, 5f, 2号棟, 3号館, 2棟, 1番館. */
    private static boolean isNotBlockMarker(CharSequence s, int j) {
        if (j >= s.length()) {
            return false;
        }
        char c = s.charAt(j);
        if (c == '階' || c == '棟' || c == '館') {
            return true;
        }
        if (c == 'f') {
            return j + 1 >= s.length() || !Character.isLetter(s.charAt(j + 1)) || startsWith(s, j, "fl");
        }
        return startsWith(s, j, "号棟") || startsWith(s, j, "号館") || startsWith(s, j, "番館");
    }

    /**
     * The room number in what follows the block number: the last number marked 号室, 室 or 号, else the
     * last bare number that stands alone (after a space or '-') or has three or more digits.
     * Returns {start, end of digits, end of marker} or null.
     */
    private static int[] findRoom(String t) {
        int m = t.length();
        int[] marked = null;
        int[] bare = null;
        int k = 0;
        while (k < m) {
            if (!isAsciiDigit(t.charAt(k))) {
                k++;
                continue;
            }
            int e = digitsEnd(t, k);
            int marker = roomMarkerLength(t, e);
            if (marker == 0 && e < m && t.charAt(e) == '号' && !isNotBlockMarker(t, e)) {
                marker = 1;
            }
            if (marker > 0) {
                marked = new int[] {k, e, e + marker};
            } else if (!isNotBlockMarker(t, e)) {
                boolean endsAlone = e == m || t.charAt(e) == ' ' || t.charAt(e) == '-';
                boolean startsAlone = k == 0 || t.charAt(k - 1) == ' ' || t.charAt(k - 1) == '-';
                if (endsAlone && (startsAlone || e - k >= 3)) {
                    bare = new int[] {k, e, e};
                }
            }
            k = e;
        }
        return marked != null ? marked : bare;
    }

    /** The prefecture written without its suffix at the start (東京千代田区), or null. */
    private static String barePrefecture(String locality) {
        for (String name : NAMES_STARTING_WITH_A_PREFECTURE) {
            if (locality.startsWith(name)) {
                return null;
            }
        }
        for (String p : PREFECTURES) {
            if (p.equals("北海道")) {
                continue;
            }
            int len = p.length() - 1;
            if (locality.length() > len && locality.regionMatches(0, p, 0, len)) {
                char next = locality.charAt(len);
                if (next == '市' || next == '区' || next == '町' || next == '村' || next == '郡') {
                    return null; // 千葉市, 福島町, 愛知郡: the city has the prefecture's name
                }
                return p;
            }
        }
        return null;
    }

    /** 虻田郡倶知安町 → 倶知安町; the county is often left out and never tells towns apart. */
    private static String dropCounty(String locality) {
        int g = locality.indexOf('郡');
        if (g < 1 || g > 4) {
            return locality;
        }
        String county = locality.substring(0, g);
        String rest = locality.substring(g + 1);
        boolean namedLikeACity = county.equals("余市") || county.equals("高市");
        char last = county.charAt(county.length() - 1);
        // 八頭町郡家: a town, then a district whose name starts with 郡. 東村山郡 is a county.
        if (!namedLikeACity && (last == '市' || last == '区' || last == '町' || last == '村'
                || county.indexOf('市') >= 0 || county.indexOf('区') >= 0)) {
            return locality;
        }
        // 小郡市 and 大和郡山市 are cities, not counties.
        if (rest.isEmpty() || rest.startsWith("市") || rest.startsWith("山市")) {
            return locality;
        }
        return rest;
    }

    /**
     * Kyoto: 中京区寺町通御池上る上本能寺前町 → 中京区上本能寺前町. The street and direction before the
     * town are customary and optional; the town name after the last direction is the address.
     */
    private static String dropKyotoStreet(String locality) {
        int start = -1;
        int end = -1;
        for (String w : KYOTO_DIRECTIONS) {
            int at = locality.lastIndexOf(w);
            if (at >= 0 && at + w.length() > end) {
                start = at;
                end = at + w.length();
            }
        }
        if (end < 0 || end >= locality.length()) {
            return locality; // no direction, or no town after it: keep the street as the best name we have
        }
        int ward = locality.lastIndexOf('区', start);
        if (ward < 0) {
            ward = locality.lastIndexOf('市', start);
        }
        return locality.substring(0, ward + 1) + locality.substring(end);
    }

    /** 第1地割 → 1地割 (Iwate), so both spellings agree. */
    private static String dropDaiBeforeChiwari(String locality) {
        int at = locality.indexOf('第');
        while (at >= 0) {
            int d = digitsEnd(locality, at + 1);
            if (d > at + 1 && startsWith(locality, d, "地割")) {
                locality = locality.substring(0, at) + locality.substring(at + 1);
            }
            at = locality.indexOf('第', at + 1);
        }
        return locality;
    }

    /**
     * Drops the connecting kana of place names (霞ヶ関, 霞ケ関, 霞が関 → 霞関; 四ツ谷 → 四谷;
     * 一ノ瀬 → 一瀬) when it stands between two kanji, and folds katakana to hiragana.
     */
    private static String foldLocalityKana(String locality) {
        StringBuilder out = new StringBuilder(locality.length());
        int prev = -1;
        for (int i = 0; i < locality.length(); ) {
            int cp = locality.codePointAt(i);
            i += Character.charCount(cp);
            int next = i < locality.length() ? locality.codePointAt(i) : -1;
            if (isConnective(cp) && isHan(prev) && isHan(next)) {
                prev = cp;
                continue;
            }
            prev = cp;
            out.appendCodePoint(cp >= 'ァ' && cp <= 'ヶ' ? cp - 0x60 : cp);
        }
        return out.toString();
    }

    private static boolean isConnective(int c) {
        switch (c) {
            case 'ヶ': case 'ケ': case 'ヵ': case 'カ': case 'が': case 'ガ': case '个': case '箇':
            case 'ノ': case 'の': case '之': case 'ッ': case 'ツ': case 'つ':
                return true;
            default:
                return false;
        }
    }

    private static boolean isHan(int cp) {
        return cp >= 0 && !isConnective(cp) && Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN;
    }

    // ---- small helpers ------------------------------------------------------------------------

    private static String number(CharSequence s, int from, int to) {
        while (from < to - 1 && s.charAt(from) == '0') {
            from++;
        }
        return s.subSequence(from, to).toString();
    }

    private static String lettersAndDigits(CharSequence s, int from, int to) {
        StringBuilder out = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (Character.isLetterOrDigit(c) || Character.isSurrogate(c) || c == '〇') {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static int skipSeparators(CharSequence s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '-')) {
            i++;
        }
        return i;
    }

    private static int skipSpaces(CharSequence s, int i) {
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static int digitsEnd(CharSequence s, int i) {
        while (i < s.length() && isAsciiDigit(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean startsWith(CharSequence s, int at, String prefix) {
        if (at < 0 || at + prefix.length() > s.length()) {
            return false;
        }
        for (int k = 0; k < prefix.length(); k++) {
            if (s.charAt(at + k) != prefix.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static boolean endsWith(CharSequence s, int end, String suffix) {
        return startsWith(s, end - suffix.length(), suffix);
    }

    private static void trimTrailingSpace(StringBuilder s) {
        int n = s.length();
        if (n > 0 && s.charAt(n - 1) == ' ') {
            s.setLength(n - 1);
        }
    }
}
