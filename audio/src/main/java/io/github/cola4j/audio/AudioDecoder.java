package io.github.cola4j.audio;

import io.github.cola4j.audio.AudioDecodeException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Decodes MP3 and WAV files to mono {@link AudioClip}s. The format is recognised from the file's bytes,
 * not its name. Every failure is an {@link AudioDecodeException} naming the file and the reason.
 *
 * <p>Stateless and safe to call from many threads at once.
 */
public final class AudioDecoder {

    private AudioDecoder() {
    }

    /**
     * Decodes the whole file.
     *
     * @param file an MP3 or WAV file
     * @return the file's audio mixed down to mono, at the file's own sample rate
     * @throws AudioDecodeException if the file cannot be read, is empty, is not MP3 or WAV, or is truncated or
     *     damaged; {@link AudioDecodeException#reason()} says which
     */
    public static AudioClip decode(Path file) throws AudioDecodeException {
        return decode(file, -1);
    }

    /**
     * Decodes at most the first {@code maxSeconds} seconds (all of it when negative); decoding stops once
     * that much audio has been produced.
     *
     * @param file an MP3 or WAV file
     * @param maxSeconds the most audio to decode, in seconds; negative for the whole file (0, or any value
     *     shorter than one sample at the file's rate, decodes nothing and fails as
     *     {@link AudioDecodeException.Reason#EMPTY}, MP3 and WAV alike)
     * @return the decoded audio mixed down to mono, at the file's own sample rate; never empty
     * @throws AudioDecodeException if the file cannot be read, is empty, is not MP3 or WAV, or is truncated or
     *     damaged, or {@code maxSeconds} is shorter than one sample; {@link AudioDecodeException#reason()} says
     *     which, and the message names the file
     */
    public static AudioClip decode(Path file, double maxSeconds) throws AudioDecodeException {
        return decode(file, read(file), maxSeconds, false);
    }

    /**
     * Like {@link #decode(Path, double)}, but an MP3 whose last frame is cut short (common in clips cut from
     * longer files) gives the complete frames instead of a {@link AudioDecodeException.Reason#TRUNCATED}
     * error. WAV files are still checked strictly.
     *
     * @param file an MP3 or WAV file
     * @param maxSeconds the most audio to decode, in seconds; negative for the whole file (shorter than one
     *     sample: fails as {@link AudioDecodeException.Reason#EMPTY})
     * @return the decoded audio mixed down to mono, at the file's own sample rate; never empty
     * @throws AudioDecodeException as {@link #decode(Path, double)}, except for an MP3 whose last frame alone is
     *     cut short
     */
    public static AudioClip decodeAllowingTruncatedEnd(Path file, double maxSeconds) throws AudioDecodeException {
        return decode(file, read(file), maxSeconds, true);
    }

    /**
     * As {@link #decodeAllowingTruncatedEnd(Path, double)}, for bytes already in memory (read from a distributed
     * file system, say); {@code file} is used only in error messages.
     *
     * @param file the name to report in exceptions; not read
     * @param data the complete bytes of an MP3 or WAV file; not modified
     * @param maxSeconds the most audio to decode, in seconds; negative for all of it
     * @return the decoded audio mixed down to mono, at the file's own sample rate; never empty
     * @throws AudioDecodeException as {@link #decode(Path, byte[], double)}, except for an MP3 whose last frame
     *     alone is cut short
     */
    public static AudioClip decodeAllowingTruncatedEnd(Path file, byte[] data, double maxSeconds)
            throws AudioDecodeException {
        return decode(file, data, maxSeconds, true);
    }

    /**
     * Reads a whole audio file, reporting failure as decoders do.
     *
     * @param file the file to read
     * @return its bytes
     * @throws AudioDecodeException ({@link AudioDecodeException.Reason#IO}) if it cannot be read or does not fit in
     *     memory; the message names the file
     */
    public static byte[] read(Path file) throws AudioDecodeException {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new AudioDecodeException(file, Reason.IO, "cannot read: " + e, e);
        } catch (OutOfMemoryError e) {
            throw new AudioDecodeException(file, Reason.IO, "file too large to read", e);
        }
    }

    /**
     * Decodes bytes already in memory; {@code file} is used only in error messages.
     *
     * @param file the name to report in exceptions; not read
     * @param data the complete bytes of an MP3 or WAV file; not modified
     * @param maxSeconds the most audio to decode, in seconds; negative for all of it (shorter than one sample:
     *     fails as {@link AudioDecodeException.Reason#EMPTY})
     * @return the decoded audio mixed down to mono, at the file's own sample rate; never empty
     * @throws AudioDecodeException if {@code data} is empty, is not MP3 or WAV, or is truncated or damaged, or
     *     {@code maxSeconds} is shorter than one sample
     */
    public static AudioClip decode(Path file, byte[] data, double maxSeconds) throws AudioDecodeException {
        return decode(file, data, maxSeconds, false);
    }

    private static AudioClip decode(Path file, byte[] data, double maxSeconds, boolean allowTruncatedEnd)
            throws AudioDecodeException {
        if (data.length == 0) {
            throw new AudioDecodeException(file, Reason.EMPTY, "file is empty");
        }
        if (isWav(data)) {
            return WavDecoder.decode(file, data, maxSeconds);
        }
        if (startsWith(data, "RIFF") || startsWith(data, "fLaC") || startsWith(data, "OggS")) {
            throw new AudioDecodeException(file, Reason.UNSUPPORTED, "not MP3 or WAV");
        }
        return Mp3Decoder.decode(file, data, maxSeconds, allowTruncatedEnd);
    }

    private static boolean isWav(byte[] d) {
        return d.length >= 12 && startsWith(d, "RIFF") && d[8] == 'W' && d[9] == 'A' && d[10] == 'V' && d[11] == 'E';
    }

    private static boolean startsWith(byte[] d, String s) {
        if (d.length < s.length()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (d[i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
