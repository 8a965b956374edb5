package io.streamcast.app.messages;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;

/**
 * Writes a finite double as ASCII bytes: the shortest decimal that reads back as the same double, in the layout of
 * {@link Double#toString(double)} ({@code 1630.25}, {@code 0.001}, {@code 1.0E-5}, {@code 1.2345678E7}). The text is
 * exactly what jackson-core's fast double writer ({@code StreamWriteFeature.USE_FAST_DOUBLE_WRITER}) and Java 19+'s
 * {@code Double.toString} write; {@code DoubleTextTest} compares it with jackson-core's on a million doubles and the edges.
 *
 * <p>The decimal is found with Raffaello Giulietti's Schubfach algorithm ("The Schubfach way to render doubles",
 * 2020), as in the JDK and jackson-core; what is ours is the output: eight digits at a time straight into the caller's
 * byte array, where jackson-core builds a {@code String} per number that the generator then copies char by char.
 * The forecast path writes 111 numbers per input point (a forecast and a scored forecast), and that was a quarter
 * of its stream threads' time.
 */
final class DoubleText {
    /** Room needed from where a number starts: a sign, "0.00" and 17 digits, or 17 digits, a point and "E-324". */
    static final int MAX_LENGTH = 24;

    private static final int P = 53;
    private static final int Q_MIN = -1074;
    private static final long C_TINY = 3;
    private static final int K_MIN = -324;
    private static final int K_MAX = 292;
    private static final long C_MIN = 1L << (P - 1);
    private static final int BQ_MASK = 0x7ff;
    private static final long T_MASK = C_MIN - 1;
    private static final long MASK_63 = Long.MAX_VALUE;
    /** Digits of the decimal laid out, trailing zeros included. */
    private static final int H = 17;
    private static final long[] POW10 = new long[H + 2];

    /** g1 and g0 of each k in [K_MIN, K_MAX]: the high and low 63 bits of ⌊β⌋ + 1, where 10^-k = β·2^r, 2^125 ≤ β < 2^126. */
    private static final long[] G = table();
    private static final byte[] TWO_DIGITS = new byte[200];
    private static final long ASCII_ZEROS = 0x3030_3030_3030_3030L;
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = 10 * POW10[i - 1];
        }
        for (int i = 0; i < 100; i++) {
            TWO_DIGITS[2 * i] = (byte) ('0' + i / 10);
            TWO_DIGITS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    private DoubleText() {
    }

    /**
     * Writes {@code v} at {@code out[at]} ({@link #MAX_LENGTH} bytes of room needed) and returns the index after it.
     *
     * @throws IllegalArgumentException if {@code v} is NaN or infinite: JSON has no such numbers
     */
    static int write(double v, byte[] out, int at) {
        long bits = Double.doubleToRawLongBits(v);
        long t = bits & T_MASK;
        int bq = (int) (bits >>> (P - 1)) & BQ_MASK;
        if (bq == BQ_MASK) {
            throw new IllegalArgumentException("not a finite number: " + v);
        }
        int i = at;
        if (bits < 0) {
            out[i++] = '-';
        }
        if (bq != 0) {
            int mq = -Q_MIN + 1 - bq;
            long c = C_MIN | t;
            if (0 < mq && mq < P) {
                long f = c >> mq;
                if (f << mq == c) { // an integer below 2^53
                    return layout(f, 0, out, i);
                }
            }
            return decimal(-mq, c, 0, out, i);
        }
        if (t != 0) { // subnormal
            return t < C_TINY ? decimal(Q_MIN, 10 * t, -1, out, i) : decimal(Q_MIN, t, 0, out, i);
        }
        out[i++] = '0';
        out[i++] = '.';
        out[i++] = '0';
        return i;
    }

    /** The shortest decimal f·10^e of c·2^q (Schubfach's core), laid out. */
    private static int decimal(int q, long c, int dk, byte[] out, int at) {
        int odd = (int) c & 1;
        long cb = c << 2;
        long cbr = cb + 2;
        long cbl;
        int k;
        if (c != C_MIN || q == Q_MIN) {
            cbl = cb - 2;
            k = flog10pow2(q);
        } else {
            cbl = cb - 1;
            k = flog10threeQuartersPow2(q);
        }
        int h = q + flog2pow10(-k) + 2;
        long g1 = G[2 * (k - K_MIN)];
        long g0 = G[2 * (k - K_MIN) + 1];
        long vb = rop(g1, g0, cb << h);
        long vbl = rop(g1, g0, cbl << h);
        long vbr = rop(g1, g0, cbr << h);
        long s = vb >> 2;
        if (s >= 100) {
            long sp10 = 10 * Math.multiplyHigh(s, 115_292_150_460_684_698L << 4);
            long tp10 = sp10 + 10;
            boolean upin = vbl + odd <= sp10 << 2;
            boolean wpin = (tp10 << 2) + odd <= vbr;
            if (upin != wpin) {
                return layout(upin ? sp10 : tp10, k, out, at);
            }
        }
        long t = s + 1;
        boolean uin = vbl + odd <= s << 2;
        boolean win = (t << 2) + odd <= vbr;
        if (uin != win) {
            return layout(uin ? s : t, k + dk, out, at);
        }
        long cmp = vb - ((s + t) << 1);
        return layout(cmp < 0 || cmp == 0 && (s & 1) == 0 ? s : t, k + dk, out, at);
    }

    /**
     * Writes f·10^e (f > 0, at most 17 digits) as {@link Double#toString(double)} lays it out: with n significant
     * digits and f·10^e = 0.d1…dn·10^x, plain when 0 < x ≤ 7 ({@code 1630.25}; {@code 1.0E7} beyond),
     * {@code 0.00d1…dn} when -3 < x ≤ 0, otherwise {@code d1.d2…dnEx-1}; at least one digit after the point.
     */
    private static int layout(long f, int e, byte[] out, int at) {
        // f as 17 digits (zeros appended): h, then m and l of 8 digits each, as the JDK splits them
        int len = flog10pow2(Long.SIZE - Long.numberOfLeadingZeros(f));
        if (f >= POW10[len]) {
            len++;
        }
        f *= POW10[H - len];
        int x = e + len;
        long hm = Math.multiplyHigh(f, 193_428_131_138_340_668L) >>> 20; // f / 10^8
        int l = (int) (f - 100_000_000L * hm);
        int h = (int) (hm * 1_441_151_881L >>> 57); // hm / 10^8
        int m = (int) (hm - 100_000_000 * h);
        long mDigits = eightDigits(m);
        long lDigits = eightDigits(l);
        // significant digits: 17 less the zeros that end l's, and m's if l is all zeros (h is never 0)
        int n = H - (lDigits != 0 ? Long.numberOfLeadingZeros(lDigits) >>> 3
                : 8 + (mDigits != 0 ? Long.numberOfLeadingZeros(mDigits) >>> 3 : 8));
        if (0 < x && x <= 7) { // the 17 digits one to the right, the first x moved back left of the point
            seventeenDigits(h, mDigits, lDigits, out, at + 1);
            for (int i = at; i < at + x; i++) {
                out[i] = out[i + 1];
            }
            out[at + x] = '.';
            return at + Math.max(n + 1, x + 2);
        }
        if (-3 < x && x <= 0) {
            out[at] = '0';
            out[at + 1] = '.';
            int i = at + 2;
            for (int z = x; z < 0; z++) {
                out[i++] = '0';
            }
            seventeenDigits(h, mDigits, lDigits, out, i);
            return i + n;
        }
        seventeenDigits(h, mDigits, lDigits, out, at + 1);
        out[at] = out[at + 1];
        out[at + 1] = '.';
        int end = at + Math.max(n + 1, 3);
        out[end++] = 'E';
        int exp = x - 1;
        if (exp < 0) {
            out[end++] = '-';
            exp = -exp;
        }
        if (exp >= 100) {
            out[end++] = (byte) ('0' + exp / 100);
            exp %= 100;
            out[end++] = TWO_DIGITS[2 * exp];
            out[end++] = TWO_DIGITS[2 * exp + 1];
        } else if (exp >= 10) {
            out[end++] = TWO_DIGITS[2 * exp];
            out[end++] = TWO_DIGITS[2 * exp + 1];
        } else {
            out[end++] = (byte) ('0' + exp);
        }
        return end;
    }

    private static void seventeenDigits(int h, long mDigits, long lDigits, byte[] out, int at) {
        out[at] = (byte) ('0' + h);
        LONG_LE.set(out, at + 1, mDigits + ASCII_ZEROS);
        LONG_LE.set(out, at + 9, lDigits + ASCII_ZEROS);
    }

    /**
     * The 8 decimal digits of 0 ≤ v < 10^8 as the bytes of a long, the first digit in the lowest byte (SWAR: the
     * 4-digit halves, then the 2-digit quarters, then the digits, divided in parallel lanes by multiplication).
     */
    private static long eightDigits(int v) {
        int hi = v / 10_000;
        long x = hi | (long) (v - hi * 10_000) << 32; // 32-bit lanes: the first four digits, the last four
        long q = (x * 10_486 >>> 20) & 0x7f_0000_007fL; // each lane / 100
        long y = q | (x - q * 100) << 16; // 16-bit lanes of two digits each
        long t = (y * 103 >>> 10) & 0x000f_000f_000f_000fL; // each lane / 10
        return t | (y - t * 10) << 8; // a byte per digit
    }

    /** ⌊log10(2^e)⌋. */
    private static int flog10pow2(int e) {
        return (int) (e * 661_971_961_083L >> 41);
    }

    /** ⌊log10(3/4 · 2^e)⌋. */
    private static int flog10threeQuartersPow2(int e) {
        return (int) (e * 661_971_961_083L + -274_743_187_321L >> 41);
    }

    /** ⌊log2(10^e)⌋. */
    private static int flog2pow10(int e) {
        return (int) (e * 913_124_641_741L >> 38);
    }

    /** Round to odd of g·cp / 2^127, g = g1·2^63 + g0. */
    private static long rop(long g1, long g0, long cp) {
        long x1 = Math.multiplyHigh(g0, cp);
        long y0 = g1 * cp;
        long y1 = Math.multiplyHigh(g1, cp);
        long z = (y0 >>> 1) + x1;
        long vbp = y1 + (z >>> 63);
        return vbp | (z & MASK_63) + MASK_63 >>> 63;
    }

    private static long[] table() {
        long[] g = new long[2 * (K_MAX - K_MIN + 1)];
        BigInteger ten = BigInteger.TEN;
        for (int k = K_MIN; k <= K_MAX; k++) {
            int r = flog2pow10(-k) - 125; // 10^-k = β·2^r with 2^125 ≤ β < 2^126
            BigInteger num = ten.pow(Math.max(-k, 0)).shiftLeft(Math.max(-r, 0));
            BigInteger den = ten.pow(Math.max(k, 0)).shiftLeft(Math.max(r, 0));
            BigInteger beta = num.divide(den).add(BigInteger.ONE);
            g[2 * (k - K_MIN)] = beta.shiftRight(63).longValueExact();
            g[2 * (k - K_MIN) + 1] = beta.longValue() & MASK_63;
        }
        return g;
    }
}
