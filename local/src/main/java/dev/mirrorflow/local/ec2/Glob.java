package dev.mirrorflow.local.ec2;

/** EC2 filter-value wildcards: {@code *} matches any run of characters, {@code ?} any one character. */
final class Glob {
  private Glob() {}

  static boolean matches(String pattern, String value) {
    if (value == null) {
      return false;
    }
    return matches(pattern, 0, value, 0);
  }

  private static boolean matches(String p, int pi, String v, int vi) {
    while (pi < p.length()) {
      char c = p.charAt(pi);
      if (c == '*') {
        for (int k = vi; k <= v.length(); k++) {
          if (matches(p, pi + 1, v, k)) {
            return true;
          }
        }
        return false;
      }
      if (vi >= v.length() || (c != '?' && c != v.charAt(vi))) {
        return false;
      }
      pi++;
      vi++;
    }
    return vi == v.length();
  }
}
