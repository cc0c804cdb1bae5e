package dev.mamori.phishing.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TagListTest {
    @Test
    void parsesTagsWithFoldingWhitespaceAndTrailingSemicolon() throws Exception {
        TagList tags = TagList.parse(" v=1;\r\n a = rsa-sha256 ;b=ab\r\n cd;");
        assertThat(tags.get("v")).isEqualTo("1");
        assertThat(tags.get("a")).isEqualTo("rsa-sha256");
        assertThat(TagList.stripFws(tags.get("b"))).isEqualTo("abcd");
        assertThat(tags.firstName()).isEqualTo("v");
    }

    @Test
    void allowsEmptyValues() throws Exception {
        assertThat(TagList.parse("p=").get("p")).isEmpty();
    }

    @Test
    void rejectsDuplicateTags() {
        assertThatThrownBy(() -> TagList.parse("a=1; a=2")).isInstanceOf(DkimSyntaxException.class)
                .hasMessageContaining("twice");
    }

    @Test
    void rejectsTagsWithoutEquals() {
        assertThatThrownBy(() -> TagList.parse("v=1; bogus")).isInstanceOf(DkimSyntaxException.class);
    }

    @Test
    void rejectsBadTagNamesAndEmptySpecs() {
        assertThatThrownBy(() -> TagList.parse("1a=x")).isInstanceOf(DkimSyntaxException.class);
        assertThatThrownBy(() -> TagList.parse("a=x;;b=y")).isInstanceOf(DkimSyntaxException.class);
        assertThatThrownBy(() -> TagList.parse("a=x\u0001")).isInstanceOf(DkimSyntaxException.class);
    }
}
