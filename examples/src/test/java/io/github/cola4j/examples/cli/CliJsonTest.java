package io.github.cola4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.cola.train.Pretrainer;
import io.github.cola4j.audio.LogMelPreset;
import io.github.cola4j.cola.EncoderDescription;
import io.github.cola4j.nn.EfficientNetConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Figures a run did not measure are JSON null in the files the commands write, never a sentinel such as -1. */
class CliJsonTest {

    @TempDir
    Path dir;

    @Test
    void encoderJsonHasNullForAnUnmeasuredValidationAccuracy() throws IOException {
        // what Pretrainer reports for a run without validation: best accuracy -1, the last epoch as the best
        Pretrainer.Summary unvalidated = new Pretrainer.Summary(6, 1.5, -1, 3, 2.0, true);
        Map<String, Object> facts = TrainEncoderCommand.trainingFacts(unvalidated, 4);
        assertTrue(facts.containsKey("best_validation_pair_accuracy"));
        assertNull(facts.get("best_validation_pair_accuracy"));
        Path enc = dir.resolve("encoder.safetensors");
        new EncoderDescription(0.1, 0.1, 1, EfficientNetConfig.Pooling.AVG, LogMelPreset.COLA, 16)
                .writeSidecar(enc, facts);
        String json = Files.readString(EncoderDescription.sidecar(enc));
        assertTrue(json.contains("\"best_validation_pair_accuracy\": null,"), json);
        assertTrue(!json.contains("-1"), json);

        Pretrainer.Summary validated = new Pretrainer.Summary(6, 1.5, 0.625, 2, 2.0, true);
        assertEquals(0.625, TrainEncoderCommand.trainingFacts(validated, 4).get("best_validation_pair_accuracy"));
    }
}
