package io.valwatch.exporter.metrics;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Writes a registry's exposition in one of the text formats with the validators' families of a
 * {@link WatcherCollector} (nearly all of the samples) rendered once per change of any chain's validators
 * rather than at every scrape. The other families (chains, endpoints, the JVM, other collectors) are written
 * at every scrape, and all are put in the order the registry would write them, so the result is the
 * registry's own exposition byte for byte.
 *
 * <p>Relies on the text writers writing a family's lines from that family alone: an exposition of several
 * families is the concatenation of each family's, plus the OpenMetrics {@code # EOF} line once at the end.
 */
public final class CachedExposition {
  private static final byte[] EOF = "# EOF\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private final PrometheusRegistry registry;
  private final WatcherCollector watcher;
  private Rendered rendered;

  /**
   * @param registry every metric served, {@code watcher} included
   * @param watcher the collector whose validators' families are cached; registered in {@code registry}
   */
  public CachedExposition(PrometheusRegistry registry, WatcherCollector watcher) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.watcher = Objects.requireNonNull(watcher, "watcher");
  }

  /** Whether {@link #write} can write in the format of {@code writer}: the two text formats. */
  public static boolean supports(ExpositionFormatWriter writer) {
    return writer instanceof PrometheusTextFormatWriter || writer instanceof OpenMetricsTextFormatWriter;
  }

  /**
   * The whole exposition in {@code writer}'s format, as {@code writer.write(out, registry.scrape(), escaping)}
   * would write it.
   *
   * @throws IllegalArgumentException when {@code writer} is not {@linkplain #supports supported}
   */
  public synchronized byte[] write(ExpositionFormatWriter writer, EscapingScheme escaping) throws IOException {
    if (!supports(writer)) {
      throw new IllegalArgumentException("not a text format: " + writer.getContentType());
    }
    Rendered cached = rendered;
    Set<String> cachedNames = cached == null ? Set.of() : cached.names();
    // Brings every chain's validators' samples up to date and gives the rest.
    MetricSnapshots others = registry.scrape(name -> !cachedNames.contains(name));
    if (cached == null
        || cached.generation() != watcher.validatorGeneration()
        || cached.writer() != writer
        || cached.escaping() != escaping) {
      cached = render(writer, escaping);
      rendered = cached;
      if (!cached.names().equals(cachedNames)) {
        // Other families would have been left out, or validators' families written twice.
        others = registry.scrape(name -> !rendered.names().contains(name));
      }
    }
    List<byte[]> parts = new ArrayList<>();
    int size = 0;
    List<MetricSnapshot> rest = others.stream().toList();
    int i = 0;
    int j = 0;
    while (i < rest.size() || j < cached.families().size()) {
      byte[] part;
      if (j == cached.families().size()
          || (i < rest.size() && name(rest.get(i)).compareTo(cached.families().get(j).name()) < 0)) {
        part = family(writer, rest.get(i++), escaping);
      } else {
        part = cached.families().get(j++).text();
      }
      parts.add(part);
      size += part.length;
    }
    boolean openMetrics = writer instanceof OpenMetricsTextFormatWriter;
    byte[] out = new byte[size + (openMetrics ? EOF.length : 0)];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    if (openMetrics) {
      System.arraycopy(EOF, 0, out, at, EOF.length);
    }
    return out;
  }

  private Rendered render(ExpositionFormatWriter writer, EscapingScheme escaping) throws IOException {
    WatcherCollector.ValidatorFamilies families = watcher.validatorFamilies();
    List<Family> texts = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (MetricSnapshot s : new MetricSnapshots(families.snapshots())) {
      texts.add(new Family(name(s), family(writer, s, escaping)));
      names.add(name(s));
    }
    return new Rendered(families.generation(), writer, escaping, Set.copyOf(names), List.copyOf(texts));
  }

  /** One family's lines as {@code writer} writes them, without the OpenMetrics end line. */
  private static byte[] family(ExpositionFormatWriter writer, MetricSnapshot snapshot, EscapingScheme escaping)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writer.write(out, new MetricSnapshots(snapshot), escaping);
    byte[] text = out.toByteArray();
    if (writer instanceof OpenMetricsTextFormatWriter) {
      if (!endsWithEof(text)) {
        throw new IllegalStateException("OpenMetrics text without its end line");
      }
      return Arrays.copyOf(text, text.length - EOF.length);
    }
    return text;
  }

  private static boolean endsWithEof(byte[] text) {
    return text.length >= EOF.length
        && Arrays.equals(text, text.length - EOF.length, text.length, EOF, 0, EOF.length);
  }

  private static String name(MetricSnapshot snapshot) {
    return snapshot.getMetadata().getPrometheusName();
  }

  private record Family(String name, byte[] text) {}

  private record Rendered(
      long generation, ExpositionFormatWriter writer, EscapingScheme escaping, Set<String> names, List<Family> families) {}
}
