package io.valwatch.rpc;

/**
 * Makes text that came from outside (endpoint answers, error messages, monikers) safe to emit in logs, the
 * status API, metric labels and alerts: {@linkplain #cap capped} so that one answer cannot flood a log or a
 * page, and {@linkplain #printable printable} so that no control character can start a forged log line or
 * recolour a terminal. Secrets are scrubbed by the endpoint that knows them ({@code RpcEndpoint#scrub}).
 */
public final class EmittedText {
  /** The longest piece of outside text valwatch emits in one message. */
  public static final int MAX_LENGTH = 1_000;

  private EmittedText() {}

  /** {@code text} cut to {@link #MAX_LENGTH} characters. */
  public static String cap(String text) {
    return cap(text, MAX_LENGTH);
  }

  /**
   * {@code text} cut to {@code maxLength} characters, saying how many were left out; {@code ""} for {@code
   * null}.
   */
  public static String cap(String text, int maxLength) {
    if (text == null) {
      return "";
    }
    if (text.length() <= maxLength) {
      return text;
    }
    int end = maxLength;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + "... (" + (text.length() - end) + " more characters)";
  }

  /**
   * {@code text} with every control character (C0, DEL, C1, the Unicode line and paragraph separators and the
   * bidirectional overrides) written as a visible escape such as {@code \n} or {@code \u001B}; {@code ""} for
   * {@code null}. Text without such characters is returned as is.
   */
  public static String printable(String text) {
    if (text == null) {
      return "";
    }
    int first = firstControl(text);
    if (first < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
    for (int i = first; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!isControl(c)) {
        out.append(c);
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c == '\t') {
        out.append("\\t");
      } else {
        out.append(String.format("\\u%04X", (int) c));
      }
    }
    return out.toString();
  }

  private static int firstControl(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (isControl(text.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isControl(char c) {
    return c < 0x20
        || (c >= 0x7F && c <= 0x9F)
        || c == '\u2028'
        || c == '\u2029'
        || (c >= '\u202A' && c <= '\u202E')
        || (c >= '\u2066' && c <= '\u2069');
  }
}
