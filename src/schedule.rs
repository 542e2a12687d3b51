//! The recurrence of a series: which dates it meets on, and at what time.
//!
//! A schedule is parsed once from the strings of `[series.<name>]` and then
//! answers questions about dates: is this date on the schedule, is it
//! skipped, which are the next occurrences, when does the call start in the
//! archive's time zone (daylight-saving changes included). A series whose
//! schedule changed over the years has periods (`[[series.<name>.periods]]`):
//! each is in force from its first day until the next begins, or until its
//! own last day, and keeps from the series what it does not say. Before the
//! first period, the series' own values hold; after a period that ends with
//! none to follow, the series does not meet.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, Days, Duration, Months, NaiveDate, NaiveTime, TimeZone, Weekday};
use chrono_tz::Tz;

/// How often a series meets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Every {
    Weeks(u32),
    Months(u32),
}

/// Which day of the week, or of the month.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum On {
    Weekday(Weekday),
    /// The n-th (1-4) weekday of the month, or the last one (0).
    Nth(u8, Weekday),
}

/// A problem with one key of a series: `every`, or `periods[1].on`.
#[derive(Debug, PartialEq)]
pub struct Invalid {
    pub key: String,
    pub message: String,
    pub help: String,
}

/// One way of meeting: how often, on which day, at what time, how long.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    pub every: Every,
    pub on: On,
    pub at: NaiveTime,
    pub duration: Duration,
    /// Where "every N weeks/months" counts from.
    anchor: NaiveDate,
}

/// A rule in force from `from` (until `until`, when given).
#[derive(Clone, Debug)]
pub struct Period {
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
    pub rule: Rule,
}

#[derive(Clone, Debug)]
pub struct Schedule {
    /// The series' own rule: before the first period, or without periods.
    pub base: Rule,
    /// In the order of their first days; they do not overlap.
    pub periods: Vec<Period>,
    pub skip: BTreeSet<NaiveDate>,
    /// The first meeting; series that meet every N weeks or months count from it.
    pub start: Option<NaiveDate>,
    pub tz: Tz,
}

/// The raw strings of a series, as written in minutes.toml.
pub struct Spec<'a> {
    pub every: &'a str,
    pub on: &'a str,
    pub at: &'a str,
    pub duration: Option<&'a str>,
    pub skip: &'a [NaiveDate],
    pub start: Option<NaiveDate>,
    pub periods: Vec<PeriodSpec<'a>>,
}

/// The raw strings of one period; what it leaves out comes from the series.
pub struct PeriodSpec<'a> {
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
    pub every: Option<&'a str>,
    pub on: Option<&'a str>,
    pub at: Option<&'a str>,
    pub duration: Option<&'a str>,
}

const ORDINALS: [&str; 5] = ["last", "first", "second", "third", "fourth"];

/// A Monday long ago, so that "every 2 weeks" is stable without a start.
fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 5).unwrap_or_default()
}

impl Schedule {
    /// Parses a series and its periods, reporting every key that is wrong.
    pub fn parse(spec: &Spec<'_>, tz: Tz) -> Result<Schedule, Vec<Invalid>> {
        let mut problems = Vec::new();
        let base = parse_rule(
            "",
            [spec.every, spec.on, spec.at],
            spec.duration,
            spec.start.unwrap_or_else(epoch),
            &mut problems,
        );
        let mut periods = Vec::new();
        for (i, p) in spec.periods.iter().enumerate() {
            let prefix = format!("periods[{i}].");
            if let Some(until) = p.until.filter(|u| *u < p.from) {
                problems.push(invalid(
                    &format!("{prefix}until"),
                    format!(
                        "period {} ends on {until}, before it begins on {}",
                        i + 1,
                        p.from
                    ),
                    "`until` is the last day of the period, on or after `from`",
                ));
            }
            let strings = [
                p.every.unwrap_or(spec.every),
                p.on.unwrap_or(spec.on),
                p.at.unwrap_or(spec.at),
            ];
            let duration = p.duration.or(spec.duration);
            if let Some(rule) = parse_rule(&prefix, strings, duration, p.from, &mut problems) {
                periods.push((
                    i,
                    Period {
                        from: p.from,
                        until: p.until,
                        rule,
                    },
                ));
            }
        }
        periods.sort_by_key(|(_, p)| p.from);
        for pair in periods.windows(2) {
            let ((i, a), (j, b)) = (&pair[0], &pair[1]);
            let (first, second) = (i.min(j) + 1, i.max(j) + 1);
            if a.from == b.from {
                problems.push(invalid(
                    &format!("periods[{j}].from"),
                    format!("periods {first} and {second} both begin on {}", b.from),
                    "give each period a day of its own to begin on",
                ));
            } else if let Some(until) = a.until.filter(|u| *u >= b.from) {
                problems.push(invalid(
                    &format!("periods[{i}].until"),
                    format!(
                        "periods {first} and {second} overlap: one lasts until {until}, the other begins on {}",
                        b.from
                    ),
                    &format!("end the earlier period before {}, or leave out its `until`", b.from),
                ));
            }
        }
        match base {
            Some(base) if problems.is_empty() => Ok(Schedule {
                base,
                periods: periods.into_iter().map(|(_, p)| p).collect(),
                skip: spec.skip.iter().copied().collect(),
                start: spec.start,
                tz,
            }),
            _ => Err(problems),
        }
    }

    /// The rule in force on `date`; `None` where a period has ended and no
    /// other has begun.
    pub fn rule_on(&self, date: NaiveDate) -> Option<&Rule> {
        match self.periods.iter().rev().find(|p| p.from <= date) {
            None => Some(&self.base),
            Some(p) if p.until.is_some_and(|u| date > u) => None,
            Some(p) => Some(&p.rule),
        }
    }

    /// The period in force on `date`, if a period is.
    pub fn period_on(&self, date: NaiveDate) -> Option<&Period> {
        self.periods
            .iter()
            .rev()
            .find(|p| p.from <= date)
            .filter(|p| p.until.is_none_or(|u| date <= u))
    }

    /// Whether the pattern falls on `date`, skipped or not.
    pub fn is_scheduled(&self, date: NaiveDate) -> bool {
        self.rule_on(date).is_some_and(|r| r.falls_on(date))
    }

    pub fn is_skipped(&self, date: NaiveDate) -> bool {
        self.skip.contains(&date)
    }

    /// The stretches of time in which one rule holds, in order: the
    /// series' own rule until its first period, then each period until it
    /// ends or the next begins.
    pub fn segments(&self) -> Vec<Segment<'_>> {
        let day_before = |d: NaiveDate| d.pred_opt().unwrap_or(d);
        let mut out = vec![Segment {
            from: None,
            until: self.periods.first().map(|p| day_before(p.from)),
            rule: &self.base,
        }];
        for (i, period) in self.periods.iter().enumerate() {
            let next = self.periods.get(i + 1).map(|n| day_before(n.from));
            let until = match (period.until, next) {
                (Some(own), Some(next)) => Some(own.min(next)),
                (own, next) => own.or(next),
            };
            out.push(Segment {
                from: Some(period.from),
                until,
                rule: &period.rule,
            });
        }
        out
    }

    /// The last day the series meets, when its last period has ended.
    pub fn end(&self) -> Option<NaiveDate> {
        self.periods.last().and_then(|p| p.until)
    }

    /// The meeting dates on or after `from`, skips left out.
    pub fn occurrences(&self, from: NaiveDate) -> impl Iterator<Item = NaiveDate> + '_ {
        let from = self.start.map_or(from, |s| s.max(from));
        let end = self.end();
        from.iter_days()
            .take_while(move |d| end.is_none_or(|e| *d <= e))
            .filter(|d| self.is_scheduled(*d) && !self.is_skipped(*d))
    }

    /// When the call on `date` starts, in the archive's time zone. A time
    /// that a daylight-saving change skips moves to the first valid instant.
    pub fn starts_at(&self, date: NaiveDate) -> DateTime<Tz> {
        self.starts_at_time(date, self.rule(date).at)
    }

    /// When a call on `date` starting at the local time `at` starts.
    pub fn starts_at_time(&self, date: NaiveDate, at: NaiveTime) -> DateTime<Tz> {
        let local = date.and_time(at);
        self.tz
            .from_local_datetime(&local)
            .earliest()
            .or_else(|| {
                self.tz
                    .from_local_datetime(&(local + Duration::hours(1)))
                    .earliest()
            })
            .unwrap_or_else(|| self.tz.from_utc_datetime(&local))
    }

    pub fn ends_at(&self, date: NaiveDate) -> DateTime<Tz> {
        self.starts_at(date) + self.rule(date).duration
    }

    /// The length of a call on `date`, in minutes.
    pub fn duration_minutes(&self, date: NaiveDate) -> i64 {
        self.rule(date).duration.num_minutes()
    }

    /// The rule of `date`, or the one of the last period before it when the
    /// series no longer meets: a call held anyway keeps its times.
    fn rule(&self, date: NaiveDate) -> &Rule {
        self.rule_on(date).unwrap_or_else(|| {
            self.periods
                .iter()
                .rev()
                .find(|p| p.from <= date)
                .map_or(&self.base, |p| &p.rule)
        })
    }

    /// Why `date` is not on the schedule, in words for a warning:
    /// "from 2017-10-11 it meets every week on wednesday".
    pub fn why_not(&self, date: NaiveDate) -> String {
        match (self.rule_on(date), self.period_on(date)) {
            (Some(rule), Some(period)) => {
                format!("from {} it meets {}", period.from, rule.describe())
            }
            (Some(rule), None) => match self.periods.first() {
                Some(first) => format!("until {} it meets {}", first.from, rule.describe()),
                None => format!("it meets {}", rule.describe()),
            },
            (None, _) => {
                let ended = self
                    .periods
                    .iter()
                    .rev()
                    .find(|p| p.from <= date)
                    .and_then(|p| p.until);
                let next = self.periods.iter().find(|p| p.from > date);
                match (ended, next) {
                    (Some(end), Some(next)) => format!(
                        "it does not meet between {end} and {}: no period covers the date",
                        next.from
                    ),
                    (Some(end), None) => format!("its last period ended on {end}"),
                    _ => "no period covers the date".to_string(),
                }
            }
        }
    }
}

/// A stretch of time with one rule: from its first day (none: since
/// always) to its last (none: for good).
#[derive(Clone, Debug)]
pub struct Segment<'a> {
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    pub rule: &'a Rule,
}

impl Rule {
    /// Whether the rule's pattern falls on `date` (skips aside).
    pub fn falls_on(&self, date: NaiveDate) -> bool {
        match (self.every, self.on) {
            (Every::Weeks(n), On::Weekday(day)) => {
                date.weekday() == day
                    && weeks_between(self.anchor, date).rem_euclid(i64::from(n)) == 0
            }
            (Every::Months(n), On::Nth(nth, day)) => {
                nth_weekday(date.year(), date.month(), nth, day) == Some(date)
                    && months_between(self.anchor, date).rem_euclid(i64::from(n)) == 0
            }
            _ => false,
        }
    }

    /// "every week on wednesday at 16:00", "every month on the first tuesday at 18:00".
    pub fn describe(&self) -> String {
        let every = match self.every {
            Every::Weeks(1) => "every week".to_string(),
            Every::Weeks(n) => format!("every {n} weeks"),
            Every::Months(1) => "every month".to_string(),
            Every::Months(n) => format!("every {n} months"),
        };
        let on = match self.on {
            On::Weekday(day) => weekday_name(day).to_string(),
            On::Nth(nth, day) => format!("the {} {}", ORDINALS[nth as usize], weekday_name(day)),
        };
        format!("{every} on {on} at {}", self.at.format("%H:%M"))
    }
}

/// A rule from its strings (`every`, `on`, `at`); problems are keyed with
/// `prefix` (`periods[0].`).
fn parse_rule(
    prefix: &str,
    [every_text, on_text, at_text]: [&str; 3],
    duration: Option<&str>,
    anchor: NaiveDate,
    problems: &mut Vec<Invalid>,
) -> Option<Rule> {
    let before = problems.len();
    let mut report = |mut p: Invalid| {
        p.key = format!("{prefix}{}", p.key);
        problems.push(p);
    };
    let every = parse_every(every_text).map_err(&mut report).ok();
    let on = parse_on(on_text).map_err(&mut report).ok();
    let at = NaiveTime::parse_from_str(at_text.trim(), "%H:%M")
        .map_err(|_| {
            report(invalid(
                "at",
                format!("`{at_text}` is not a time of day"),
                "write it as 24-hour HH:MM, e.g. \"21:00\"",
            ))
        })
        .ok();
    let duration = match duration {
        Some(text) => parse_duration(text).map_err(&mut report).ok(),
        None => Some(Duration::hours(1)),
    };
    if let (Some(every), Some(on)) = (every, on) {
        match (every, on) {
            (Every::Months(_), On::Weekday(day)) => report(invalid(
                "on",
                format!(
                    "a monthly series needs to say which {} of the month",
                    weekday_name(day)
                ),
                &format!(
                    "write e.g. \"first {}\" or \"last {}\"",
                    weekday_name(day),
                    weekday_name(day)
                ),
            )),
            (Every::Weeks(_), On::Nth(..)) => report(invalid(
                "on",
                "a weekly series meets on a weekday, not on the n-th of a month".into(),
                "write a weekday such as \"tuesday\", or set every = \"month\"",
            )),
            _ => {}
        }
    }
    match (every, on, at, duration) {
        (Some(every), Some(on), Some(at), Some(duration)) if problems.len() == before => {
            Some(Rule {
                every,
                on,
                at,
                duration,
                anchor,
            })
        }
        _ => None,
    }
}

fn invalid(key: &str, message: String, help: &str) -> Invalid {
    Invalid {
        key: key.to_string(),
        message,
        help: help.to_string(),
    }
}

fn parse_every(text: &str) -> Result<Every, Invalid> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let (count, unit) = match words.as_slice() {
        [unit] => (Some(1), *unit),
        [n, unit] => (
            n.parse::<u32>().ok().filter(|n| (1..=52).contains(n)),
            *unit,
        ),
        _ => (None, ""),
    };
    match (count, unit.trim_end_matches('s')) {
        (Some(n), "week") => Ok(Every::Weeks(n)),
        (Some(n), "month") => Ok(Every::Months(n)),
        _ => Err(invalid(
            "every",
            format!("`{text}` is not a recurrence"),
            "write \"week\", \"2 weeks\" (any number of weeks) or \"month\"",
        )),
    }
}

fn parse_on(text: &str) -> Result<On, Invalid> {
    let lower = text.trim().to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let day = |name: &str| {
        name.parse::<Weekday>().map_err(|_| {
            invalid(
                "on",
                format!("`{name}` is not a day of the week"),
                "write a weekday in English, e.g. \"tuesday\"",
            )
        })
    };
    match words.as_slice() {
        [name] => Ok(On::Weekday(day(name)?)),
        [ordinal, name] => {
            let day = day(name)?;
            let nth = ORDINALS.iter().position(|o| o == ordinal).ok_or_else(|| {
                invalid(
                    "on",
                    format!("`{ordinal} {name}` is not a day every month has"),
                    &format!("use first, second, third, fourth or last, e.g. \"last {name}\""),
                )
            })?;
            Ok(On::Nth(nth as u8, day))
        }
        _ => Err(invalid(
            "on",
            format!("`{text}` is not a meeting day"),
            "write e.g. \"tuesday\" or \"first tuesday\"",
        )),
    }
}

fn parse_duration(text: &str) -> Result<Duration, Invalid> {
    let bad = || {
        invalid(
            "duration",
            format!("`{text}` is not a duration"),
            "write e.g. \"2h\", \"90m\" or \"1h30m\"",
        )
    };
    let compact: String = text.split_whitespace().collect();
    let mut minutes = 0i64;
    let mut digits = String::new();
    for c in compact.chars() {
        match c {
            '0'..='9' => digits.push(c),
            'h' | 'm' => {
                let n: i64 = digits.parse().map_err(|_| bad())?;
                minutes += if c == 'h' { n * 60 } else { n };
                digits.clear();
            }
            _ => return Err(bad()),
        }
    }
    if !digits.is_empty() || minutes == 0 || minutes > 24 * 60 {
        return Err(bad());
    }
    Ok(Duration::minutes(minutes))
}

/// The n-th (1-4) or last (0) given weekday of a month.
fn nth_weekday(year: i32, month: u32, nth: u8, day: Weekday) -> Option<NaiveDate> {
    if nth == 0 {
        let next = NaiveDate::from_ymd_opt(year, month, 1)?.checked_add_months(Months::new(1))?;
        let last = next.pred_opt()?;
        let back = (last.weekday().num_days_from_monday() + 7 - day.num_days_from_monday()) % 7;
        return last.checked_sub_days(Days::new(back.into()));
    }
    NaiveDate::from_weekday_of_month_opt(year, month, day, nth)
}

fn weeks_between(a: NaiveDate, b: NaiveDate) -> i64 {
    let monday = |d: NaiveDate| d - Duration::days(d.weekday().num_days_from_monday().into());
    (monday(b) - monday(a)).num_days() / 7
}

fn months_between(a: NaiveDate, b: NaiveDate) -> i64 {
    i64::from(b.year() - a.year()) * 12 + i64::from(b.month()) - i64::from(a.month())
}

pub fn weekday_name(day: Weekday) -> &'static str {
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ][day.num_days_from_monday() as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn schedule(every: &str, on: &str, skip: &[NaiveDate]) -> Result<Schedule, Vec<Invalid>> {
        let spec = Spec {
            every,
            on,
            at: "21:00",
            duration: Some("2h"),
            skip,
            start: None,
            periods: Vec::new(),
        };
        Schedule::parse(&spec, chrono_tz::Europe::Rome)
    }

    /// A weekly Thursday series that moved to Wednesday, then to every
    /// two weeks, then stopped.
    fn moved() -> Result<Schedule, Vec<Invalid>> {
        let spec = Spec {
            every: "week",
            on: "thursday",
            at: "20:00",
            duration: Some("1h"),
            skip: &[],
            start: None,
            periods: vec![
                PeriodSpec {
                    from: date("2017-10-11"),
                    until: None,
                    every: None,
                    on: Some("wednesday"),
                    at: Some("16:00"),
                    duration: None,
                },
                PeriodSpec {
                    from: date("2020-01-08"),
                    until: Some(date("2020-12-31")),
                    every: Some("2 weeks"),
                    on: Some("wednesday"),
                    at: None,
                    duration: Some("90m"),
                },
            ],
        };
        Schedule::parse(&spec, chrono_tz::UTC)
    }

    #[test]
    fn periods_change_the_day_the_time_and_the_length() {
        let s = moved().unwrap();
        assert!(s.is_scheduled(date("2017-10-05")), "a Thursday before");
        assert!(!s.is_scheduled(date("2017-10-12")), "a Thursday after");
        assert!(s.is_scheduled(date("2017-10-11")));
        assert_eq!(
            s.starts_at(date("2017-10-05")).format("%H:%M").to_string(),
            "20:00"
        );
        assert_eq!(
            s.starts_at(date("2017-10-11")).format("%H:%M").to_string(),
            "16:00"
        );
        // The two-week period counts from its first day.
        assert!(s.is_scheduled(date("2020-01-22")) && !s.is_scheduled(date("2020-01-15")));
        assert_eq!(s.duration_minutes(date("2020-01-22")), 90);
        assert_eq!(s.duration_minutes(date("2019-01-02")), 60);
        let next: Vec<_> = s.occurrences(date("2017-10-01")).take(3).collect();
        assert_eq!(
            next,
            [date("2017-10-05"), date("2017-10-11"), date("2017-10-18")]
        );
        // After the last period ends, the series meets no more.
        assert_eq!(
            s.occurrences(date("2020-12-20")).last(),
            Some(date("2020-12-23"))
        );
        assert_eq!(s.occurrences(date("2021-01-01")).next(), None);
        assert!(
            s.why_not(date("2017-10-12"))
                .contains("from 2017-10-11 it meets every week on wednesday at 16:00")
        );
        assert!(
            s.why_not(date("2021-03-03"))
                .contains("ended on 2020-12-31")
        );
    }

    #[test]
    fn periods_that_overlap_or_end_before_they_begin_are_refused() {
        let period = |from: &str, until: Option<&str>| PeriodSpec {
            from: date(from),
            until: until.map(date),
            every: None,
            on: Some("friday"),
            at: None,
            duration: None,
        };
        let spec = Spec {
            every: "week",
            on: "thursday",
            at: "20:00",
            duration: None,
            skip: &[],
            start: None,
            periods: vec![
                period("2020-01-01", Some("2020-06-30")),
                period("2020-03-01", None),
                period("2020-03-01", None),
                period("2021-01-01", Some("2020-12-01")),
            ],
        };
        let problems = Schedule::parse(&spec, chrono_tz::UTC).unwrap_err();
        let keys: Vec<_> = problems.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(
            keys,
            ["periods[3].until", "periods[0].until", "periods[2].from"]
        );
        assert!(
            problems[1].message.contains("periods 1 and 2 overlap"),
            "{problems:?}"
        );
        assert!(
            problems[2].message.contains("both begin on 2020-03-01"),
            "{problems:?}"
        );
    }

    #[test]
    fn weekly_on_tuesday_with_a_skip() {
        let s = schedule("week", "tuesday", &[date("2025-02-25")]).unwrap();
        let next: Vec<_> = s.occurrences(date("2025-02-12")).take(3).collect();
        assert_eq!(
            next,
            [date("2025-02-18"), date("2025-03-04"), date("2025-03-11")]
        );
        assert!(s.is_scheduled(date("2025-02-25")) && s.is_skipped(date("2025-02-25")));
        assert!(!s.is_scheduled(date("2025-02-26")));
    }

    #[test]
    fn every_two_weeks_keeps_its_parity() {
        let s = schedule("2 weeks", "monday", &[]).unwrap();
        let next: Vec<_> = s.occurrences(date("1970-01-05")).take(2).collect();
        assert_eq!(next, [date("1970-01-05"), date("1970-01-19")]);
    }

    #[test]
    fn monthly_first_and_last() {
        let s = schedule("month", "first tuesday", &[]).unwrap();
        let next: Vec<_> = s.occurrences(date("2025-01-08")).take(2).collect();
        assert_eq!(next, [date("2025-02-04"), date("2025-03-04")]);
        let s = schedule("month", "last friday", &[]).unwrap();
        assert_eq!(
            s.occurrences(date("2025-01-01")).next(),
            Some(date("2025-01-31"))
        );
    }

    #[test]
    fn local_time_follows_daylight_saving() {
        let s = schedule("week", "tuesday", &[]).unwrap();
        assert_eq!(
            s.starts_at(date("2025-01-28")).to_rfc3339(),
            "2025-01-28T21:00:00+01:00"
        );
        assert_eq!(
            s.starts_at(date("2025-04-01")).to_rfc3339(),
            "2025-04-01T21:00:00+02:00"
        );
    }

    #[test]
    fn bad_keys_are_all_reported() {
        let problems = schedule("fortnight", "fifth tuesday", &[]).unwrap_err();
        let keys: Vec<_> = problems.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(keys, ["every", "on"]);
        assert!(schedule("month", "tuesday", &[]).is_err());
        assert!(schedule("week", "first tuesday", &[]).is_err());
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("1h30m").unwrap(), Duration::minutes(90));
        assert_eq!(parse_duration("90 m").unwrap(), Duration::minutes(90));
        assert!(parse_duration("two hours").is_err());
    }
}
