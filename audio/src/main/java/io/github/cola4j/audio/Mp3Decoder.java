package io.github.cola4j.audio;

import io.github.cola4j.audio.AudioDecodeException.Reason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * MPEG-1, MPEG-2 and MPEG-2.5 Layer III decoding to mono (the mean of the channels), with
 * {@link Mp3FrameDecoder}.
 *
 * <p>A decoder that trusts the first sync word it finds happily "decodes" random bytes, so this class first
 * walks the frame headers itself: a stream must start with several chained frames of one version,
 * layer and sample rate; a frame that runs past the end of the file means the file is truncated. ID3v2 tags
 * in front are skipped; a Xing/Info frame is not decoded, and the encoder delay and padding in a LAME tag are
 * removed, so the samples line up with what {@code lame --decode} writes.
 */
final class Mp3Decoder {

    private static final int[][] BITRATES = {
        {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, -1}, // MPEG-1 Layer III
        {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, -1}, // MPEG-2/2.5 Layer III
    };
    private static final int[][] RATES = {
        {44100, 48000, 32000}, // MPEG-1
        {22050, 24000, 16000}, // MPEG-2
        {11025, 12000, 8000}, // MPEG-2.5
    };
    /** Consecutive well-formed frames needed before a sync word is believed. */
    private static final int CHAIN = 4;
    /** The decoder delay of a standard Layer III decoder, in samples (lame --decode removes it). */
    private static final int DECODER_DELAY = 529;

    private Mp3Decoder() {
    }

    /** A parsed frame header. version: 0 MPEG-1, 1 MPEG-2, 2 MPEG-2.5. */
    private record FrameHeader(int version, int rateIndex, int rate, int channels, int length, int samples,
            boolean crc) {
        boolean sameStream(FrameHeader o) {
            return version == o.version && rate == o.rate;
        }
    }

    /** Parses a Layer III header at {@code p}, or returns null. */
    private static FrameHeader header(byte[] b, int p, int end) {
        if (p + 4 > end) {
            return null;
        }
        int h = ((b[p] & 0xff) << 24) | ((b[p + 1] & 0xff) << 16) | ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff);
        if ((h >>> 21) != 0x7ff) {
            return null;
        }
        int vbits = (h >>> 19) & 3;
        int layer = (h >>> 17) & 3;
        int brIndex = (h >>> 12) & 15;
        int srIndex = (h >>> 10) & 3;
        if (vbits == 1 || layer != 1 || brIndex == 0 || brIndex == 15 || srIndex == 3) {
            return null;
        }
        int version = vbits == 3 ? 0 : vbits == 2 ? 1 : 2;
        int rate = RATES[version][srIndex];
        int bitrate = BITRATES[version == 0 ? 0 : 1][brIndex] * 1000;
        int padding = (h >>> 9) & 1;
        int length = (version == 0 ? 144 : 72) * bitrate / rate + padding;
        int channels = ((h >>> 6) & 3) == 3 ? 1 : 2;
        return new FrameHeader(version, srIndex, rate, channels, length, version == 0 ? 1152 : 576,
                ((h >>> 16) & 1) == 0);
    }

    /** True when a frame starts at {@code p} followed by {@code CHAIN - 1} more of the same stream (or the end). */
    private static boolean chained(byte[] b, int p, int end) {
        FrameHeader first = header(b, p, end);
        if (first == null) {
            return false;
        }
        int q = p;
        for (int i = 0; i < CHAIN; i++) {
            FrameHeader f = header(b, q, end);
            if (f == null || !f.sameStream(first)) {
                return false;
            }
            q += f.length;
            if (q >= end) {
                return q == end && i > 0;
            }
        }
        return true;
    }

    private static int skipId3v2(byte[] b, int p) {
        while (p + 10 <= b.length && b[p] == 'I' && b[p + 1] == 'D' && b[p + 2] == '3') {
            int size = ((b[p + 6] & 0x7f) << 21) | ((b[p + 7] & 0x7f) << 14) | ((b[p + 8] & 0x7f) << 7) | (b[p + 9] & 0x7f);
            boolean footer = (b[p + 5] & 0x10) != 0;
            p += 10 + size + (footer ? 10 : 0);
        }
        return p;
    }

    private static int findChain(byte[] b, int from, int end, int limit) {
        int stop = Math.min(end - 4, from + limit);
        for (int p = from; p <= stop; p++) {
            if ((b[p] & 0xff) == 0xff && (b[p + 1] & 0xe0) == 0xe0 && chained(b, p, end)) {
                return p;
            }
        }
        return -1;
    }

    /**
     * Decodes {@code data}, the bytes of {@code file}; at most {@code maxSeconds} seconds are produced
     * (negative: all), and decoding stops once they are.
     */
    static AudioClip decode(Path file, byte[] data, double maxSeconds, boolean allowTruncatedEnd)
            throws AudioDecodeException {
        return decode(file, data, maxSeconds, allowTruncatedEnd, Dot.VECTOR);
    }

    /** {@link #decode(Path, byte[], double, boolean)} with the Vector API synthesis or (false) the plain one. */
    static AudioClip decode(Path file, byte[] data, double maxSeconds, boolean allowTruncatedEnd, boolean vector)
            throws AudioDecodeException {
        int end = data.length;
        if (end == 0) {
            throw new AudioDecodeException(file, Reason.EMPTY, "file is empty");
        }
        int start = skipId3v2(data, 0);
        if (start >= end) {
            throw new AudioDecodeException(file, start == end ? Reason.EMPTY : Reason.TRUNCATED,
                    "nothing but an ID3v2 tag" + (start > end ? " that runs past the end of the file" : ""));
        }
        int first = findChain(data, start, end, 1 << 16);
        if (first < 0) {
            throw new AudioDecodeException(file, Reason.NOT_AUDIO, "no MPEG Layer III frames found");
        }
        FrameHeader stream = header(data, first, end);
        long maxSamples = maxSeconds < 0 ? -1 : (long) Math.floor(maxSeconds * stream.rate + 1e-9);
        if (maxSamples == 0) {
            // as for WAV, whether or not a LAME tag makes the decoder skip a few frames first
            throw new AudioDecodeException(file, Reason.EMPTY, "no samples to decode: " + maxSeconds
                    + " s is shorter than one sample at " + stream.rate + " Hz");
        }

        // Xing / Info tag frame: carries no audio; a LAME extension gives encoder delay and padding.
        int skipFront = 0;
        int padEnd = -1;
        int p = first;
        int sideInfo = stream.version == 0 ? (stream.channels == 1 ? 17 : 32) : (stream.channels == 1 ? 9 : 17);
        int tag = first + 4 + (stream.crc ? 2 : 0) + sideInfo;
        if (tag + 8 <= end) {
            String id = new String(data, tag, 4, StandardCharsets.ISO_8859_1);
            if (id.equals("Xing") || id.equals("Info")) {
                int flags = ((data[tag + 4] & 0xff) << 24) | ((data[tag + 5] & 0xff) << 16)
                        | ((data[tag + 6] & 0xff) << 8) | (data[tag + 7] & 0xff);
                int q = tag + 8 + ((flags & 1) != 0 ? 4 : 0) + ((flags & 2) != 0 ? 4 : 0)
                        + ((flags & 4) != 0 ? 100 : 0) + ((flags & 8) != 0 ? 4 : 0);
                if (q + 24 <= first + stream.length) {
                    String enc = new String(data, q, 4, StandardCharsets.ISO_8859_1);
                    if (enc.equals("LAME") || enc.equals("Lavf") || enc.equals("Lavc")) {
                        int d0 = data[q + 21] & 0xff;
                        int d1 = data[q + 22] & 0xff;
                        int d2 = data[q + 23] & 0xff;
                        skipFront = ((d0 << 4) | (d1 >>> 4)) + DECODER_DELAY;
                        padEnd = ((d1 & 0x0f) << 8) | d2;
                    }
                }
                p += stream.length;
            }
        }

        // Walk the frames we need, noting where they are.
        long wanted = maxSamples < 0 ? Long.MAX_VALUE : maxSamples + skipFront;
        int[] frameAt = new int[Math.max(16, (end - p) / Math.max(1, stream.length) + 16)];
        long produced = 0;
        int frameCount = 0;
        boolean reachedEnd = false;
        while (produced < wanted) {
            FrameHeader f = header(data, p, end);
            if (f != null && f.sameStream(stream) && p + f.length <= end) {
                if (frameCount == frameAt.length) {
                    frameAt = Arrays.copyOf(frameAt, frameCount * 2);
                }
                frameAt[frameCount++] = p;
                p += f.length;
                produced += f.samples;
                continue;
            }
            if (f != null && f.sameStream(stream) && allowTruncatedEnd && frameCount > 0) {
                reachedEnd = true;
                padEnd = -1; // the LAME padding refers to the missing end
                break;
            }
            if (f != null && f.sameStream(stream)) {
                throw new AudioDecodeException(file, Reason.TRUNCATED, "frame " + frameCount + " at byte " + p
                        + " needs " + f.length + " bytes but only " + (end - p) + " remain");
            }
            if (p >= end || isTrailer(data, p, end)) {
                reachedEnd = true;
                break;
            }
            int next = findChain(data, p + 1, end, end);
            if (next < 0) {
                if (end - p < 4 && (data[p] & 0xff) == 0xff) {
                    throw new AudioDecodeException(file, Reason.TRUNCATED, "file ends inside a frame header");
                }
                reachedEnd = true;
                break;
            }
            p = next;
        }
        if (frameCount == 0) {
            throw new AudioDecodeException(file, Reason.EMPTY, "no audio frames");
        }
        if (produced > Integer.MAX_VALUE - 16) {
            throw new AudioDecodeException(file, Reason.CORRUPT, "too long to decode at once: " + produced
                    + " samples");
        }

        Mp3FrameDecoder decoder = new Mp3FrameDecoder(stream.version, stream.rateIndex, stream.channels,
                vector && Dot.VECTOR);
        int spf = decoder.samplesPerFrame();
        float[] pcm = new float[frameCount * spf];
        int decoded = 0;
        try {
            for (; decoded < frameCount; decoded++) {
                int at = frameAt[decoded];
                decoder.decode(data, at, header(data, at, end).length, pcm, decoded * spf);
            }
        } catch (RuntimeException e) {
            throw new AudioDecodeException(file, Reason.CORRUPT, "damaged frame " + decoded + ": " + e, e);
        }
        int total = pcm.length;
        int stop = total;
        if (reachedEnd && padEnd >= 0) {
            stop = Math.max(skipFront, total - padEnd + DECODER_DELAY);
            stop = Math.min(stop, total);
        }
        int from = Math.min(skipFront, stop);
        long n = stop - from;
        if (maxSamples >= 0) {
            n = Math.min(n, maxSamples);
        }
        if (n <= 0) {
            throw new AudioDecodeException(file, Reason.EMPTY, "no samples left once the encoder delay and padding"
                    + " are removed");
        }
        return new AudioClip(Arrays.copyOfRange(pcm, from, from + (int) n), stream.rate, stream.channels);
    }

    private static boolean isTrailer(byte[] b, int p, int end) {
        return startsWith(b, p, end, "TAG") || startsWith(b, p, end, "APETAGEX") || startsWith(b, p, end, "LYRICS")
                || startsWith(b, p, end, "ID3");
    }

    private static boolean startsWith(byte[] b, int p, int end, String s) {
        if (p + s.length() > end) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (b[p + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
