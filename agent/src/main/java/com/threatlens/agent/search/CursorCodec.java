package com.threatlens.agent.search;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.threatlens.sidecar.ApiException;

/**
 * Opaque, tamper-evident cursors. A cursor holds the next page's number and the sort key of the
 * last row served ({@code updated_at}, {@code id}), plus a digest of the search's filter, signed
 * with HMAC-SHA256 under a key made at start-up: a changed cursor, one from another search and one
 * from before a restart are all refused with a 400, never run.
 */
final class CursorCodec {

    private static final String ALGORITHM = "HmacSHA256";
    private static final int SIGNATURE_BYTES = 16;
    private static final int FILTER_BYTES = 8;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;

    CursorCodec() {
        this(randomKey());
    }

    CursorCodec(byte[] key) {
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    String encode(SearchFilter filter, SearchPosition next) {
        byte[] updatedAt = next.afterUpdatedAt().getBytes(StandardCharsets.UTF_8);
        ByteBuffer body = ByteBuffer.allocate(FILTER_BYTES + 4 + 8 + updatedAt.length);
        body.put(filter.fingerprint(), 0, FILTER_BYTES).putInt(next.page()).putLong(next.afterId()).put(updatedAt);
        byte[] bytes = body.array();
        return ENCODER.encodeToString(bytes) + "." + ENCODER.encodeToString(sign(bytes));
    }

    /** The position a cursor points to; a 400 unless it was made by this agent for this filter. */
    SearchPosition decode(SearchFilter filter, String cursor) {
        int dot = cursor.indexOf('.');
        byte[] bytes;
        byte[] signature;
        try {
            bytes = DECODER.decode(cursor.substring(0, Math.max(dot, 0)));
            signature = DECODER.decode(cursor.substring(dot + 1));
        } catch (IllegalArgumentException notBase64) {
            throw refused("it is not a cursor this agent made");
        }
        // Base64's last character may carry unused bits: only the one spelling this agent made is accepted.
        boolean canonical = cursor.equals(ENCODER.encodeToString(bytes) + "." + ENCODER.encodeToString(signature));
        if (dot < 0 || !canonical || bytes.length < FILTER_BYTES + 12 || !MessageDigest.isEqual(sign(bytes), signature)) {
            throw refused("it is not a cursor this agent made (or was made before the agent restarted)");
        }
        ByteBuffer body = ByteBuffer.wrap(bytes);
        byte[] filterBytes = new byte[FILTER_BYTES];
        body.get(filterBytes);
        if (!MessageDigest.isEqual(filterBytes, Arrays.copyOf(filter.fingerprint(), FILTER_BYTES))) {
            throw refused("it belongs to another search; a cursor only works with the parameters of its own search");
        }
        int page = body.getInt();
        long id = body.getLong();
        byte[] updatedAt = new byte[body.remaining()];
        body.get(updatedAt);
        return SearchPosition.after(page, new String(updatedAt, StandardCharsets.UTF_8), id);
    }

    private byte[] sign(byte[] bytes) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return Arrays.copyOf(mac.doFinal(bytes), SIGNATURE_BYTES);
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static ApiException refused(String why) {
        return ApiException.badParameter("cursor", "refused: " + why
            + "; start again without a cursor and follow each page's next_cursor");
    }
}
