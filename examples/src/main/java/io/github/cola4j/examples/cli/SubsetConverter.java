package io.github.cola4j.examples.cli;

import io.github.cola4j.examples.fma.FmaTracks;
import picocli.CommandLine;

/** Reads a {@code --subset} value, {@code small}, {@code medium} or {@code large}, while the command line is parsed. */
final class SubsetConverter implements CommandLine.ITypeConverter<FmaTracks.Subset> {

    @Override
    public FmaTracks.Subset convert(String value) {
        try {
            return FmaTracks.Subset.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' (expected small, medium or large)");
        }
    }
}
