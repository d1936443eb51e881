package io.kulta.events;

import java.security.SecureRandom;
import java.time.Instant;

/** ULIDs (48-bit millisecond time + 80 random bits, Crockford base32): sortable ids, as KULTA's occurrences use. */
public final class Ulid {
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ulid() {
    }

    public static String at(Instant time) {
        char[] out = new char[26];
        long millis = time.toEpochMilli();
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (millis & 31)];
            millis >>>= 5;
        }
        for (int i = 10; i < 26; i++) out[i] = ALPHABET[RANDOM.nextInt(32)];
        return new String(out);
    }
}
