//! The calendar of the archive's series (RFC 5545): one recurring event per
//! series and period of its schedule, so that a calendar program shows
//! every coming call at the right hour.
//!
//! Each event starts on a real occurrence (its `DTSTART`), repeats by an
//! `RRULE` (weekly, every N weeks, or the n-th or last weekday every N
//! months), ends with the period (`UNTIL`, in UTC as the RFC requires with
//! a zoned start), and leaves out the series' skipped dates (`EXDATE`).
//! Times are in the archive's zone, described by a VTIMEZONE made from the
//! zone's rules (see `vtimezone`). Nothing depends on the clock but the
//! start of a series that has no start and no meeting yet.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::vtimezone::{self, weekday_code};
use crate::config::Config;
use crate::schedule::{Every, On, Rule, Segment};

/// What a calendar is made of beyond the configuration.
pub struct Input<'a> {
    pub config: &'a Config,
    /// The first meeting of each series in the archive, by series name: a
    /// series without `start` is shown from there on.
    pub first_meetings: &'a BTreeMap<String, NaiveDate>,
    /// Where a series with neither starts.
    pub today: NaiveDate,
    /// The domain that makes the events' ids unique (`example.org`).
    pub domain: &'a str,
}

/// One recurring event.
struct Event {
    uid: String,
    summary: String,
    first: NaiveDate,
    rule: Rule,
    until: Option<NaiveDate>,
    exdates: Vec<NaiveDate>,
}

/// The calendar, with CRLF line ends and lines folded at 75 octets.
pub fn calendar(input: &Input<'_>) -> String {
    let config = input.config;
    let tz = config.timezone();
    let mut events = Vec::new();
    for (name, schedule) in &config.schedules {
        let series = &config.series[name];
        let origin = series
            .start
            .or_else(|| input.first_meetings.get(name).copied())
            .unwrap_or(input.today);
        for segment in schedule.segments() {
            if let Some(event) = event(name, series.name.as_deref(), &segment, origin, schedule) {
                events.push(event);
            }
        }
    }
    let first_year = events
        .iter()
        .map(|e| e.first.year())
        .min()
        .unwrap_or_else(|| input.today.year());
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        format!(
            "PRODID:-//minutes//minutes {}//EN",
            env!("CARGO_PKG_VERSION")
        ),
        "CALSCALE:GREGORIAN".to_string(),
        format!("X-WR-CALNAME:{}", escape(&config.archive.title)),
        format!("X-WR-TIMEZONE:{}", tz.name()),
    ];
    lines.extend(vtimezone::lines(tz, first_year));
    for event in &events {
        lines.extend(event_lines(event, tz, input.domain));
    }
    lines.push("END:VCALENDAR".to_string());
    let mut out = String::new();
    for line in &lines {
        out.push_str(&fold(line));
    }
    out
}

/// The event of one segment of a series' schedule, from its first
/// occurrence on or after `origin`; `None` when it has none.
fn event(
    name: &str,
    title: Option<&str>,
    segment: &Segment<'_>,
    origin: NaiveDate,
    schedule: &crate::schedule::Schedule,
) -> Option<Event> {
    let from = segment.from.map_or(origin, |f| f.max(origin));
    // Every rule meets within 52 months.
    let first = from
        .iter_days()
        .take(52 * 31 + 31)
        .take_while(|d| segment.until.is_none_or(|u| *d <= u))
        .find(|d| segment.rule.falls_on(*d))?;
    let exdates = schedule
        .skip
        .iter()
        .copied()
        .filter(|d| *d >= first && segment.until.is_none_or(|u| *d <= u))
        .filter(|d| segment.rule.falls_on(*d))
        .collect();
    let since = segment
        .from
        .map_or_else(|| "start".to_string(), |f| f.to_string());
    Some(Event {
        uid: format!("{name}-{since}"),
        summary: title.unwrap_or(name).to_string(),
        first,
        rule: segment.rule.clone(),
        until: segment.until,
        exdates,
    })
}

fn event_lines(event: &Event, tz: Tz, domain: &str) -> Vec<String> {
    let zone = tz.name();
    let local = |date: NaiveDate| date.and_time(event.rule.at).format("%Y%m%dT%H%M%S");
    let start_utc = starts(tz, event.first, event.rule.at);
    let mut rule = match (event.rule.every, event.rule.on) {
        (Every::Weeks(n), On::Weekday(day)) => {
            format!(
                "FREQ=WEEKLY;INTERVAL={n};BYDAY={};WKST=MO",
                weekday_code(day)
            )
        }
        (Every::Months(n), On::Nth(nth, day)) => {
            let position = if nth == 0 { -1 } else { i32::from(nth) };
            format!(
                "FREQ=MONTHLY;INTERVAL={n};BYDAY={position}{}",
                weekday_code(day)
            )
        }
        // A schedule never mixes the two (it is refused when parsed).
        (Every::Weeks(n), On::Nth(_, day)) | (Every::Months(n), On::Weekday(day)) => {
            format!("FREQ=WEEKLY;INTERVAL={n};BYDAY={}", weekday_code(day))
        }
    };
    if let Some(until) = event.until {
        // The end of the last day, in UTC: the last call on it is still in.
        let last = starts(
            tz,
            until,
            NaiveTime::from_hms_opt(23, 59, 59).unwrap_or_default(),
        );
        write!(rule, ";UNTIL={}", last.format("%Y%m%dT%H%M%SZ")).unwrap_or_default();
    }
    let mut out = vec![
        "BEGIN:VEVENT".to_string(),
        format!("UID:{}@{}", event.uid, domain),
        format!("DTSTAMP:{}", start_utc.format("%Y%m%dT%H%M%SZ")),
        format!("SUMMARY:{}", escape(&event.summary)),
        format!("DTSTART;TZID={zone}:{}", local(event.first)),
        format!("DURATION:PT{}M", event.rule.duration.num_minutes()),
        format!("RRULE:{rule}"),
    ];
    for date in &event.exdates {
        out.push(format!("EXDATE;TZID={zone}:{}", local(*date)));
    }
    out.push("END:VEVENT".to_string());
    out
}

/// When a local time on a date is, in UTC; a time that a change to summer
/// time skips is taken in the offset before the gap, as RFC 5545 says.
fn starts(tz: Tz, date: NaiveDate, at: NaiveTime) -> chrono::DateTime<Utc> {
    let local = date.and_time(at);
    match tz.from_local_datetime(&local).earliest() {
        Some(t) => t.with_timezone(&Utc),
        None => {
            let before = tz.offset_from_utc_datetime(&(local - Duration::days(1)));
            let offset = chrono::Offset::fix(&before).local_minus_utc();
            Utc.from_utc_datetime(&(local - Duration::seconds(offset.into())))
        }
    }
}

/// TEXT as RFC 5545 writes it: `\`, `;`, `,` and line ends escaped, other
/// control characters as spaces.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            // TEXT holds no other control character but the tab.
            c if c.is_control() && c != '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A content line folded after 75 octets (never inside a character), with
/// its CRLF.
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::{PeriodSpec, Schedule, Spec};
    use proptest::prelude::*;

    const ZONES: &[Tz] = &[
        chrono_tz::Europe::Rome,
        chrono_tz::America::New_York,
        chrono_tz::Australia::Sydney,
        chrono_tz::Asia::Kolkata,
        chrono_tz::UTC,
    ];
    const DAYS: &[&str] = &[
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    const NTH: &[&str] = &["first", "second", "third", "fourth", "last"];

    /// For each segment of the schedule, the instants the `rrule` crate
    /// expands its event into, in UTC, and those of the schedule itself.
    fn both(schedule: &Schedule, origin: NaiveDate, count: u16) -> Vec<(Vec<String>, Vec<String>)> {
        let mut out = Vec::new();
        for segment in schedule.segments() {
            let from = segment.from.map_or(origin, |f| f.max(origin));
            let ours: Vec<String> = schedule
                .occurrences(from)
                .take_while(|d| segment.until.is_none_or(|u| *d <= u))
                .take(count.into())
                .map(|d| schedule.starts_at(d).with_timezone(&Utc).to_rfc3339())
                .collect();
            let Some(event) = event("s", None, &segment, origin, schedule) else {
                out.push((Vec::new(), ours));
                continue;
            };
            let lines = event_lines(&event, schedule.tz, "example.org");
            let text: Vec<&str> = lines
                .iter()
                .map(String::as_str)
                .filter(|l| {
                    ["DTSTART", "RRULE", "EXDATE"]
                        .iter()
                        .any(|k| l.starts_with(k))
                })
                .collect();
            let set: rrule::RRuleSet = text.join("\n").parse().expect("rrule parses the event");
            let theirs: Vec<String> = set
                .all(count)
                .dates
                .iter()
                .map(|d| d.with_timezone(&Utc).to_rfc3339())
                .collect();
            out.push((theirs, ours));
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// The RRULE, EXDATE and UNTIL written for a random schedule expand
        /// (by the `rrule` crate) to the dates the schedule itself gives.
        #[test]
        fn the_rrule_crate_expands_an_event_to_the_schedule(
            weekly in any::<bool>(),
            interval in 1u32..4,
            day in 0usize..7,
            nth in 0usize..5,
            hour in 5u32..24,
            minute in 0u32..60,
            zone in 0usize..5,
            start in 0i64..9000,
            skips in proptest::collection::vec(0i64..400, 0..6),
            period in proptest::option::of(30i64..300),
        ) {
            let start = NaiveDate::from_ymd_opt(2001, 1, 1).unwrap() + Duration::days(start);
            let every = match (weekly, interval) {
                (true, 1) => "week".to_string(),
                (true, n) => format!("{n} weeks"),
                (false, 1) => "month".to_string(),
                (false, n) => format!("{n} months"),
            };
            let on = if weekly { DAYS[day].to_string() } else { format!("{} {}", NTH[nth], DAYS[day]) };
            let at = format!("{hour:02}:{minute:02}");
            let skip: Vec<NaiveDate> = skips.iter().map(|d| start + Duration::days(*d)).collect();
            let periods = period
                .map(|d| PeriodSpec { from: start + Duration::days(d), until: None, every: None, on: None, at: Some("12:00"), duration: None })
                .into_iter()
                .collect();
            let spec = Spec { every: &every, on: &on, at: &at, duration: Some("1h"), skip: &skip, start: Some(start), periods };
            let schedule = Schedule::parse(&spec, ZONES[zone]).unwrap();
            for (theirs, ours) in both(&schedule, start, 40) {
                prop_assert_eq!(theirs, ours);
            }
        }
    }

    #[test]
    fn a_calendar_has_a_zone_an_event_per_period_and_its_skips() {
        let text = r#"[archive]
title = "Board; call"
timezone = "Europe/Rome"
[series.board]
every = "2 weeks"
on = "thursday"
at = "18:30"
duration = "90m"
start = 2025-01-09
skip = [2025-02-06]
[[series.board.periods]]
from = 2025-06-01
on = "first wednesday"
every = "month"
"#;
        let config = Config::parse(std::path::Path::new("minutes.toml"), text).unwrap();
        let out = calendar(&Input {
            config: &config,
            first_meetings: &BTreeMap::new(),
            today: NaiveDate::from_ymd_opt(2030, 1, 1).unwrap(),
            domain: "example.org",
        });
        assert!(out.lines().all(|l| l.len() <= 76 && !l.contains('\n')));
        let unfolded = out.replace("\r\n ", "");
        let lines: Vec<&str> = unfolded.split("\r\n").collect();
        for wanted in [
            "X-WR-CALNAME:Board\\; call",
            "TZID:Europe/Rome",
            "UID:board-start@example.org",
            "DTSTART;TZID=Europe/Rome:20250109T183000",
            "DURATION:PT90M",
            "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TH;WKST=MO;UNTIL=20250531T215959Z",
            "EXDATE;TZID=Europe/Rome:20250206T183000",
            "UID:board-2025-06-01@example.org",
            "DTSTART;TZID=Europe/Rome:20250604T183000",
            "RRULE:FREQ=MONTHLY;INTERVAL=1;BYDAY=1WE",
        ] {
            assert!(lines.contains(&wanted), "{wanted} is missing:\n{unfolded}");
        }
        assert_eq!(unfolded.matches("BEGIN:VEVENT").count(), 2);
    }
}
