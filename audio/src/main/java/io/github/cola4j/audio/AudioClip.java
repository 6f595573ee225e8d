package io.github.cola4j.audio;

/**
 * Decoded audio, mixed down to one channel: samples in [-1, 1] at {@link #sampleRate()} Hz.
 *
 * @param samples mono samples (the array is shared, not copied)
 * @param sampleRate samples per second
 * @param sourceChannels how many channels the file had before the mix-down
 */
public record AudioClip(float[] samples, int sampleRate, int sourceChannels) {

    /**
     * Checks the components.
     *
     * @param samples mono samples in [-1, 1]; kept as given, not copied
     * @param sampleRate samples per second (Hz), at least 1
     * @param sourceChannels channels of the source file before the mix-down, at least 1
     * @throws IllegalArgumentException for null samples or a rate or channel count below 1
     */
    public AudioClip {
        if (samples == null || sampleRate <= 0 || sourceChannels <= 0) {
            throw new IllegalArgumentException("invalid clip");
        }
    }

    /**
     * Length in seconds.
     *
     * @return the sample count divided by the sample rate
     */
    public double seconds() {
        return samples.length / (double) sampleRate;
    }

    /**
     * This clip at another sample rate (this clip itself when the rate already matches).
     *
     * @param rate the target sample rate in Hz, at least 1
     * @return a new clip with band-limited resampled samples and the same source channel count, or this clip
     * @throws IllegalArgumentException if {@code rate} is below 1, or the ratio of the two rates needs a filter table
     *     too large to build
     */
    public AudioClip resampled(int rate) {
        if (rate == sampleRate) {
            return this;
        }
        return new AudioClip(Resampler.of(sampleRate, rate).process(samples), rate, sourceChannels);
    }
}
