package io.github.cola4j.nn.io;

import io.github.cola4j.nn.Module;
import io.github.cola4j.nn.StateDictException;
import io.github.cola4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Saves and loads a module's state dict (parameters and buffers, by PyTorch-style dotted names) as a safetensors
 * file, which PyTorch reads with {@code safetensors.torch.load_file} and writes with {@code save_file}.
 */
public final class ModelFiles {
    private ModelFiles() {
    }

    /** Writes {@code module}'s state dict to {@code file} (atomically; integer buffers as I64). */
    public static void save(Module module, Path file) throws IOException {
        Safetensors.write(file, module.stateDict(), Map.of("format", "pt"));
    }

    /**
     * Loads {@code file} into {@code module} strictly: every key of the model must be in the file and every key of
     * the file in the model, with the same shapes. Otherwise a {@link StateDictException} lists every missing,
     * unexpected and mis-shaped key at once, and the module is left unchanged.
     */
    public static void load(Module module, Path file) throws IOException {
        load(module, file, true);
    }

    /**
     * Loads {@code file} into {@code module}. Non-strict loading fills the keys both have and ignores the rest;
     * a key present in both with different shapes is an error either way.
     */
    public static void load(Module module, Path file, boolean strict) throws IOException {
        Map<String, Tensor> state = read(file);
        try {
            module.loadStateDict(state, strict);
        } catch (StateDictException e) {
            throw new StateDictException(file.toString(), e.missing(), e.unexpected(), e.misShaped());
        }
    }

    /** Every tensor in {@code file} by name (I64 entries as float64 tensors). */
    public static Map<String, Tensor> read(Path file) throws IOException {
        return Safetensors.read(file).tensors();
    }
}
