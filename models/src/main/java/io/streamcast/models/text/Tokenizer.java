package io.streamcast.models.text;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits text into lower-case tokens, the same way for training and for the stream.
 *
 * <ul>
 *   <li>The text is first put in Unicode NFKC form (full-width letters, ligatures and the like become their plain
 *       forms) and lower-cased (locale-independent).</li>
 *   <li>A word is a run of letters, digits and combining marks, in any script; an apostrophe between two word
 *       characters stays in the word ({@code don't}).</li>
 *   <li>Han, Hiragana and Katakana characters are a token each: those scripts put no spaces between words.</li>
 *   <li>Every other visible character (punctuation, symbols, emoji) is a token of its own; a run of the same one is
 *       one token of at most three ({@code !!!!!} → {@code !!!}), since repetition itself carries signal.</li>
 *   <li>White space, control and format characters (zero-width joiners, soft hyphens) separate or vanish;
 *       unpaired surrogates are dropped.</li>
 *   <li>A token longer than {@value #MAX_TOKEN_CHARS} code points (a URL, a run of junk) keeps its first
 *       {@value #MAX_TOKEN_CHARS}.</li>
 * </ul>
 */
public final class Tokenizer {
    /** Code points kept of a token at most. */
    public static final int MAX_TOKEN_CHARS = 32;
    private static final int MAX_REPEAT = 3;

    private Tokenizer() {
    }

    /**
     * The tokens of a text, in order, at most {@code maxTokens}; with {@code fromEnd} the last ones.
     * Tokenising stops early when only the head is wanted, so a huge text costs no more than its head.
     */
    public static List<String> tokens(String text, int maxTokens, boolean fromEnd) {
        if (!fromEnd) {
            return tokens(text, maxTokens);
        }
        List<String> all = tokens(text, Integer.MAX_VALUE);
        return all.size() <= maxTokens ? all : new ArrayList<>(all.subList(all.size() - maxTokens, all.size()));
    }

    /** All tokens of a text (at most {@code limit}). */
    public static List<String> tokens(String text, int limit) {
        String s = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        int wordChars = 0;
        int i = 0;
        while (i < s.length() && out.size() < limit) {
            int cp = s.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (isIdeographic(cp)) {
                wordChars = flush(word, wordChars, out);
                out.add(new String(Character.toChars(cp)));
            } else if (isWordChar(cp) || (isApostrophe(cp) && wordChars > 0 && next < s.length() && isWordChar(s.codePointAt(next)))) {
                if (wordChars < MAX_TOKEN_CHARS) {
                    word.appendCodePoint(cp);
                }
                wordChars++;
            } else {
                wordChars = flush(word, wordChars, out);
                if (isVisibleSymbol(cp) && out.size() < limit) {
                    int repeat = 1;
                    while (next < s.length() && s.codePointAt(next) == cp) {
                        next += Character.charCount(cp);
                        repeat++;
                    }
                    out.add(new String(Character.toChars(cp)).repeat(Math.min(repeat, MAX_REPEAT)));
                }
            }
            i = next;
        }
        if (out.size() < limit) {
            flush(word, wordChars, out);
        }
        return out;
    }

    private static int flush(StringBuilder word, int wordChars, List<String> out) {
        if (wordChars > 0) {
            out.add(word.toString());
            word.setLength(0);
        }
        return 0;
    }

    static boolean isWordChar(int cp) {
        if (Character.isLetterOrDigit(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    private static boolean isApostrophe(int cp) {
        return cp == '\'' || cp == '\u2019';
    }

    private static boolean isIdeographic(int cp) {
        Character.UnicodeScript script = Character.UnicodeScript.of(cp);
        return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA;
    }

    private static boolean isVisibleSymbol(int cp) {
        if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || Character.isISOControl(cp)) {
            return false;
        }
        int type = Character.getType(cp);
        return type != Character.FORMAT && type != Character.SURROGATE && type != Character.UNASSIGNED
                && type != Character.PRIVATE_USE;
    }
}
