/**
 * Classification pipelines on Kafka, for any input kind: {@code <kind>s} topic → decode and validate → changelogged
 * micro-batch queue → batched inference → {@code <kind>-classes} topic, with prequential scoring of labelled inputs,
 * a bounded training buffer and periodic refits off the stream threads ({@link io.streamcast.app.classify.ClassifierModelSource}).
 *
 * <p>A new kind (texts, sequences) plugs in with:
 * <ol>
 *   <li>a model implementing {@link io.streamcast.models.classify.Classifier} and a
 *       {@link io.streamcast.models.classify.ClassifierTrainer} for its refits (in {@code models/});</li>
 *   <li>an {@link io.streamcast.app.classify.InputDecoder} for the kind's fields of a record (the envelope — id,
 *       label, payload limit — is common);</li>
 *   <li>a {@link io.streamcast.app.config.ClassifierSettings.Kind} registered with one
 *       {@code ClassifierSettings.define(DEFINITION, KIND)} line in {@code StreamcastConfig} (topics, model file,
 *       classes, top-k, limits, refit policy under {@code streamcast.<kind>.});</li>
 *   <li>a factory building its {@link io.streamcast.app.classify.ClassifierPipeline} (see
 *       {@code image.ImagePipeline}) and one line in {@code StreamcastApp} adding it when enabled; the app creates
 *       its topics, adds it with {@link io.streamcast.app.classify.ClassifyTopology#addTo}, routes its dead-letter
 *       counts and closes it.</li>
 * </ol>
 */
package io.streamcast.app.classify;
