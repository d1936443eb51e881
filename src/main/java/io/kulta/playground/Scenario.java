package io.kulta.playground;

import io.kulta.model.Rollout;

/**
 * One playground scenario: a Rollout from examples/ whose first deployment settles, then a new image, what a user does
 * about it, and the outcome SPEC.md promises.
 */
public interface Scenario {
    ScenarioName name();

    /** The file under examples/ it applies. */
    String example();

    /** Its Rollout's name in that file. */
    String rollout();

    /** The image the second deployment changes to. */
    String newImage();

    /** Whether its Rollout is analysed (it then gets a metrics backend, and its analysis points there). */
    default boolean analysed() {
        return false;
    }

    /** What {@link #outcome} should read at the end. */
    String expected();

    /** Before the image changes: how the pods of each image answer. */
    default void prepare(ScenarioContext ctx) {
    }

    /** After the image changed: the user's part (annotations). Returns once done or given up. */
    void drive(ScenarioContext ctx) throws InterruptedException;

    /** How the Rollout stands now, in the same words as {@link #expected}: phase and the stable image. */
    default String outcome(ScenarioContext ctx) {
        Rollout r = ctx.rollout();
        String phase = r == null || r.getStatus() == null || r.getStatus().phase == null ? "none" : r.getStatus().phase.name();
        return phase + ", stable " + ctx.stableImage().map(LiveView::shortImage).orElse("none");
    }
}
