package io.valwatch.exporter.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * HTTP basic authentication against bcrypt password hashes ({@code $2a$}, {@code $2b$} and {@code $2y$}, as
 * {@code htpasswd -B} writes them). A bcrypt check takes tens of milliseconds by design, so a successful one is
 * remembered (by a SHA-256 of the user, the hash and the password) and a scraper pays for it once.
 */
final class BasicAuth {
  private static final BasicAuth NONE = new BasicAuth(Map.of());
  private static final int REMEMBERED = 64;

  private final Map<String, String> hashByUser;
  private final Set<String> verified = ConcurrentHashMap.newKeySet();

  private BasicAuth(Map<String, String> hashByUser) {
    this.hashByUser = Map.copyOf(hashByUser);
  }

  /** Checks against {@code hashByUser}; permits everyone when it is empty. */
  static BasicAuth of(Map<String, String> hashByUser) {
    return hashByUser.isEmpty() ? NONE : new BasicAuth(hashByUser);
  }

  /** True when no authentication is asked, or {@code authorization} names a user with the right password. */
  boolean permits(String authorization) {
    if (hashByUser.isEmpty()) {
      return true;
    }
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return false;
    }
    String credentials;
    try {
      credentials = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return false;
    }
    int colon = credentials.indexOf(':');
    if (colon < 0) {
      return false;
    }
    String user = credentials.substring(0, colon);
    String password = credentials.substring(colon + 1);
    String hash = hashByUser.get(user);
    // An unknown user costs one bcrypt check too, so that timing does not tell which users exist.
    boolean known = hash != null;
    String checked = known ? hash : hashByUser.values().iterator().next();
    String key = fingerprint(user, checked, password);
    if (known && verified.contains(key)) {
      return true;
    }
    boolean matches;
    try {
      matches = OpenBSDBCrypt.checkPassword(checked, password.toCharArray());
    } catch (IllegalArgumentException e) {
      matches = false;
    }
    if (known && matches) {
      if (verified.size() >= REMEMBERED) {
        verified.clear();
      }
      verified.add(key);
    }
    return known && matches;
  }

  private static String fingerprint(String user, String hash, String password) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      for (String part : new String[] {user, hash, password}) {
        sha256.update(part.getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha256.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
