package dev.mamori.risk.lists;

import java.util.Arrays;

/**
 * Old (旧字体) and variant (異体字) kanji that appear in place names and personal addresses, each
 * mapped to the form used in today's official addresses. NFKC already folds the CJK compatibility
 * ideographs that have a canonical equivalent; these are the ones it leaves alone.
 */
final class KanjiVariants {

    // Pairs: OLD.charAt(i) is written NEW.charAt(i). Kept as two strings so the table reads as data.
    private static final String OLD =
            "﨑嵜碕髙邊邉澤廣濱濵齋齊斎龍國櫻舘冨嶋嶌峯邨舩薗冝靏"
            + "亞惡壓圍醫爲壹隱榮營衞驛圓鹽應歐毆奧假價畫會壞懷繪擴覺學嶽樂關觀歡氣歸龜舊據擧峽狹曉區驅"
            + "徑莖惠溪經輕繼鷄藝缺劍儉檢權縣顯險驗嚴鑛號濟碎雜參蠶慘殘絲齒兒濕實寫釋壽收從澁獸縱肅處敍"
            + "將燒稱證乘條剩淨壤孃讓釀觸寢眞愼盡圖粹醉穗隨髓樞數聲靜攝竊專戰淺潛錢禪雙莊搜插爭總藏臟騷"
            + "屬續對體帶滯臺瀧擇單膽團彈斷遲癡蟲晝鑄廳聽鎭遞鐵轉點傳燈當黨盜稻鬪獨讀貳惱腦霸廢拜賣麥發"
            + "髮拔蠻祕拂佛竝邊變辨瓣辯舖寶豐襃沒飜萬滿默彌藥譯豫餘與譽搖樣謠來亂覽兩獵壘勵禮隸靈齡戀爐"
            + "勞樓灣德增槇曾藪渕檜籠萠";
    private static final String NEW =
            "崎崎崎高辺辺沢広浜浜斉斉斉竜国桜館富島島峰村船園宜鶴"
            + "亜悪圧囲医為壱隠栄営衛駅円塩応欧殴奥仮価画会壊懐絵拡覚学岳楽関観歓気帰亀旧拠挙峡狭暁区駆"
            + "径茎恵渓経軽継鶏芸欠剣倹検権県顕険験厳鉱号済砕雑参蚕惨残糸歯児湿実写釈寿収従渋獣縦粛処叙"
            + "将焼称証乗条剰浄壌嬢譲醸触寝真慎尽図粋酔穂随髄枢数声静摂窃専戦浅潜銭禅双荘捜挿争総蔵臓騒"
            + "属続対体帯滞台滝択単胆団弾断遅痴虫昼鋳庁聴鎮逓鉄転点伝灯当党盗稲闘独読弐悩脳覇廃拝売麦発"
            + "髪抜蛮秘払仏並辺変弁弁弁舗宝豊褒没翻万満黙弥薬訳予余与誉揺様謡来乱覧両猟塁励礼隷霊齢恋炉"
            + "労楼湾徳増槙曽薮淵桧篭萌";

    private static final char[] FROM;
    private static final char[] TO;

    static {
        if (OLD.length() != NEW.length()) {
            throw new ExceptionInInitializerError("kanji variant table is misaligned");
        }
        // Sort by the old form so lookups are a binary search on a primitive array.
        Integer[] order = new Integer[OLD.length()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Character.compare(OLD.charAt(a), OLD.charAt(b)));
        char[] from = new char[order.length];
        char[] to = new char[order.length];
        int n = 0;
        for (Integer i : order) {
            char old = OLD.charAt(i);
            if (n > 0 && from[n - 1] == old) {
                continue; // a character listed twice (邊) maps the same way both times
            }
            from[n] = old;
            to[n] = NEW.charAt(i);
            n++;
        }
        FROM = Arrays.copyOf(from, n);
        TO = Arrays.copyOf(to, n);
    }

    private KanjiVariants() {
    }

    /** The official form of {@code c}, or {@code c} itself. */
    static char canonical(char c) {
        if (c < 0x4E00) {
            return c; // kana, Latin, digits: the common case returns at once
        }
        int at = Arrays.binarySearch(FROM, c);
        return at >= 0 ? TO[at] : c;
    }
}
