package io.github.cola4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import picocli.CommandLine;
import org.junit.jupiter.api.Test;

/** train-encoder's recipe options parse as documented (no training runs here). */
class TrainEncoderOptionsTest {

    private static TrainEncoderCommand parse(String... args) {
        CommandLine cl = Cola4jCli.commandLine();
        String[] all = new String[args.length + 3];
        all[0] = "train-encoder";
        all[1] = "--mp3_path";
        all[2] = "x";
        System.arraycopy(args, 0, all, 3, args.length);
        cl.parseArgs(all);
        return cl.getSubcommands().get("train-encoder").getCommand();
    }

    @Test
    void scheduleTakesAValueAndRecipeValuesStayUnsetUntilGiven() {
        assertEquals("exp", parse("--schedule", "Exponential").schedule);
        assertEquals("cosine", parse("--schedule", "cosine", "--warmup", "0").schedule);
        TrainEncoderCommand c = parse("--recipe", "cpu", "--bin-shift", "4", "--bilinear-init", "0.5");
        assertEquals("cpu", c.recipe.name());
        assertEquals(4, c.binShift);
        assertEquals(0.5, c.bilinearInit);
        assertNull(c.batch, "an option not given falls back to the recipe's value");
        assertNull(c.schedule);
    }
}
