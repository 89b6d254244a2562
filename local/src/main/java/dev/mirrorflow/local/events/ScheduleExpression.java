package dev.mirrorflow.local.events;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An EventBridge rule's {@code ScheduleExpression}: {@code rate(value unit)} (unit minute(s),
 * hour(s) or day(s); singular exactly when the value is 1) or EventBridge's six-field
 * {@code cron(minutes hours day-of-month month day-of-week year)} in UTC, where exactly one of the
 * two day fields is {@code ?}, with lists, ranges, steps, month and day names, {@code L},
 * {@code W}, {@code LW} and {@code #}.
 */
public abstract sealed class ScheduleExpression
    permits ScheduleExpression.Rate, ScheduleExpression.Cron {
  private static final Pattern RATE = Pattern.compile("rate\\((\\d+) (minute|minutes|hour|hours|day|days)\\)");
  private static final Pattern CRON = Pattern.compile("cron\\((.*)\\)");

  private final String expression;

  private ScheduleExpression(String expression) {
    this.expression = expression;
  }

  /**
   * Parses an expression.
   *
   * @throws IllegalArgumentException if EventBridge would refuse it
   */
  public static ScheduleExpression parse(String expression) {
    Matcher rate = RATE.matcher(expression);
    if (rate.matches()) {
      long value;
      try {
        value = Long.parseLong(rate.group(1));
      } catch (NumberFormatException e) {
        throw invalid(expression);
      }
      String unit = rate.group(2);
      boolean singular = !unit.endsWith("s");
      if (value < 1 || (value == 1) != singular) {
        throw invalid(expression);
      }
      Duration period =
          switch (unit.replaceAll("s$", "")) {
            case "minute" -> Duration.ofMinutes(value);
            case "hour" -> Duration.ofHours(value);
            default -> Duration.ofDays(value);
          };
      return new Rate(expression, period);
    }
    Matcher cron = CRON.matcher(expression);
    if (cron.matches()) {
      return Cron.parse(expression, cron.group(1).trim());
    }
    throw invalid(expression);
  }

  private static IllegalArgumentException invalid(String expression) {
    return new IllegalArgumentException("Parameter ScheduleExpression is not valid.");
  }

  /** The expression as given. */
  public String expression() {
    return expression;
  }

  /**
   * The first firing strictly after {@code after}, for a schedule that started at {@code start};
   * empty when it never fires again.
   */
  public abstract Optional<Instant> nextAfter(Instant after, Instant start);

  @Override
  public String toString() {
    return expression;
  }

  /** {@code rate(...)}: fires every period, counted from when the schedule started. */
  public static final class Rate extends ScheduleExpression {
    private final Duration period;

    private Rate(String expression, Duration period) {
      super(expression);
      this.period = period;
    }

    public Duration period() {
      return period;
    }

    @Override
    public Optional<Instant> nextAfter(Instant after, Instant start) {
      if (after.isBefore(start)) {
        return Optional.of(start.plus(period));
      }
      long elapsed = Duration.between(start, after).toNanos();
      long periods = elapsed / period.toNanos() + 1;
      return Optional.of(start.plusNanos(periods * period.toNanos()));
    }
  }

  /** {@code cron(...)}: fires at the start of every matching minute, UTC. */
  public static final class Cron extends ScheduleExpression {
    private static final List<String> MONTHS =
        List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    private static final int MAX_YEAR = 2199;

    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet months;
    private final BitSet years;
    private final DayRule days;

    private Cron(String expression, BitSet minutes, BitSet hours, BitSet months, BitSet years, DayRule days) {
      super(expression);
      this.minutes = minutes;
      this.hours = hours;
      this.months = months;
      this.years = years;
      this.days = days;
    }

    static Cron parse(String expression, String body) {
      String[] f = body.split("\\s+");
      if (f.length != 6) {
        throw invalid(expression);
      }
      try {
        BitSet minutes = field(f[0], 0, 59, null);
        BitSet hours = field(f[1], 0, 23, null);
        BitSet months = field(f[3], 1, 12, MONTHS);
        BitSet years = field(f[5], 1970, MAX_YEAR, null);
        boolean domAny = f[2].equals("?");
        boolean dowAny = f[4].equals("?");
        if (domAny == dowAny) {
          throw invalid(expression);
        }
        DayRule days = domAny ? dayOfWeek(f[4]) : dayOfMonth(f[2]);
        return new Cron(expression, minutes, hours, months, years, days);
      } catch (IllegalArgumentException e) {
        throw invalid(expression);
      }
    }

    @Override
    public Optional<Instant> nextAfter(Instant after, Instant start) {
      LocalDateTime t =
          LocalDateTime.ofInstant(after, ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
      while (t.getYear() <= MAX_YEAR) {
        if (!years.get(t.getYear())) {
          t = LocalDateTime.of(t.getYear() + 1, 1, 1, 0, 0);
        } else if (!months.get(t.getMonthValue())) {
          t = t.toLocalDate().withDayOfMonth(1).plusMonths(1).atStartOfDay();
        } else if (!days.matches(t.toLocalDate())) {
          t = t.toLocalDate().plusDays(1).atStartOfDay();
        } else if (!hours.get(t.getHour())) {
          t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
        } else if (!minutes.get(t.getMinute())) {
          t = t.plusMinutes(1);
        } else {
          return Optional.of(t.toInstant(ZoneOffset.UTC));
        }
      }
      return Optional.empty();
    }

    private interface DayRule {
      boolean matches(LocalDate date);
    }

    private static DayRule dayOfMonth(String field) {
      if (field.equals("L")) {
        return d -> d.getDayOfMonth() == d.lengthOfMonth();
      }
      if (field.equals("LW")) {
        return d -> d.equals(lastWeekday(d));
      }
      if (field.matches("\\d{1,2}W")) {
        int day = Integer.parseInt(field.substring(0, field.length() - 1));
        if (day < 1 || day > 31) {
          throw new IllegalArgumentException(field);
        }
        return d -> day <= d.lengthOfMonth() && d.equals(nearestWeekday(d.withDayOfMonth(day)));
      }
      BitSet set = field(field, 1, 31, null);
      return d -> set.get(d.getDayOfMonth());
    }

    private static DayRule dayOfWeek(String field) {
      if (field.equals("L")) {
        return d -> d.getDayOfWeek() == DayOfWeek.SATURDAY;
      }
      Matcher last = Pattern.compile("(\\w+)L").matcher(field);
      if (last.matches()) {
        int dow = value(last.group(1), 1, 7, DAYS);
        return d -> cronDay(d) == dow && d.plusWeeks(1).getMonthValue() != d.getMonthValue();
      }
      Matcher nth = Pattern.compile("(\\w+)#([1-5])").matcher(field);
      if (nth.matches()) {
        int dow = value(nth.group(1), 1, 7, DAYS);
        int n = Integer.parseInt(nth.group(2));
        return d -> cronDay(d) == dow && (d.getDayOfMonth() - 1) / 7 + 1 == n;
      }
      BitSet set = field(field, 1, 7, DAYS);
      return d -> set.get(cronDay(d));
    }

    /** Cron numbers days 1 (Sunday) to 7 (Saturday). */
    private static int cronDay(LocalDate d) {
      return d.getDayOfWeek().getValue() % 7 + 1;
    }

    private static LocalDate lastWeekday(LocalDate d) {
      LocalDate last = d.with(TemporalAdjusters.lastDayOfMonth());
      while (last.getDayOfWeek() == DayOfWeek.SATURDAY || last.getDayOfWeek() == DayOfWeek.SUNDAY) {
        last = last.minusDays(1);
      }
      return last;
    }

    private static LocalDate nearestWeekday(LocalDate d) {
      if (d.getDayOfWeek() == DayOfWeek.SATURDAY) {
        return d.getDayOfMonth() == 1 ? d.plusDays(2) : d.minusDays(1);
      }
      if (d.getDayOfWeek() == DayOfWeek.SUNDAY) {
        return d.getDayOfMonth() == d.lengthOfMonth() ? d.minusDays(2) : d.plusDays(1);
      }
      return d;
    }

    private static BitSet field(String field, int min, int max, List<String> names) {
      BitSet set = new BitSet(max + 1);
      for (String part : field.split(",", -1)) {
        String range = part;
        int step = 1;
        int slash = part.indexOf('/');
        if (slash >= 0) {
          range = part.substring(0, slash);
          step = Integer.parseInt(part.substring(slash + 1));
          if (step < 1) {
            throw new IllegalArgumentException(part);
          }
        }
        int from;
        int to;
        if (range.equals("*")) {
          from = min;
          to = max;
        } else if (range.contains("-")) {
          String[] bounds = range.split("-", -1);
          if (bounds.length != 2) {
            throw new IllegalArgumentException(part);
          }
          from = value(bounds[0], min, max, names);
          to = value(bounds[1], min, max, names);
        } else {
          from = value(range, min, max, names);
          to = slash >= 0 ? max : from;
        }
        if (from <= to) {
          for (int v = from; v <= to; v += step) {
            set.set(v);
          }
        } else {
          // A wrapping range such as FRI-MON or 22-2.
          int span = max - min + 1;
          for (int i = 0; i <= to - from + span; i += step) {
            int v = from + i;
            set.set(v > max ? v - span : v);
          }
        }
      }
      return set;
    }

    private static int value(String text, int min, int max, List<String> names) {
      int v;
      if (names != null && names.contains(text.toUpperCase(Locale.ROOT))) {
        v = names.indexOf(text.toUpperCase(Locale.ROOT)) + 1;
      } else {
        v = Integer.parseInt(text);
      }
      if (v < min || v > max) {
        throw new IllegalArgumentException(text);
      }
      return v;
    }
  }
}
