package io.valwatch.exporter.metrics;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot.UnknownDataPointSnapshot;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * One metric family read from status records of type {@code T}. A record for which {@code value} gives
 * {@code null} (or NaN) contributes no sample.
 *
 * @param name the name as exposed, {@code _total} included for counters
 * @param type how it is typed in the exposition
 * @param help the help text, unit included
 * @param unit the OpenMetrics unit, or {@code null}
 * @param value reads the value: a {@link Number} or a {@link Boolean} (1 or 0), {@code null} when unknown
 */
record Family<T>(String name, Type type, String help, Unit unit, Function<T, Object> value) {
  private static final String TOTAL = "_total";

  /** How a family is typed in the exposition. */
  enum Type {
    GAUGE,
    COUNTER,
    /**
     * A counter whose name does not end in {@code _total} (another exporter's names, kept exactly): exposed
     * untyped, as OpenMetrics allows a counter's samples only with that suffix.
     */
    UNTYPED
  }

  static <T> Family<T> gauge(String name, String help, Function<T, Object> value) {
    return new Family<>(name, Type.GAUGE, help, null, value);
  }

  static <T> Family<T> gauge(String name, String help, Unit unit, Function<T, Object> value) {
    return new Family<>(name, Type.GAUGE, help, unit, value);
  }

  static <T> Family<T> counter(String name, String help, Function<T, Object> value) {
    if (!name.endsWith(TOTAL)) {
      throw new IllegalArgumentException("a counter's name ends with _total: " + name);
    }
    return new Family<>(name, Type.COUNTER, help, null, value);
  }

  static <T> Family<T> untyped(String name, String help, Function<T, Object> value) {
    return new Family<>(name, Type.UNTYPED, help, null, value);
  }

  /** The family's name as its snapshot carries it: a counter's without {@code _total}, which the writers add. */
  String prometheusName() {
    return type == Type.COUNTER ? name.substring(0, name.length() - TOTAL.length()) : name;
  }

  /** A labeled status record. */
  record Source<T>(Labels labels, T status) {}

  /** The snapshot of this family over {@code sources}; empty when none of them has a value. */
  Optional<MetricSnapshot> snapshot(List<Source<T>> sources) {
    List<Point> points = new ArrayList<>();
    for (Source<T> source : sources) {
      Double v = toDouble(value.apply(source.status()));
      if (v != null) {
        points.add(new Point(source.labels(), v));
      }
    }
    if (points.isEmpty()) {
      return Optional.empty();
    }
    if (type == Type.COUNTER) {
      // client_java appends _total to a counter's name when it writes it out.
      CounterSnapshot.Builder builder =
          CounterSnapshot.builder().name(prometheusName()).help(help);
      points.forEach(
          p -> builder.dataPoint(CounterDataPointSnapshot.builder().labels(p.labels()).value(p.value()).build()));
      return Optional.of(builder.build());
    }
    if (type == Type.UNTYPED) {
      UnknownSnapshot.Builder builder = UnknownSnapshot.builder().name(name).help(help);
      points.forEach(
          p -> builder.dataPoint(UnknownDataPointSnapshot.builder().labels(p.labels()).value(p.value()).build()));
      return Optional.of(builder.build());
    }
    GaugeSnapshot.Builder builder = GaugeSnapshot.builder().name(name).help(help).unit(unit);
    points.forEach(
        p -> builder.dataPoint(GaugeDataPointSnapshot.builder().labels(p.labels()).value(p.value()).build()));
    return Optional.of(builder.build());
  }

  private record Point(Labels labels, double value) {}

  /** A sample's value; {@code null}, an empty optional or NaN mean no sample. */
  private static Double toDouble(Object value) {
    if (value instanceof Optional<?> o) {
      return toDouble(o.orElse(null));
    } else if (value instanceof OptionalLong l) {
      return l.isPresent() ? toDouble(l.getAsLong()) : null;
    } else if (value instanceof OptionalInt i) {
      return i.isPresent() ? toDouble(i.getAsInt()) : null;
    } else if (value instanceof OptionalDouble d) {
      return d.isPresent() ? toDouble(d.getAsDouble()) : null;
    }
    if (value == null) {
      return null;
    }
    double v;
    if (value instanceof Boolean b) {
      v = b ? 1 : 0;
    } else if (value instanceof BigInteger i) {
      v = i.doubleValue();
    } else if (value instanceof BigDecimal d) {
      v = d.doubleValue();
    } else {
      v = ((Number) value).doubleValue();
    }
    return Double.isNaN(v) ? null : v;
  }
}
