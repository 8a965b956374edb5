package io.streamcast.app.bench;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded synthetic text messages shaped like the SMS Spam Collection, so the text pipeline is measured on the lengths
 * and characters it will see without any data file: about one in eight is spam (long, capitals, prices, phone
 * numbers, short codes), the rest casual chat whose length has a long tail (median about 10 words, a few over 100,
 * so some reach the model's 128-token cut). Class 0 is ham, 1 spam.
 */
final class SmsLikeTexts implements ClassifierTarget.Examples {
    private static final double SPAM_SHARE = 0.13;
    private static final List<String> HAM = List.of("ok", "lor", "i'm", "going", "home", "now", "u", "ur", "coming",
            "later", "sorry", "can't", "talk", "call", "me", "when", "you", "are", "free", "see", "tomorrow", "at", "the",
            "office", "what", "time", "dinner", "tonight", "haha", "yeah", "just", "got", "back", "love", "miss", "da",
            "will", "be", "there", "in", "mins", "did", "get", "my", "message", "wat", "doing", "gonna", "sleep", "good",
            "morning", "night", "take", "care", "hope", "your", "day", "went", "well", "pls", "send", "address", "on",
            "way", "bus", "traffic", "meeting", "finished", "class", "exam", "tmr", "lunch", "and", "a", "to", "it", "is",
            "so", "that", "not", "have", "we", "still", "waiting", "for", "him", "her", "already", "dunno", "leh", "k",
            "thanks", "happy", "birthday", "movie", "shopping", "mum", "dad", "car", "late", "work", "anything", "else",
            "don't", "worry", "abt", "it's", "fine", "ya", "nice", "weekend", "plan", "reply", "asap", "oh", "wow");
    private static final List<String> SPAM = List.of("free", "prize", "win", "winner", "claim", "cash", "urgent",
            "mobile", "txt", "reply", "now", "call", "guaranteed", "award", "selected", "valued", "customer", "network",
            "offer", "latest", "camera", "phone", "ringtone", "stop", "service", "week", "chat", "sexy", "dating",
            "holiday", "voucher", "bonus", "entry", "draw", "tone", "update", "your", "you", "have", "been", "to", "a",
            "the", "for", "our", "only", "per", "msg", "landline", "delivery", "customer", "box", "code", "expires");
    private static final String[] PUNCTUATION = {".", ",", "?", "!", "..", ":)", "!!", " :-)", "?!"};

    @Override
    public ClassifierTarget.Example next(SplittableRandom random) {
        boolean spam = random.nextDouble() < SPAM_SHARE;
        return new ClassifierTarget.Example(spam ? spam(random) : ham(random), spam ? 1 : 0);
    }

    /** Chat: a log-normal number of words (median ~10), some capitalised, sentence ends, now and then a number. */
    static String ham(SplittableRandom random) {
        int words = (int) Math.max(1, Math.min(180, Math.round(Math.exp(2.3 + 0.75 * random.nextGaussian()))));
        StringBuilder b = new StringBuilder();
        boolean sentenceStart = true;
        for (int w = 0; w < words; w++) {
            if (w > 0) {
                b.append(' ');
            }
            String word = random.nextInt(25) == 0 ? Integer.toString(random.nextInt(1, 60)) : HAM.get(random.nextInt(HAM.size()));
            b.append(sentenceStart && random.nextBoolean() ? capitalised(word) : word);
            sentenceStart = false;
            if (random.nextInt(7) == 0 || w == words - 1 && random.nextBoolean()) {
                b.append(PUNCTUATION[random.nextInt(PUNCTUATION.length)]);
                sentenceStart = true;
            }
        }
        return b.toString();
    }

    /** An offer: 18-32 words, many in capitals, a price, a premium number, a short code to text. */
    static String spam(SplittableRandom random) {
        int words = random.nextInt(18, 33);
        StringBuilder b = new StringBuilder();
        for (int w = 0; w < words; w++) {
            if (w > 0) {
                b.append(' ');
            }
            switch (random.nextInt(14)) {
                case 0 -> b.append('£').append(random.nextInt(1, 20) * 50);
                case 1 -> b.append("09").append(String.format("%09d", random.nextLong(1_000_000_000L)));
                case 2 -> b.append(String.format("%05d", random.nextInt(100_000)));
                case 3 -> b.append(random.nextInt(1, 10) * 50).append("p/min");
                case 4 -> b.append("www.").append(SPAM.get(random.nextInt(SPAM.size()))).append(random.nextInt(100)).append(".com");
                default -> {
                    String word = SPAM.get(random.nextInt(SPAM.size()));
                    b.append(random.nextInt(3) == 0 ? word.toUpperCase(java.util.Locale.ROOT) : word);
                }
            }
            if (random.nextInt(6) == 0) {
                b.append(random.nextBoolean() ? "!" : ".");
            }
        }
        return b.toString();
    }

    private static String capitalised(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
