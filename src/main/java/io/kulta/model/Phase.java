package io.kulta.model;

public enum Phase {
    Initializing, Progressing, Paused, Preview, Experimenting, Concluded, Completed, Failed, Aborted
}
