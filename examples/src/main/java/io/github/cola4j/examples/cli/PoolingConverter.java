package io.github.cola4j.examples.cli;

import io.github.cola4j.nn.EfficientNetConfig;
import java.util.Locale;
import picocli.CommandLine;

/** Reads a {@code --pooling} value, {@code avg} or {@code max} in any case, while the command line is parsed. */
final class PoolingConverter implements CommandLine.ITypeConverter<EfficientNetConfig.Pooling> {

    @Override
    public EfficientNetConfig.Pooling convert(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "avg" -> EfficientNetConfig.Pooling.AVG;
            case "max" -> EfficientNetConfig.Pooling.MAX;
            default -> throw new CommandLine.TypeConversionException("'" + value + "' (expected avg or max)");
        };
    }
}
