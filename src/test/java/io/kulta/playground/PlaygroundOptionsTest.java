package io.kulta.playground;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlaygroundOptionsTest {

    @Test
    void withNoOptionsEveryScenarioRunsOnAFreePortAndStops() throws Exception {
        PlaygroundOptions o = PlaygroundOptions.parse(List.of());
        assertThat(o.scenarios()).containsExactly(ScenarioName.values());
        assertThat(o.keep()).isFalse();
        assertThat(o.realApi()).isFalse();
        assertThat(o.port()).isZero();
    }

    @Test
    void oneScenarioByNameAndTheFlags() throws Exception {
        PlaygroundOptions o = PlaygroundOptions.parse(List.of("--scenario", "bad-canary", "--keep", "--real-api", "--port", "9090"));
        assertThat(o.scenarios()).containsExactly(ScenarioName.BAD_CANARY);
        assertThat(o.keep()).isTrue();
        assertThat(o.realApi()).isTrue();
        assertThat(o.port()).isEqualTo(9090);
    }

    @Test
    void allNamesEveryScenarioAndACommaListSeveral() throws Exception {
        assertThat(PlaygroundOptions.parse(List.of("--scenario", "all")).scenarios()).containsExactly(ScenarioName.values());
        assertThat(PlaygroundOptions.parse(List.of("--scenario", "abort,canary")).scenarios())
                .containsExactly(ScenarioName.ABORT, ScenarioName.CANARY);
    }

    @Test
    void anUnknownScenarioIsOneLineListingTheKnownOnes() {
        assertThatThrownBy(() -> PlaygroundOptions.parse(List.of("--scenario", "canery")))
                .isInstanceOf(PlaygroundOptions.Invalid.class)
                .hasMessage("unknown scenario 'canery'; choose one of canary, bad-canary, blue-green, ab-test, abort or all");
    }

    @Test
    void anUnknownOptionAMissingValueAndABadPortAreRefused() {
        assertThatThrownBy(() -> PlaygroundOptions.parse(List.of("--fast")))
                .isInstanceOf(PlaygroundOptions.Invalid.class).hasMessageStartingWith("unknown option '--fast'; usage: ");
        assertThatThrownBy(() -> PlaygroundOptions.parse(List.of("--scenario")))
                .isInstanceOf(PlaygroundOptions.Invalid.class).hasMessageStartingWith("--scenario needs a value");
        assertThatThrownBy(() -> PlaygroundOptions.parse(List.of("--port", "70000")))
                .isInstanceOf(PlaygroundOptions.Invalid.class).hasMessage("--port needs a number from 0 to 65535, not '70000'");
    }
}
