package io.github.cola4j.nn;

import java.util.List;

/** A state dict that does not fit a model: lists every missing, unexpected and mis-shaped key at once. */
public class StateDictException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** Keys the model has and the state dict lacks. */
    private final List<String> missing;
    /** Keys the state dict has and the model lacks. */
    private final List<String> unexpected;
    /** Keys whose tensor has a different shape from the model's. */
    private final List<String> misShaped;

    /** An exception listing every key at fault; the lists are copied. */
    public StateDictException(List<String> missing, List<String> unexpected, List<String> misShaped) {
        this(null, missing, unexpected, misShaped);
    }

    /** The same, with the message prefixed by where the state dict came from (a file name), when not null. */
    public StateDictException(String source, List<String> missing, List<String> unexpected, List<String> misShaped) {
        super((source == null ? "" : source + ": ") + message(missing, unexpected, misShaped));
        this.missing = List.copyOf(missing);
        this.unexpected = List.copyOf(unexpected);
        this.misShaped = List.copyOf(misShaped);
    }

    private static String message(List<String> missing, List<String> unexpected, List<String> misShaped) {
        StringBuilder sb = new StringBuilder("state dict does not fit the model:");
        if (!missing.isEmpty()) {
            sb.append("\n  missing (").append(missing.size()).append("): ").append(String.join(", ", missing));
        }
        if (!unexpected.isEmpty()) {
            sb.append("\n  unexpected (").append(unexpected.size()).append("): ").append(String.join(", ", unexpected));
        }
        if (!misShaped.isEmpty()) {
            sb.append("\n  wrong shape (").append(misShaped.size()).append("): ").append(String.join(", ", misShaped));
        }
        return sb.toString();
    }

    /** Keys the model has and the state dict lacks. */
    public List<String> missing() {
        return missing;
    }

    /** Keys the state dict has and the model lacks. */
    public List<String> unexpected() {
        return unexpected;
    }

    /** Keys whose tensor has a different shape from the model's. */
    public List<String> misShaped() {
        return misShaped;
    }
}
