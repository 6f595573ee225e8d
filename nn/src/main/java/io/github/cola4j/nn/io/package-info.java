/**
 * Model files: state dicts saved and loaded as safetensors ({@link io.github.cola4j.nn.io.ModelFiles},
 * {@link io.github.cola4j.nn.io.Safetensors}), readable and writable by PyTorch, and the project's one strict JSON
 * reader and writer ({@link io.github.cola4j.nn.io.Json}), which parses their headers and writes every JSON file
 * the library and its tools produce. A file that cannot be read raises
 * {@link io.github.cola4j.nn.io.ModelFileException}; one that does not fit the model raises
 * {@link io.github.cola4j.nn.StateDictException}.
 */
package io.github.cola4j.nn.io;
