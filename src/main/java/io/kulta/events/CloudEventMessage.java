package io.kulta.events;

/** A CloudEvents 1.0 event ready to send: its attributes and its JSON data (the CDEvent). */
public record CloudEventMessage(String id, String type, String source, String subject, String time, String data) {
    public static final String SPEC_VERSION = "1.0";
}
