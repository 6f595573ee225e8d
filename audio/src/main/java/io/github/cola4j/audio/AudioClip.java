package io.github.cola4j.audio;

/**
 * Decoded audio, mixed down to one channel: samples in [-1, 1] at {@link #sampleRate()} Hz.
 *
 * @param samples mono samples (the array is shared, not copied)
 * @param sampleRate samples per second
 * @param sourceChannels how many channels the file had before the mix-down
 */
public record AudioClip(float[] samples, int sampleRate, int sourceChannels) {

    /** Checks the components; throws IllegalArgumentException for null samples or a rate or channel count below 1. */
    public AudioClip {
        if (samples == null || sampleRate <= 0 || sourceChannels <= 0) {
            throw new IllegalArgumentException("invalid clip");
        }
    }

    /** Length in seconds. */
    public double seconds() {
        return samples.length / (double) sampleRate;
    }

    /** This clip at another sample rate (this clip itself when the rate already matches). */
    public AudioClip resampled(int rate) {
        if (rate == sampleRate) {
            return this;
        }
        return new AudioClip(Resampler.of(sampleRate, rate).process(samples), rate, sourceChannels);
    }
}
