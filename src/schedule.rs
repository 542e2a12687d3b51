//! The recurrence of a series: which dates it meets on, and at what time.
//!
//! A schedule is parsed once from the strings of `[series.<name>]` and then
//! answers questions about dates: is this date on the schedule, is it
//! skipped, which are the next occurrences, when does the call start in the
//! archive's time zone (daylight-saving changes included).

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

/// A problem with one key of a series.
#[derive(Debug, PartialEq)]
pub struct Invalid {
    pub key: &'static str,
    pub message: String,
    pub help: String,
}

#[derive(Clone, Debug)]
pub struct Schedule {
    pub every: Every,
    pub on: On,
    pub at: NaiveTime,
    pub duration: Duration,
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
}

const ORDINALS: [&str; 5] = ["last", "first", "second", "third", "fourth"];

impl Schedule {
    /// Parses a series, reporting every key that is wrong.
    pub fn parse(spec: &Spec<'_>, tz: Tz) -> Result<Schedule, Vec<Invalid>> {
        let mut problems = Vec::new();
        let every = parse_every(spec.every).map_err(|e| problems.push(e)).ok();
        let on = parse_on(spec.on).map_err(|e| problems.push(e)).ok();
        let at = NaiveTime::parse_from_str(spec.at.trim(), "%H:%M").map_err(|_| {
            problems.push(invalid(
                "at",
                format!("`{}` is not a time of day", spec.at),
                "write it as 24-hour HH:MM, e.g. \"21:00\"",
            ))
        });
        let duration = match spec.duration {
            Some(text) => parse_duration(text).map_err(|e| problems.push(e)).ok(),
            None => Some(Duration::hours(1)),
        };
        if let (Some(every), Some(on)) = (every, on) {
            match (every, on) {
                (Every::Months(_), On::Weekday(day)) => problems.push(invalid(
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
                (Every::Weeks(_), On::Nth(..)) => problems.push(invalid(
                    "on",
                    "a weekly series meets on a weekday, not on the n-th of a month".into(),
                    "write a weekday such as \"tuesday\", or set every = \"month\"",
                )),
                _ => {}
            }
        }
        match (every, on, at, duration) {
            (Some(every), Some(on), Ok(at), Some(duration)) if problems.is_empty() => {
                Ok(Schedule {
                    every,
                    on,
                    at,
                    duration,
                    skip: spec.skip.iter().copied().collect(),
                    start: spec.start,
                    tz,
                })
            }
            _ => Err(problems),
        }
    }

    /// Whether the pattern falls on `date`, skipped or not.
    pub fn is_scheduled(&self, date: NaiveDate) -> bool {
        match (self.every, self.on) {
            (Every::Weeks(n), On::Weekday(day)) => {
                date.weekday() == day
                    && weeks_between(self.anchor(), date).rem_euclid(i64::from(n)) == 0
            }
            (Every::Months(n), On::Nth(nth, day)) => {
                nth_weekday(date.year(), date.month(), nth, day) == Some(date)
                    && months_between(self.anchor(), date).rem_euclid(i64::from(n)) == 0
            }
            _ => false,
        }
    }

    pub fn is_skipped(&self, date: NaiveDate) -> bool {
        self.skip.contains(&date)
    }

    /// The meeting dates on or after `from`, skips left out.
    pub fn occurrences(&self, from: NaiveDate) -> impl Iterator<Item = NaiveDate> + '_ {
        let from = self.start.map_or(from, |s| s.max(from));
        let mut candidates: Box<dyn Iterator<Item = NaiveDate>> = match self.on {
            On::Weekday(_) => Box::new(from.iter_days()),
            On::Nth(nth, day) => {
                let first = NaiveDate::from_ymd_opt(from.year(), from.month(), 1).unwrap_or(from);
                Box::new(
                    (0u32..)
                        .map_while(move |m| first.checked_add_months(Months::new(m)))
                        .filter_map(move |m| nth_weekday(m.year(), m.month(), nth, day))
                        .filter(move |d| *d >= from),
                )
            }
        };
        std::iter::from_fn(move || {
            candidates.find(|d| self.is_scheduled(*d) && !self.is_skipped(*d))
        })
    }

    /// When the call on `date` starts, in the archive's time zone. A time
    /// that a daylight-saving change skips moves to the first valid instant.
    pub fn starts_at(&self, date: NaiveDate) -> DateTime<Tz> {
        let local = date.and_time(self.at);
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
        self.starts_at(date) + self.duration
    }

    pub fn duration_minutes(&self) -> i64 {
        self.duration.num_minutes()
    }

    fn anchor(&self) -> NaiveDate {
        // A Monday long ago, so that "every 2 weeks" is stable without a start.
        self.start
            .unwrap_or(NaiveDate::from_ymd_opt(1970, 1, 5).unwrap_or_default())
    }
}

fn invalid(key: &'static str, message: String, help: &str) -> Invalid {
    Invalid {
        key,
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
        };
        Schedule::parse(&spec, chrono_tz::Europe::Rome)
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
        let keys: Vec<_> = problems.iter().map(|p| p.key).collect();
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
