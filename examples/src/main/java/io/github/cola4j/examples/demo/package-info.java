/**
 * The no-download demo's data: deterministic synthetic music in eight styles
 * ({@link io.github.cola4j.examples.demo.MusicSynth}) and a WAV writer.
 */
package io.github.cola4j.examples.demo;
