package io.streamcast.models.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenizerTest {

    private static List<String> tokens(String text) {
        return Tokenizer.tokens(text, Integer.MAX_VALUE);
    }

    @Test
    void shouldLowerCaseAndSplitWordsFromPunctuation() {
        assertThat(tokens("Free entry in 2 a wkly comp to win FA Cup final tkts 21st May 2005."))
                .containsExactly("free", "entry", "in", "2", "a", "wkly", "comp", "to", "win", "fa", "cup", "final",
                        "tkts", "21st", "may", "2005", ".");
    }

    @Test
    void shouldKeepAnApostropheInsideAWordOnly() {
        assertThat(tokens("Don't 'quote' it’s")).containsExactly("don't", "'", "quote", "'", "it’s");
    }

    @Test
    void shouldCollapseARunOfTheSameSymbolToAtMostThree() {
        assertThat(tokens("WIN!!!!!! now?? £££")).containsExactly("win", "!!!", "now", "??", "£££");
    }

    @Test
    void shouldFoldCompatibilityFormsAndKeepAccentsAndOtherScripts() {
        // full-width Latin letters and the "ﬁ" ligature fold to plain letters under NFKC
        assertThat(tokens("ＦＲＥＥ ﬁne Café Ελληνικά привет")).containsExactly("free", "fine", "café", "ελληνικά", "привет");
    }

    @Test
    void shouldKeepCombiningMarksInTheirWord() {
        // Devanagari vowel signs are combining marks: the word must not break at them
        assertThat(tokens("नमस्ते दुनिया")).containsExactly("नमस्ते", "दुनिया");
    }

    @Test
    void shouldSplitIdeographicScriptsIntoCharacters() {
        assertThat(tokens("東京タワーへ行く")).containsExactly("東", "京", "タ", "ワ", "ー", "へ", "行", "く");
    }

    @Test
    void shouldKeepEmojiAsTokensAndDropJoinersAndControls() {
        assertThat(tokens("ok 😀😀\u200d\u0007done")).containsExactly("ok", "😀😀", "done");
    }

    @Test
    void shouldGiveNoTokensForEmptyOrBlankText() {
        assertThat(tokens("")).isEmpty();
        assertThat(tokens(" \t\n\u00a0 ")).isEmpty();
    }

    @Test
    void shouldDropUnpairedSurrogates() {
        assertThat(tokens("a\ud800b \udc00")).containsExactly("a", "b");
    }

    @Test
    void shouldStopAtTheLimitOnAVeryLongText() {
        String huge = "word ".repeat(1_000_000);

        List<String> head = Tokenizer.tokens(huge, 64, false);

        assertThat(head).hasSize(64).allMatch("word"::equals);
    }

    @Test
    void shouldKeepTheLastTokensWhenCuttingFromTheEnd() {
        assertThat(Tokenizer.tokens("a b c d e", 2, true)).containsExactly("d", "e");
        assertThat(Tokenizer.tokens("a b c d e", 2, false)).containsExactly("a", "b");
    }

    @Test
    void shouldCutAVeryLongTokenToItsStart() {
        String url = "http" + "x".repeat(10_000);

        List<String> t = tokens(url + " end");

        assertThat(t).hasSize(2);
        assertThat(t.get(0)).hasSize(Tokenizer.MAX_TOKEN_CHARS).startsWith("httpxx");
        assertThat(t.get(1)).isEqualTo("end");
    }
}
