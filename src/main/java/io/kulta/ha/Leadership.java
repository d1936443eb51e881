package io.kulta.ha;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * Whether this instance may write to the cluster now. Set by the cluster service the moment leadership is gained or
 * lost, before Camel starts or stops the leader's routes, so the {@link WriteFence} closes at once on a loss.
 */
public final class Leadership implements BooleanSupplier {
    private volatile boolean leading;
    private final List<Runnable> onGained = new CopyOnWriteArrayList<>();

    @Override
    public boolean getAsBoolean() {
        return leading;
    }

    /** Runs each time this instance becomes the leader (e.g. re-read every Rollout). */
    public void onGained(Runnable action) {
        onGained.add(action);
    }

    public void set(boolean nowLeading) {
        boolean gained = nowLeading && !leading;
        leading = nowLeading;
        if (gained) onGained.forEach(Runnable::run);
    }
}
