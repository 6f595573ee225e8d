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

    /**
     * An exception listing every key at fault; the lists are copied.
     *
     * @param missing keys the model has and the state dict lacks; not null, may be empty
     * @param unexpected keys the state dict has and the model lacks; not null, may be empty
     * @param misShaped keys whose tensor has a different shape from the model's, each with a note of the shapes;
     *     not null, may be empty
     */
    public StateDictException(List<String> missing, List<String> unexpected, List<String> misShaped) {
        this(null, missing, unexpected, misShaped);
    }

    /**
     * The same, with the message prefixed by where the state dict came from (a file name), when not null.
     *
     * @param source where the state dict came from, such as a file name; null for no prefix
     * @param missing keys the model has and the state dict lacks; not null, may be empty
     * @param unexpected keys the state dict has and the model lacks; not null, may be empty
     * @param misShaped keys whose tensor has a different shape from the model's, each with a note of the shapes;
     *     not null, may be empty
     */
    public StateDictException(String source, List<String> missing, List<String> unexpected, List<String> misShaped) {
        super((source == null ? "" : source + ": ") + message(missing, unexpected, misShaped));
        this.missing = List.copyOf(missing);
        this.unexpected = List.copyOf(unexpected);
        this.misShaped = List.copyOf(misShaped);
    }

    /** Keys of each kind named in the message; the accessors hold them all. */
    static final int KEYS_SHOWN = 5;

    private static String message(List<String> missing, List<String> unexpected, List<String> misShaped) {
        StringBuilder sb = new StringBuilder("state dict does not fit the model:");
        appendKeys(sb, "missing", missing);
        appendKeys(sb, "unexpected", unexpected);
        appendKeys(sb, "wrong shape", misShaped);
        return sb.toString();
    }

    /** A count and the first few keys: a wrong architecture misses hundreds, which no one reads in a message. */
    private static void appendKeys(StringBuilder sb, String kind, List<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        sb.append("\n  ").append(kind).append(" (").append(keys.size()).append("): ")
                .append(String.join(", ", keys.subList(0, Math.min(KEYS_SHOWN, keys.size()))));
        if (keys.size() > KEYS_SHOWN) {
            sb.append(", ... and ").append(keys.size() - KEYS_SHOWN).append(" more");
        }
    }

    /**
     * Keys the model has and the state dict lacks.
     *
     * @return an unmodifiable list, empty when no key is missing
     */
    public List<String> missing() {
        return missing;
    }

    /**
     * Keys the state dict has and the model lacks.
     *
     * @return an unmodifiable list, empty when there is no unexpected key
     */
    public List<String> unexpected() {
        return unexpected;
    }

    /**
     * Keys whose tensor has a different shape from the model's.
     *
     * @return an unmodifiable list, empty when every shape fits; {@link Module#loadStateDict} writes each entry as
     *     the key and both shapes, such as {@code "fc.weight (model [10, 4], file [10, 5])"}
     */
    public List<String> misShaped() {
        return misShaped;
    }
}
