/**
 * Audio front-ends: decoding ({@link io.github.cola4j.audio.AudioDecoder}: MP3 with its own Layer III decoder, WAV through
 * the JDK, mixed to mono), band-limited resampling ({@link io.github.cola4j.audio.Resampler}), STFT on
 * JTransforms ({@link io.github.cola4j.audio.Stft}), mel filterbanks
 * ({@link io.github.cola4j.audio.MelFilterbank}), log scaling ({@link io.github.cola4j.audio.LogScale}) and
 * the two COLA log-mel presets ({@link io.github.cola4j.audio.LogMelPreset},
 * {@link io.github.cola4j.audio.LogMelExtractor}).
 *
 * <p>Work on one clip runs on one thread; parallelism is over clips.
 */
package io.github.cola4j.audio;
