package io.github.cola4j.audio;

/** Log compression of spectrogram values, in place. */
public final class LogScale {

    private LogScale() {
    }

    /**
     * {@code x = ln(clamp(x, lo, hi))} for every element.
     *
     * @param x the values to compress, overwritten with their natural logarithms
     * @param lo the lower clamp, applied before the logarithm (positive, so that no value maps to -infinity)
     * @param hi the upper clamp, applied before the logarithm
     */
    public static void logClamped(float[] x, float lo, float hi) {
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.log(Math.min(Math.max(x[i], lo), hi));
        }
    }

    /**
     * librosa's {@code power_to_db(S, ref=np.max, amin, top_db)}: {@code 10 log10(max(S, amin))} minus
     * {@code 10 log10(max(max(S), amin))}, then floored at its own maximum minus {@code topDb}
     * (no flooring when {@code topDb} is negative or NaN).
     *
     * @param s power values, overwritten with decibels relative to their maximum (so all values end up at most 0)
     * @param amin the smallest power taken into account (librosa's default is 1e-10); guards against log of 0
     * @param topDb the dynamic range kept below the maximum in dB (80 in librosa); negative or NaN keeps all
     */
    public static void powerToDbRefMax(float[] s, double amin, double topDb) {
        if (s.length == 0) {
            return;
        }
        float max = Float.NEGATIVE_INFINITY;
        for (float v : s) {
            max = Math.max(max, v);
        }
        double ref = 10 * Math.log10(Math.max(max, amin));
        double top = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < s.length; i++) {
            double db = 10 * Math.log10(Math.max(s[i], amin)) - ref;
            s[i] = (float) db;
            top = Math.max(top, db);
        }
        if (topDb >= 0) {
            float floor = (float) (top - topDb);
            for (int i = 0; i < s.length; i++) {
                s[i] = Math.max(s[i], floor);
            }
        }
    }

    /**
     * {@code x = (x + shift) / div} for every element.
     *
     * @param x the values to rescale, in place
     * @param shift the offset added first
     * @param div the divisor applied after the shift
     */
    public static void affine(float[] x, float shift, float div) {
        for (int i = 0; i < x.length; i++) {
            x[i] = (x[i] + shift) / div;
        }
    }
}
