package io.github.cola4j.cola;

/** How COLA scores an anchor against a candidate. */
public enum Similarity {
    /** s(a, p) = a^T W p with a trained 512 x 512 W: the paper's choice. */
    BILINEAR,
    /** cos(a, p) / temperature: the paper's ablation baseline. */
    COSINE
}
