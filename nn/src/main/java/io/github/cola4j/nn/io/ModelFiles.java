package io.github.cola4j.nn.io;

import io.github.cola4j.nn.Module;
import io.github.cola4j.nn.StateDictException;
import io.github.cola4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Saves and loads a module's state dict (parameters and buffers, by PyTorch-style dotted names) as a safetensors
 * file, which PyTorch reads with {@code safetensors.torch.load_file} and writes with {@code save_file}.
 */
public final class ModelFiles {
    private ModelFiles() {
    }

    /**
     * Writes {@code module}'s state dict to {@code file} (atomically; integer buffers as I64).
     *
     * @param module the module whose parameters and buffers are written, under their dotted names
     * @param file the target; missing parent directories are created and an existing file is replaced
     * @throws IOException when the file cannot be written; an existing file is then left as it was
     */
    public static void save(Module module, Path file) throws IOException {
        save(module, file, Map.of());
    }

    /**
     * Writes {@code module}'s state dict to {@code file} (atomically; integer buffers as I64) with metadata that
     * describes it, such as its architecture; PyTorch's loaders read the tensors and ignore the metadata.
     *
     * @param module the module whose parameters and buffers are written, under their dotted names
     * @param file the target; missing parent directories are created and an existing file is replaced
     * @param metadata strings stored in the file's {@code __metadata__} after {@code format: pt}
     * @throws IOException when the file cannot be written; an existing file is then left as it was
     */
    public static void save(Module module, Path file, Map<String, String> metadata) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", "pt");
        m.putAll(metadata);
        Safetensors.write(file, module.stateDict(), m);
    }

    /**
     * Loads {@code file} into {@code module} strictly: every key of the model must be in the file and every key of
     * the file in the model, with the same shapes. Otherwise a {@link StateDictException} lists every missing,
     * unexpected and mis-shaped key at once, and the module is left unchanged.
     *
     * @param module the module to fill; each value is converted to the type of the entry it replaces and copied
     * @param file a safetensors file
     * @throws IOException when the file cannot be read or is not valid safetensors (a {@link ModelFileException}
     *     naming the file and the problem); the module is then unchanged
     * @throws StateDictException when the file's keys or shapes do not fit the module; its message starts with
     *     the file's name
     */
    public static void load(Module module, Path file) throws IOException {
        load(module, file, true);
    }

    /**
     * Loads {@code file} into {@code module}. Non-strict loading fills the keys both have and ignores the rest;
     * a key present in both with different shapes is an error either way.
     *
     * @param module the module to fill; each value is converted to the type of the entry it replaces and copied
     * @param file a safetensors file
     * @param strict true to require exactly the module's keys, false to load only the keys both have
     * @throws IOException when the file cannot be read or is not valid safetensors (a {@link ModelFileException}
     *     naming the file and the problem); the module is then unchanged
     * @throws StateDictException for mis-shaped keys, and when {@code strict} also for missing or unexpected ones;
     *     its message starts with the file's name, and the module is then unchanged
     */
    public static void load(Module module, Path file, boolean strict) throws IOException {
        load(module, file, Safetensors.read(file).tensors(), strict);
    }

    /**
     * Loads tensors already read from {@code file} into {@code module}, as {@link #load(Module, Path, boolean)}
     * does (for callers that read the file's metadata first to decide which module to build).
     *
     * @param module the module to fill; each value is converted to the type of the entry it replaces and copied
     * @param file the file the tensors came from, named in errors
     * @param tensors the file's tensors, as {@link Safetensors#read(Path)} gives them
     * @param strict true to require exactly the module's keys, false to load only the keys both have
     * @throws StateDictException for mis-shaped keys, and when {@code strict} also for missing or unexpected ones;
     *     its message starts with the file's name, and the module is then unchanged
     */
    public static void load(Module module, Path file, Map<String, Tensor> tensors, boolean strict) {
        try {
            module.loadStateDict(tensors, strict);
        } catch (StateDictException e) {
            throw new StateDictException(file.toString(), e.missing(), e.unexpected(), e.misShaped());
        }
    }

    /**
     * The {@code __metadata__} strings of {@code file}.
     *
     * @param file a safetensors file
     * @return its metadata in the header's order; empty when it has none
     * @throws IOException when the file cannot be read or is not valid safetensors (a {@link ModelFileException}
     *     naming the file and the problem)
     */
    public static Map<String, String> metadata(Path file) throws IOException {
        return Safetensors.read(file).metadata();
    }

    /**
     * Every tensor in {@code file} by name (I64 entries as float64 tensors).
     *
     * @param file a safetensors file
     * @return an unmodifiable map in the order of the file's header: F32 entries as float32 tensors, F64 and I64
     *     entries as float64 tensors
     * @throws IOException when the file cannot be read or is not valid safetensors (a {@link ModelFileException}
     *     naming the file and the problem)
     */
    public static Map<String, Tensor> read(Path file) throws IOException {
        return Safetensors.read(file).tensors();
    }
}
