package io.benchfleet.jobdefs.harbor;

/**
 * The model an agent used: Harbor's {@code ModelInfo} ({@code harbor/models/trial/result.py}).
 *
 * @param name     the bare model name, e.g. {@code claude-opus-4-1}
 * @param provider e.g. {@code anthropic}; absent when the model was given without a {@code provider/} prefix
 */
public record ModelInfo(String name, String provider) {

    /** No model information (the field was absent). */
    static final ModelInfo NONE = new ModelInfo(null, null);
}
