package dev.mirrorflow.local.ec2;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * EC2's describe semantics, shared by every Describe action: {@code Filter.N} (values OR-ed, filters
 * AND-ed, {@code *}/{@code ?} wildcards, {@code tag:KEY} and {@code tag-key}), and paging with
 * {@code MaxResults} (5 to 1000) and an opaque {@code NextToken}.
 */
final class Describe<T> {
  /** One page of results and the token of the next, or null on the last page. */
  record Page<T>(List<T> items, String nextToken) {}

  private final Map<String, Function<T, Object>> attributes;
  private final Function<T, String> id;
  private final Map<String, Map<String, String>> tags;

  /**
   * @param attributes filter name to the attribute it matches (a value, a collection of values, or null)
   * @param id the sort and paging key of an item
   * @param tags every resource's tags
   */
  Describe(Map<String, Function<T, Object>> attributes, Function<T, String> id, Map<String, Map<String, String>> tags) {
    this.attributes = attributes;
    this.id = id;
    this.tags = tags;
  }

  /** Filters and pages {@code items} (sorted by id) as the request asks. */
  Page<T> apply(List<T> items, QueryParams params) {
    List<QueryParams.Filter> filters = params.filters();
    for (QueryParams.Filter f : filters) {
      if (!f.name().startsWith("tag:") && !f.name().equals("tag-key") && !attributes.containsKey(f.name())) {
        throw LocalEc2Exception.client("InvalidParameterValue", "The filter '" + f.name() + "' is invalid");
      }
    }
    List<T> matching = items.stream().filter(item -> filters.stream().allMatch(f -> matches(item, f))).toList();
    Integer max = params.integer("MaxResults").orElse(null);
    String token = params.string("NextToken");
    if (max != null && (max < 5 || max > 1000)) {
      throw LocalEc2Exception.client("InvalidParameterValue",
          "Value ( " + max + " ) for parameter maxResults is invalid. Expecting a value between 5 and 1000.");
    }
    int start = 0;
    if (token != null && !token.isEmpty()) {
      String after = decode(token);
      start = matching.size();
      for (int i = 0; i < matching.size(); i++) {
        if (id.apply(matching.get(i)).compareTo(after) > 0) {
          start = i;
          break;
        }
      }
    }
    if (max == null) {
      return new Page<>(matching.subList(start, matching.size()), null);
    }
    int end = Math.min(matching.size(), start + max);
    String next = end < matching.size() ? encode(id.apply(matching.get(end - 1))) : null;
    return new Page<>(matching.subList(start, end), next);
  }

  private boolean matches(T item, QueryParams.Filter filter) {
    Map<String, String> itemTags = tags.getOrDefault(id.apply(item), Map.of());
    if (filter.name().startsWith("tag:")) {
      String value = itemTags.get(filter.name().substring(4));
      return value != null && anyMatches(filter.values(), Set.of(value));
    }
    if (filter.name().equals("tag-key")) {
      return anyMatches(filter.values(), itemTags.keySet());
    }
    Object attribute = attributes.get(filter.name()).apply(item);
    if (attribute == null) {
      return false;
    }
    Collection<?> values = attribute instanceof Collection<?> c ? c : List.of(attribute);
    return anyMatches(filter.values(), values.stream().map(String::valueOf).toList());
  }

  private static boolean anyMatches(List<String> patterns, Collection<String> values) {
    return patterns.stream().anyMatch(p -> values.stream().anyMatch(v -> Glob.matches(p, v)));
  }

  private static String encode(String lastId) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(("after:" + lastId).getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String token) {
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (decoded.startsWith("after:")) {
        return decoded.substring(6);
      }
    } catch (IllegalArgumentException e) {
      // falls through to the error below
    }
    throw LocalEc2Exception.client("InvalidPaginationToken", "The pagination token '" + token + "' is invalid.");
  }
}
