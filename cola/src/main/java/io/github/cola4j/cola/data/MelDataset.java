package io.github.cola4j.cola.data;

import io.github.cola4j.tensor.Rng;
import io.github.cola4j.tensor.io.Npy;
import io.github.cola4j.tensor.io.NpyArray;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/**
 * Log-mel clips stored as {@code .npy} files of shape [frames, mels] (float32 or float64) anywhere under a root
 * directory, such as the FMA-style layout {@code 000/000002.npy}.
 *
 * <p>Files are listed in a stable order: sorted by their path relative to the root, with {@code /} as separator.
 * {@link #open} reads every file once through {@link Npy#read} (large files are memory-mapped) to check it; a file
 * that cannot be read, has the wrong rank, the wrong number of mel bins, no frames or an integer type is recorded
 * in {@link #badFiles()} with the reason and left out, never fatal. Unless caching was asked for, the data is
 * then dropped and read again, lazily, by {@link #clip(int)}.
 *
 * <p>A dataset is immutable apart from its list of bad files (which a failed later read may extend) and is safe
 * to read from several threads.
 */
public final class MelDataset {

    /**
     * A file left out and why.
     *
     * @param file the {@code .npy} file, as found under the root
     * @param reason what was wrong with it (the exception's message, or its class name when it has none)
     */
    public record BadFile(Path file, String reason) {
    }

    /**
     * A split into training and validation clips.
     *
     * @param train the clips to train on, in the dataset's sorted order
     * @param validation the held-out clips, in the dataset's sorted order (empty for a fraction of 0)
     */
    public record Split(MelDataset train, MelDataset validation) {
    }

    private final Path root;
    private final int mels;
    private final Path[] files;
    private final int[] frames;
    private final float[][] cache;
    private final List<BadFile> bad;

    private MelDataset(Path root, int mels, Path[] files, int[] frames, float[][] cache, List<BadFile> bad) {
        this.root = root;
        this.mels = mels;
        this.files = files;
        this.frames = frames;
        this.cache = cache;
        this.bad = bad;
    }

    /**
     * Opens the {@code .npy} files under {@code root}, checking each, without keeping their data in memory.
     *
     * @param root the directory searched recursively for {@code .npy} files
     * @param mels the number of mel bins every clip must have, at least 1
     * @return the dataset of the readable clips (possibly empty); the others are in {@link #badFiles()}
     * @throws IOException if {@code root} is not a directory or cannot be walked
     * @throws IllegalArgumentException if {@code mels} is below 1
     */
    public static MelDataset open(Path root, int mels) throws IOException {
        return open(root, mels, false);
    }

    /**
     * Opens the {@code .npy} files under {@code root} with {@code mels} bins per frame; with {@code cache}, the
     * clips are kept in memory after the checking read (for corpora that fit).
     *
     * @param root the directory searched recursively for {@code .npy} files
     * @param mels the number of mel bins every clip must have, at least 1
     * @param cache true to keep every clip's values in memory as float32, false to read them again on each use
     * @return the dataset of the readable clips (possibly empty); the others are in {@link #badFiles()}
     * @throws IOException if {@code root} is not a directory or cannot be walked
     * @throws IllegalArgumentException if {@code mels} is below 1
     */
    public static MelDataset open(Path root, int mels, boolean cache) throws IOException {
        if (mels < 1) {
            throw new IllegalArgumentException("mels must be positive, got " + mels);
        }
        if (!Files.isDirectory(root)) {
            throw new IOException("not a directory: " + root);
        }
        List<Path> listed;
        try (Stream<Path> s = Files.walk(root)) {
            listed = new ArrayList<>(s.filter(p -> p.getFileName().toString().endsWith(".npy"))
                    .filter(Files::isRegularFile).toList());
        }
        listed.sort((a, b) -> key(root, a).compareTo(key(root, b)));
        List<Path> good = new ArrayList<>();
        List<Integer> goodFrames = new ArrayList<>();
        List<float[]> data = new ArrayList<>();
        List<BadFile> bad = Collections.synchronizedList(new ArrayList<>());
        for (Path p : listed) {
            try {
                float[] values = readChecked(p, mels);
                good.add(p);
                goodFrames.add(values.length / mels);
                data.add(cache ? values : null);
            } catch (IOException | RuntimeException e) {
                bad.add(new BadFile(p, describe(e)));
            }
        }
        int[] f = goodFrames.stream().mapToInt(Integer::intValue).toArray();
        return new MelDataset(root, mels, good.toArray(new Path[0]), f,
                cache ? data.toArray(new float[0][]) : null, bad);
    }

    private static String key(Path root, Path p) {
        return root.relativize(p).toString().replace('\\', '/');
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    /** Reads a file and checks its shape and type; the values as float32, row-major [frames, mels]. */
    static float[] readChecked(Path file, int mels) throws IOException {
        NpyArray a = Npy.read(file);
        long[] s = a.shape();
        if (a.dtype() == NpyArray.DType.INT64) {
            throw new IOException("integer data (" + a.dtype().descr() + "), expected float32 or float64");
        }
        if (s.length != 2 || s[1] != mels) {
            throw new IOException("shape " + Arrays.toString(s) + ", expected [frames, " + mels + "]");
        }
        if (s[0] < 1) {
            throw new IOException("no frames (shape " + Arrays.toString(s) + ")");
        }
        return a.toFloats();
    }

    /**
     * Number of usable clips.
     *
     * @return the count of clips that passed the check, bad files not included
     */
    public int size() {
        return files.length;
    }

    /**
     * Number of mel bins per frame, the same for every clip.
     *
     * @return the mel count the dataset was opened with
     */
    public int mels() {
        return mels;
    }

    /**
     * The directory the files were found under.
     *
     * @return the root given to {@link #open}; subsets keep it
     */
    public Path root() {
        return root;
    }

    /**
     * The file of clip {@code i}.
     *
     * @param i the clip index, from 0 to {@code size() - 1}
     * @return the clip's {@code .npy} file
     */
    public Path file(int i) {
        return files[i];
    }

    /**
     * The path of clip {@code i} relative to the root, with {@code /} separators, such as {@code 000/000002}.
     *
     * @param i the clip index, from 0 to {@code size() - 1}
     * @return the relative path without the {@code .npy} extension
     */
    public String id(int i) {
        String k = key(root, files[i]);
        return k.substring(0, k.length() - ".npy".length());
    }

    /**
     * Frames of clip {@code i}.
     *
     * @param i the clip index, from 0 to {@code size() - 1}
     * @return the clip's length in frames, at least 1 (as found when the dataset was opened)
     */
    public int frames(int i) {
        return frames[i];
    }

    /**
     * Clip {@code i}, row-major [frames, mels] (a shared array when cached: do not modify). A file that has become
     * unreadable since {@link #open} is added to {@link #badFiles()} and raises an {@link UncheckedIOException}.
     *
     * @param i the clip index, from 0 to {@code size() - 1}
     * @return the clip's {@code frames(i) * mels()} values as float32
     * @throws UncheckedIOException if the file can no longer be read or its shape changed since it was opened
     */
    public float[] clip(int i) {
        if (cache != null) {
            return cache[i];
        }
        try {
            float[] v = readChecked(files[i], mels);
            if (v.length != frames[i] * mels) {
                throw new IOException("now has " + v.length / mels + " frames, had " + frames[i] + " when opened");
            }
            return v;
        } catch (IOException | RuntimeException e) {
            synchronized (bad) {
                if (bad.stream().noneMatch(b -> b.file().equals(files[i]))) {
                    bad.add(new BadFile(files[i], describe(e)));
                }
            }
            throw new UncheckedIOException(new IOException(files[i] + ": " + describe(e), e));
        }
    }

    /**
     * The files left out so far, with the reasons (a snapshot).
     *
     * @return an unmodifiable copy of the list shared by this dataset and its subsets
     */
    public List<BadFile> badFiles() {
        synchronized (bad) {
            return List.copyOf(bad);
        }
    }

    /**
     * The clips at {@code indices} (in that order), sharing files, cache and the list of bad files.
     *
     * @param indices clip indices of this dataset, each from 0 to {@code size() - 1}; repeats are allowed
     * @return a dataset of {@code indices.length} clips, clip k being clip {@code indices[k]} of this one
     */
    public MelDataset subset(int[] indices) {
        Path[] f = new Path[indices.length];
        int[] fr = new int[indices.length];
        float[][] c = cache == null ? null : new float[indices.length][];
        for (int k = 0; k < indices.length; k++) {
            f[k] = files[indices[k]];
            fr[k] = frames[indices[k]];
            if (c != null) {
                c[k] = cache[indices[k]];
            }
        }
        return new MelDataset(root, mels, f, fr, c, bad);
    }

    /**
     * A deterministic split: the clips are shuffled by {@code seed} and {@code round(size * validationFraction)}
     * of them (at least one when the fraction is positive and there are two or more clips) go to validation. Both
     * parts keep the dataset's sorted order.
     *
     * @param validationFraction the share of clips held out, in [0, 1)
     * @param seed fixes which clips go to validation
     * @return the training and validation subsets; with two or more clips and a positive fraction both are
     *     non-empty
     * @throws IllegalArgumentException if {@code validationFraction} is outside [0, 1) or NaN
     */
    public Split split(double validationFraction, long seed) {
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in [0, 1), got " + validationFraction);
        }
        int n = size();
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        Rng rng = new Rng(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int nVal = (int) Math.round(n * validationFraction);
        if (validationFraction > 0 && n >= 2) {
            nVal = Math.max(1, Math.min(nVal, n - 1));
        }
        int[] val = Arrays.copyOfRange(perm, 0, nVal);
        int[] train = Arrays.copyOfRange(perm, nVal, n);
        Arrays.sort(val);
        Arrays.sort(train);
        return new Split(subset(train), subset(val));
    }
}
