package io.streamcast.app.messages;

/**
 * One validated point of a series, as read from the {@code prices} topic.
 *
 * @param series      the series id (the record key)
 * @param timestampMs the point's time, epoch milliseconds
 * @param value       a finite value
 */
public record PricePoint(String series, long timestampMs, double value) {
}
