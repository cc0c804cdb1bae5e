package dev.mamori.risk.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic Japanese addresses: cardholders' homes, weighted by where people live, and fraud drop
 * addresses written the many ways people and reshippers write one address (full-width digits,
 * 丁目/番地/号 or hyphens, prefecture or postal code present or not, building and room spelled
 * differently). Every spelling of one address has the same canonical key under the risk module's
 * {@code JapaneseAddressNormalizer}, which is what the server's delivery-address features and
 * lists use; the unit tests check it.
 *
 * <p>Towns are real names; block numbers, buildings and postal codes are made up.
 */
public final class JapaneseAddresses {
    /** One town: prefecture, municipality, town, a plausible postal code, a romaji city for ISO field 43. */
    record Town(String prefecture, String city, String town, String postalCode, String romajiCity, int weight) {
    }

    static final List<Town> TOWNS = List.of(
            new Town("東京都", "世田谷区", "太子堂", "154-0004", "SETAGAYA", 6),
            new Town("東京都", "杉並区", "阿佐谷南", "166-0004", "SUGINAMI", 5),
            new Town("東京都", "江東区", "豊洲", "135-0061", "KOTO", 5),
            new Town("東京都", "練馬区", "石神井町", "177-0041", "NERIMA", 4),
            new Town("東京都", "新宿区", "高田馬場", "169-0075", "SHINJUKU", 4),
            new Town("神奈川県", "横浜市港北区", "日吉", "223-0061", "YOKOHAMA", 5),
            new Town("神奈川県", "川崎市中原区", "小杉町", "211-0063", "KAWASAKI", 4),
            new Town("埼玉県", "さいたま市浦和区", "高砂", "330-0063", "SAITAMA", 4),
            new Town("埼玉県", "川口市", "西川口", "332-0021", "KAWAGUCHI", 3),
            new Town("千葉県", "船橋市", "本町", "273-0005", "FUNABASHI", 3),
            new Town("千葉県", "市川市", "八幡", "272-0021", "ICHIKAWA", 2),
            new Town("大阪府", "大阪市北区", "天神橋", "530-0041", "OSAKA", 5),
            new Town("大阪府", "豊中市", "本町", "560-0021", "TOYONAKA", 3),
            new Town("愛知県", "名古屋市中区", "栄", "460-0008", "NAGOYA", 4),
            new Town("愛知県", "豊田市", "小坂本町", "471-0034", "TOYOTA", 2),
            new Town("北海道", "札幌市中央区", "南町", "064-0801", "SAPPORO", 3),
            new Town("福岡県", "福岡市中央区", "大名", "810-0041", "FUKUOKA", 3),
            new Town("兵庫県", "神戸市中央区", "元町通", "650-0022", "KOBE", 2),
            new Town("京都府", "京都市左京区", "田中里ノ前町", "606-8216", "KYOTO", 2),
            new Town("宮城県", "仙台市青葉区", "一番町", "980-0811", "SENDAI", 2));

    private static final String[] BUILDINGS = {"コーポ", "ハイツ", "メゾン", "パークハウス", "グランドール", "レジデンス"};
    private static final String[] BUILDING_SUFFIXES = {"さくら", "緑ヶ丘", "青葉", "エスポワール", "ひまわり", "朝日"};

    /** An address the generator knows the parts of, so it can write it several ways. */
    public static final class Address {
        final Town town;
        final int chome;
        final int ban;
        final int go;
        final String building; // null for a house
        final int room;

        Address(Town town, int chome, int ban, int go, String building, int room) {
            this.town = town;
            this.chome = chome;
            this.ban = ban;
            this.go = go;
            this.building = building;
            this.room = room;
        }

        public String prefecture() {
            return town.prefecture();
        }

        String romajiCity() {
            return town.romajiCity();
        }

        /** The usual way: 東京都世田谷区太子堂2丁目14-3 コーポさくら201. */
        public String standard() {
            return town.prefecture() + town.city() + town.town() + chome + "丁目" + ban + "-" + go + buildingPart(" ", "");
        }

        private String buildingPart(String space, String roomSuffix) {
            return building == null ? "" : space + building + room + roomSuffix;
        }

        /**
         * The ways this one address gets written: 番/号, all hyphens, full-width digits with the
         * prefecture left out, 番地, a postal code in front, 号室 after the room.
         */
        public List<String> spellings() {
            List<String> out = new ArrayList<>();
            out.add(standard());
            out.add(town.prefecture() + town.city() + town.town() + chome + "丁目" + ban + "番" + go + "号" + buildingPart(" ", ""));
            out.add(fullWidth(town.city() + town.town() + chome + "-" + ban + "-" + go + buildingPart("\u3000", "")));
            out.add(town.prefecture() + " " + town.city() + " " + town.town() + chome + "丁目" + ban + "番地" + go + buildingPart(" ", ""));
            out.add("〒" + town.postalCode() + " " + town.prefecture() + town.city() + town.town() + chome + "-" + ban + "-" + go
                    + buildingPart(" ", "号室"));
            return out;
        }

        @Override
        public String toString() {
            return standard();
        }
    }

    private JapaneseAddresses() {
    }

    /** A home address, towns weighted roughly by population; a third are houses, the rest flats. */
    static Address home(SplittableRandom random) {
        return random(random, pickTown(random));
    }

    /** An address in another town than {@code notHere} (a new delivery address for a taken-over account). */
    static Address elsewhere(SplittableRandom random, Address notHere) {
        Town town;
        do {
            town = pickTown(random);
        } while (town.equals(notHere.town));
        return random(random, town);
    }

    /** A drop address: always a flat (a reshipper's room). */
    static Address drop(SplittableRandom random) {
        Town town = pickTown(random);
        return new Address(town, 1 + random.nextInt(5), 1 + random.nextInt(30), 1 + random.nextInt(20),
                BUILDINGS[random.nextInt(BUILDINGS.length)] + BUILDING_SUFFIXES[random.nextInt(BUILDING_SUFFIXES.length)],
                100 * (1 + random.nextInt(6)) + 1 + random.nextInt(9));
    }

    private static Address random(SplittableRandom random, Town town) {
        boolean flat = random.nextInt(3) > 0;
        return new Address(town, 1 + random.nextInt(5), 1 + random.nextInt(30), 1 + random.nextInt(20),
                flat ? BUILDINGS[random.nextInt(BUILDINGS.length)] + BUILDING_SUFFIXES[random.nextInt(BUILDING_SUFFIXES.length)] : null,
                flat ? 100 * (1 + random.nextInt(8)) + 1 + random.nextInt(9) : 0);
    }

    private static Town pickTown(SplittableRandom random) {
        int total = 0;
        for (Town t : TOWNS) {
            total += t.weight();
        }
        int r = random.nextInt(total);
        for (Town t : TOWNS) {
            r -= t.weight();
            if (r < 0) {
                return t;
            }
        }
        return TOWNS.get(0);
    }

    /** ASCII digits and hyphens to their full-width forms (as Japanese input methods type them). */
    static String fullWidth(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            out.append(fullWidthChar(s.charAt(i)));
        }
        return out.toString();
    }

    private static char fullWidthChar(char c) {
        if (c >= '0' && c <= '9') {
            return (char) ('\uFF10' + (c - '0'));
        }
        return c == '-' ? '\uFF0D' : c;
    }
}
