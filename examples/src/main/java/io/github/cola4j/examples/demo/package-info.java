/**
 * The no-download demo's data: deterministic synthetic music in eight styles
 * ({@link io.github.cola4j.examples.demo.MusicSynth}), a WAV writer and the results bar chart.
 */
package io.github.cola4j.examples.demo;
