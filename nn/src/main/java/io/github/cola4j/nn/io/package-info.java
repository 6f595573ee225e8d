/**
 * Model files: state dicts saved and loaded as safetensors ({@link io.github.cola4j.nn.io.ModelFiles},
 * {@link io.github.cola4j.nn.io.Safetensors}), readable and writable by PyTorch, with the minimal strict JSON
 * that their headers need ({@link io.github.cola4j.nn.io.Json}). A file that cannot be read raises
 * {@link io.github.cola4j.nn.io.ModelFileException}; one that does not fit the model raises
 * {@link io.github.cola4j.nn.StateDictException}.
 */
package io.github.cola4j.nn.io;
