package io.kulta.cli;

import io.kulta.model.Phase;

/** How output looks: colour, symbols and box-drawing on a terminal; plain ASCII otherwise (pipes, CI logs, golden files). */
record Style(boolean tty) {
    private static final String RESET = "\u001b[0m";
    private static final String RED = "\u001b[31m";
    private static final String GREEN = "\u001b[32m";
    private static final String YELLOW = "\u001b[33m";
    private static final String BLUE = "\u001b[34m";
    private static final String BOLD = "\u001b[1m";
    private static final String DIM = "\u001b[2m";

    static final Style PLAIN = new Style(false);

    String branch(boolean last) {
        return tty ? (last ? "└── " : "├── ") : (last ? "`-- " : "|-- ");
    }

    String indent(boolean last) {
        return tty ? (last ? "    " : "│   ") : (last ? "    " : "|   ");
    }

    String bold(String text) {
        return paint(BOLD, text);
    }

    String dim(String text) {
        return paint(DIM, text);
    }

    /** A phase with its symbol and colour on a terminal, the bare name otherwise. */
    String phase(Phase phase) {
        if (phase == null) return tty ? paint(DIM, "… Unknown") : "Unknown";
        if (!tty) return phase.name();
        return switch (phase) {
            case Completed -> paint(GREEN, "✔ " + phase);
            case Failed, Aborted -> paint(RED, "✖ " + phase);
            case Paused -> paint(YELLOW, "॥ " + phase);
            case Progressing, Initializing, Preview, Experimenting -> paint(BLUE, "◌ " + phase);
            case Concluded -> paint(GREEN, "◉ " + phase);
        };
    }

    /** A verdict (Pass, Fail, Inconclusive, Error; A/B: significant or not) coloured on a terminal. */
    String verdict(String verdict) {
        if (verdict == null) return tty ? paint(DIM, "-") : "-";
        if (!tty) return verdict;
        return switch (verdict) {
            case "Pass" -> paint(GREEN, "✔ " + verdict);
            case "Fail", "Error" -> paint(RED, "✖ " + verdict);
            default -> paint(YELLOW, "? " + verdict);
        };
    }

    private String paint(String colour, String text) {
        return tty ? colour + text + RESET : text;
    }
}
