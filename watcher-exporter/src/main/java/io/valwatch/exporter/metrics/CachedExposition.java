package io.valwatch.exporter.metrics;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.valwatch.model.ChainStatus;
import io.valwatch.model.ValidatorStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Writes a registry's exposition in one of the text formats with the validators' families of a
 * {@link WatcherCollector} (nearly all of the samples) rendered once per change of a chain's validators
 * rather than at every scrape. The other families (chains, endpoints, the JVM, other collectors) are written
 * at every scrape, and all are put in the order the registry would write them, so the result is the
 * registry's own exposition byte for byte.
 *
 * <p>Each chain's part of each validators' family is kept as text, deflated: the label sets repeat from family
 * to family, so it takes about a fourteenth of its size (a chain of 200 tracked validators writes 630 KB of
 * them). A scrape inflates it into the answer.
 *
 * <p>Relies on the text writers writing a family's lines from that family alone (an exposition of several
 * families is the concatenation of each family's, plus the OpenMetrics {@code # EOF} line once at the end),
 * on a family's header being its leading {@code #} lines, and on the registry putting the samples of a
 * merged family in the order of their labels, which for the validators' families begin with {@code
 * chain_id}: one chain's samples after another's, in the order of their ids.
 */
public final class CachedExposition {
  private static final byte[] EOF = "# EOF\n".getBytes(StandardCharsets.US_ASCII);

  private final PrometheusRegistry registry;
  private final WatcherCollector watcher;
  /** Each chain's validators' families as last rendered, by chain id. */
  private Map<String, ChainText> chains = Map.of();
  private long chainsRendered;

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
    List<ChainStatus> statuses = new ArrayList<>(watcher.chains());
    statuses.sort(Comparator.comparing(ChainStatus::chainId));
    Map<String, ChainText> current = new HashMap<>();
    // Each validators' family: its header, then every chain's lines, in the order of the chains' ids.
    Map<String, List<Text>> families = new TreeMap<>();
    for (ChainStatus chain : statuses) {
      ChainText text = chains.get(chain.chainId());
      if (text == null || !text.renders(chain.validators(), writer, escaping)) {
        text = render(chain, writer, escaping);
        chainsRendered++;
      }
      current.put(chain.chainId(), text);
      text.families().forEach((name, family) -> families.computeIfAbsent(name, n -> new ArrayList<>()).add(family));
    }
    chains = current;
    MetricSnapshots others = registry.scrape(name -> !WatcherCollector.isValidatorFamily(name));

    Answer answer = new Answer();
    List<MetricSnapshot> rest = others.stream().toList();
    List<Map.Entry<String, List<Text>>> cached = new ArrayList<>(families.entrySet());
    int i = 0;
    int j = 0;
    while (i < rest.size() || j < cached.size()) {
      if (j == cached.size() || (i < rest.size() && name(rest.get(i)).compareTo(cached.get(j).getKey()) < 0)) {
        answer.add(family(writer, rest.get(i++), escaping));
      } else {
        List<Text> parts = cached.get(j++).getValue();
        answer.add(parts.get(0).header());
        parts.forEach(answer::add);
      }
    }
    if (writer instanceof OpenMetricsTextFormatWriter) {
      answer.add(EOF);
    }
    return answer.bytes();
  }

  /** How many times a chain's validators' families were rendered since this was made. */
  synchronized long chainsRendered() {
    return chainsRendered;
  }

  private static ChainText render(ChainStatus chain, ExpositionFormatWriter writer, EscapingScheme escaping)
      throws IOException {
    Map<String, Text> families = new HashMap<>();
    Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
    try {
      for (MetricSnapshot s : WatcherCollector.validatorSnapshots(chain)) {
        byte[] text = family(writer, s, escaping);
        int lines = headerLength(text);
        families.put(name(s), Text.of(Arrays.copyOf(text, lines), text, lines, deflater));
      }
    } finally {
      deflater.end();
    }
    return new ChainText(new WeakReference<>(chain.validators()), writer, escaping, Map.copyOf(families));
  }

  /** The length of a family's header: its leading comment lines ({@code # HELP}, {@code # TYPE}, {@code # UNIT}). */
  private static int headerLength(byte[] text) {
    int at = 0;
    while (at < text.length && text[at] == '#') {
      while (text[at] != '\n') {
        at++;
      }
      at++;
    }
    return at;
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

  /**
   * One chain's validators' families as rendered from one list of validators, which is only referred to
   * weakly (a chain's status holds a new list whenever its validators changed, and the old one need not be
   * kept alive for the comparison).
   */
  private record ChainText(
      WeakReference<List<ValidatorStatus>> validators,
      ExpositionFormatWriter writer,
      EscapingScheme escaping,
      Map<String, Text> families) {
    boolean renders(List<ValidatorStatus> now, ExpositionFormatWriter w, EscapingScheme e) {
      return validators.get() == now && writer == w && escaping == e;
    }
  }

  /** One chain's part of a family: the family's header, and its sample lines deflated. */
  private record Text(byte[] header, byte[] deflated, int length) {
    static Text of(byte[] header, byte[] text, int from, Deflater deflater) {
      deflater.reset();
      deflater.setInput(text, from, text.length - from);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, (text.length - from) / 8));
      byte[] buffer = new byte[8192];
      while (!deflater.finished()) {
        out.write(buffer, 0, deflater.deflate(buffer));
      }
      return new Text(header, out.toByteArray(), text.length - from);
    }
  }

  /** The answer's parts, put together once their size is known. */
  private static final class Answer {
    private final List<Object> parts = new ArrayList<>();
    private long size;

    void add(byte[] bytes) {
      parts.add(bytes);
      size += bytes.length;
    }

    void add(Text text) {
      parts.add(text);
      size += text.length();
    }

    byte[] bytes() throws IOException {
      if (size > Integer.MAX_VALUE - 16) {
        throw new IOException("exposition of " + size + " bytes is too large");
      }
      byte[] out = new byte[(int) size];
      int at = 0;
      Inflater inflater = new Inflater(true);
      try {
        for (Object part : parts) {
          if (part instanceof byte[] bytes) {
            System.arraycopy(bytes, 0, out, at, bytes.length);
            at += bytes.length;
          } else {
            Text text = (Text) part;
            inflater.reset();
            inflater.setInput(text.deflated());
            int end = at + text.length();
            while (at < end) {
              int n = inflater.inflate(out, at, end - at);
              if (n == 0) {
                throw new IOException("cached exposition text ends early");
              }
              at += n;
            }
          }
        }
      } catch (DataFormatException e) {
        throw new IOException("cached exposition text is corrupt", e);
      } finally {
        inflater.end();
      }
      return out;
    }
  }
}
