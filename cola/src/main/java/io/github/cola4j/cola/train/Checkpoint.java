package io.github.cola4j.cola.train;

import io.github.cola4j.cola.ColaModel;
import io.github.cola4j.nn.Module.StateEntry;
import io.github.cola4j.nn.io.ModelFileException;
import io.github.cola4j.nn.io.Safetensors;
import io.github.cola4j.nn.optim.Optimizer;
import io.github.cola4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A pre-training checkpoint in one safetensors file, written to a temporary file and renamed (a reader sees the
 * previous checkpoint or the new one, never half of one). Tensors: {@code model.<state key>} (the whole COLA
 * model's state dict), {@code optimizer.<state key>} (the optimiser's state) and {@code history.<curve>}; the
 * {@code __metadata__} strings hold the position: {@code format}, {@code version}, {@code step} (steps done),
 * {@code loader_seed}, {@code randomness} (the global generator's three state words), {@code best_accuracy},
 * {@code best_epoch}, and for checking on resume {@code batch_size} and {@code steps_per_epoch}.
 *
 * <p>Version 2 counts {@code best_epoch} from 1 (0 before any epoch ended), as the rest of the library does;
 * version 1 files counted it from 0 (-1 before any) and are still read, their epoch moved up by one.
 */
public final class Checkpoint {
    static final String FORMAT = "cola4j-pretrain-checkpoint";
    static final String VERSION = "2";
    /** The version whose best_epoch counts from 0. */
    static final String VERSION_EPOCHS_FROM_0 = "1";
    private static final String MODEL = "model.";
    private static final String OPTIMIZER = "optimizer.";
    private static final String HISTORY = "history.";

    /**
     * Where a run stands.
     *
     * @param step optimiser steps done (the next batch is this global step)
     * @param loaderSeed seed of the batch loader
     * @param randomness state of {@link io.github.cola4j.nn.Randomness}
     * @param bestAccuracy best validation accuracy so far (-1 before any)
     * @param bestEpoch the epoch it was reached in (the last finished one without validation), counted from 1
     *     (0 before any)
     * @param batchSize pairs per step of the run
     * @param stepsPerEpoch steps per epoch of the run
     */
    public record Position(long step, long loaderSeed, long[] randomness, double bestAccuracy, int bestEpoch,
            int batchSize, int stepsPerEpoch) {
    }

    private Checkpoint() {
    }

    static void save(Path file, ColaModel model, Optimizer optimizer, Position pos, History history)
            throws IOException {
        Map<String, StateEntry> entries = new LinkedHashMap<>();
        model.stateDict().forEach((k, v) -> entries.put(MODEL + k, v));
        optimizer.state().forEach((k, v) -> entries.put(OPTIMIZER + k, new StateEntry(v, false)));
        history.toTensors(HISTORY).forEach((k, v) -> entries.put(k, new StateEntry(v, false)));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("version", VERSION);
        meta.put("step", Long.toString(pos.step()));
        meta.put("loader_seed", Long.toString(pos.loaderSeed()));
        long[] r = pos.randomness();
        meta.put("randomness", r[0] + "," + r[1] + "," + r[2]);
        meta.put("best_accuracy", Double.toString(pos.bestAccuracy()));
        meta.put("best_epoch", Integer.toString(pos.bestEpoch()));
        meta.put("batch_size", Integer.toString(pos.batchSize()));
        meta.put("steps_per_epoch", Integer.toString(pos.stepsPerEpoch()));
        Safetensors.write(file, entries, meta);
    }

    /** What a checkpoint file holds, split by part. */
    record Contents(Map<String, Tensor> model, Map<String, Tensor> optimizer, History history, Position position) {
    }

    static Contents read(Path file) throws IOException {
        Safetensors.Contents c = Safetensors.read(file);
        Map<String, String> meta = c.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw new ModelFileException(file, "not a cola4j pre-training checkpoint (format '" + meta.get("format")
                    + "')");
        }
        String version = meta.get("version");
        if (!VERSION.equals(version) && !VERSION_EPOCHS_FROM_0.equals(version)) {
            throw new ModelFileException(file, "checkpoint version " + version + ", expected " + VERSION + " (or "
                    + VERSION_EPOCHS_FROM_0 + ")");
        }
        Map<String, Tensor> model = new LinkedHashMap<>();
        Map<String, Tensor> opt = new LinkedHashMap<>();
        Map<String, Tensor> hist = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : c.tensors().entrySet()) {
            String k = e.getKey();
            if (k.startsWith(MODEL)) {
                model.put(k.substring(MODEL.length()), e.getValue());
            } else if (k.startsWith(OPTIMIZER)) {
                opt.put(k.substring(OPTIMIZER.length()), e.getValue());
            } else if (k.startsWith(HISTORY)) {
                hist.put(k, e.getValue());
            } else {
                throw new ModelFileException(file, "unexpected entry '" + k + "'");
            }
        }
        try {
            String[] r = meta.get("randomness").split(",");
            int bestEpoch = Integer.parseInt(meta.get("best_epoch")) + (VERSION.equals(version) ? 0 : 1);
            Position pos = new Position(Long.parseLong(meta.get("step")), Long.parseLong(meta.get("loader_seed")),
                    new long[] {Long.parseLong(r[0]), Long.parseLong(r[1]), Long.parseLong(r[2])},
                    Double.parseDouble(meta.get("best_accuracy")), bestEpoch,
                    Integer.parseInt(meta.get("batch_size")), Integer.parseInt(meta.get("steps_per_epoch")));
            return new Contents(model, opt, History.fromTensors(hist, HISTORY), pos);
        } catch (RuntimeException e) {
            throw new ModelFileException(file, "bad checkpoint position metadata: " + e);
        }
    }

    /**
     * The position recorded in a checkpoint file.
     *
     * @param file a checkpoint written by a pre-training run
     * @return the step, seeds, best accuracy and run shape stored in its metadata
     * @throws IOException if the file cannot be read, or is not a cola4j pre-training checkpoint of a known version
     *     or has malformed metadata ({@link ModelFileException})
     */
    public static Position position(Path file) throws IOException {
        return read(file).position();
    }

    /**
     * Loads the model part of a checkpoint into {@code model} (strictly: every key must match).
     *
     * @param file a checkpoint written by a pre-training run
     * @param model a model of the same configuration; its parameters and buffers are overwritten
     * @throws IOException if the file cannot be read or is not a valid checkpoint ({@link ModelFileException})
     * @throws io.github.cola4j.nn.StateDictException if a key is missing, unexpected or mis-shaped (the model is
     *     then left unchanged)
     */
    public static void loadModel(Path file, ColaModel model) throws IOException {
        model.loadStateDict(read(file).model(), true);
    }
}
