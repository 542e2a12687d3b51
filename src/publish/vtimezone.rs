//! The VTIMEZONE of a time zone (RFC 5545 3.6.5), made from the zone's
//! own offsets in chrono-tz, so that a calendar program places the meetings
//! at the right hour whatever its own zone database says.
//!
//! The offsets are scanned day by day over the years the calendar covers,
//! and each change is bisected to its second. Changes that repeat every
//! year on the same rule up to the end of the scan (the last Sunday of
//! March at 02:00) become one observance with a yearly RRULE, open-ended
//! as the zone's rule is; any other change is an observance of its own.

use chrono::{
    DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc,
    Weekday,
};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

/// The last year scanned: past it, the rules found continue.
const SCAN_UNTIL: i32 = 2038;

/// The offset in force at an instant: total seconds east of UTC, whether
/// it is daylight-saving time, and its abbreviation.
#[derive(Clone, Debug, PartialEq, Eq)]
struct State {
    offset: i32,
    dst: bool,
    name: Option<String>,
}

/// One change of offset.
#[derive(Clone, Debug)]
struct Change {
    /// The local time it happens at, in the offset before it.
    local: NaiveDateTime,
    from: State,
    to: State,
}

/// The VTIMEZONE component of `tz` covering `first_year` and after, as
/// lines without their line ends.
pub fn lines(tz: Tz, first_year: i32) -> Vec<String> {
    let start = first_year - 1;
    let end = SCAN_UNTIL.max(first_year + 2);
    let begin = utc(NaiveDate::from_ymd_opt(start, 1, 1).unwrap_or_default());
    let initial = state(tz, begin);
    let changes = changes(tz, begin, end);
    let mut out = vec!["BEGIN:VTIMEZONE".to_string(), format!("TZID:{}", tz.name())];
    let initial_local = begin.naive_utc() + Duration::seconds(initial.offset.into());
    out.extend(observance(&initial, &initial, initial_local, None));
    let last_year = changes.last().map(|c| c.local.year());
    let mut used = vec![false; changes.len()];
    // Each kind of change (to summer time, back to standard time) may end
    // in a yearly rule.
    for i in (0..changes.len()).rev() {
        if used[i] {
            continue;
        }
        let tail = tail(&changes, i);
        let reaches_end = last_year.is_some_and(|y| y >= end - 1)
            && changes[i].local.year() >= last_year.unwrap_or(end) - 1;
        match tail {
            Some((members, byday)) if reaches_end && members.len() >= 2 => {
                let first = &changes[members[0]];
                let rule = format!(
                    "RRULE:FREQ=YEARLY;BYMONTH={};BYDAY={byday}",
                    first.local.month()
                );
                out.extend(observance(&first.from, &first.to, first.local, Some(rule)));
                for m in members {
                    used[m] = true;
                }
            }
            _ => {}
        }
    }
    for (i, change) in changes.iter().enumerate() {
        if !used[i] {
            out.extend(observance(&change.from, &change.to, change.local, None));
        }
    }
    out.push("END:VTIMEZONE".to_string());
    out
}

fn utc(date: NaiveDate) -> DateTime<Utc> {
    Utc.from_utc_datetime(&date.and_time(NaiveTime::MIN))
}

fn state(tz: Tz, at: DateTime<Utc>) -> State {
    let offset = tz.offset_from_utc_datetime(&at.naive_utc());
    State {
        offset: offset.fix().local_minus_utc(),
        dst: !offset.dst_offset().is_zero(),
        name: offset
            .abbreviation()
            .filter(|a| !a.is_empty())
            .map(str::to_string),
    }
}

/// Every change of offset from `begin` to the start of the year `end`.
fn changes(tz: Tz, begin: DateTime<Utc>, end: i32) -> Vec<Change> {
    let stop = utc(NaiveDate::from_ymd_opt(end, 1, 1).unwrap_or_default());
    let mut out = Vec::new();
    let mut at = begin;
    let mut before = state(tz, at);
    while at < stop {
        let next = at + Duration::days(1);
        let after = state(tz, next);
        if after != before {
            // The first second of the new offset.
            let (mut low, mut high) = (at, next);
            while high - low > Duration::seconds(1) {
                let middle = low + (high - low) / 2;
                if state(tz, middle) == before {
                    low = middle;
                } else {
                    high = middle;
                }
            }
            let local = high.naive_utc() + Duration::seconds(before.offset.into());
            out.push(Change {
                local,
                from: before,
                to: after.clone(),
            });
        }
        before = after;
        at = next;
    }
    out
}

/// The changes of the same kind as `changes[last]` that, going back from
/// it, happened every year on one rule; with the rule's BYDAY. `None` when
/// not even the one before it shares the rule.
fn tail(changes: &[Change], last: usize) -> Option<(Vec<usize>, String)> {
    let kind = |c: &Change| (c.from.clone(), c.to.clone());
    let this = &changes[last];
    let mut members = vec![last];
    let mut options = weekday_positions(this.local.date());
    let mut year = this.local.year();
    for i in (0..last).rev() {
        let other = &changes[i];
        if kind(other) != kind(this) {
            continue;
        }
        let same = other.local.year() == year - 1
            && other.local.month() == this.local.month()
            && other.local.weekday() == this.local.weekday()
            && other.local.time() == this.local.time();
        let shared: Vec<i8> = weekday_positions(other.local.date())
            .into_iter()
            .filter(|p| options.contains(p))
            .collect();
        if !same || shared.is_empty() {
            break;
        }
        options = shared;
        members.push(i);
        year -= 1;
    }
    if members.len() < 2 {
        return None;
    }
    members.reverse();
    // "The last Sunday" where every year agrees, else "the second Sunday".
    let position = if options.contains(&-1) {
        -1
    } else {
        options[0]
    };
    Some((
        members,
        format!("{position}{}", weekday_code(this.local.weekday())),
    ))
}

/// The places of `date`'s weekday in its month: the n-th from the start,
/// and -1 when it is the last.
fn weekday_positions(date: NaiveDate) -> Vec<i8> {
    let nth = ((date.day() - 1) / 7 + 1) as i8;
    let last = date
        .checked_add_signed(Duration::days(7))
        .is_none_or(|later| later.month() != date.month());
    let mut out = vec![nth];
    if last {
        out.push(-1);
    }
    out
}

/// `MO` ... `SU`, as RFC 5545 names the days.
pub fn weekday_code(day: Weekday) -> &'static str {
    ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][day.num_days_from_monday() as usize]
}

fn observance(from: &State, to: &State, local: NaiveDateTime, rule: Option<String>) -> Vec<String> {
    let kind = if to.dst { "DAYLIGHT" } else { "STANDARD" };
    let mut out = vec![
        format!("BEGIN:{kind}"),
        format!("DTSTART:{}", local.format("%Y%m%dT%H%M%S")),
    ];
    out.extend(rule);
    out.push(format!("TZOFFSETFROM:{}", offset(from.offset)));
    out.push(format!("TZOFFSETTO:{}", offset(to.offset)));
    if let Some(name) = &to.name {
        out.push(format!("TZNAME:{}", super::calendar::escape(name)));
    }
    out.push(format!("END:{kind}"));
    out
}

/// `+0100`, `-0330`, `+001539` (seconds where the offset has them).
fn offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.abs();
    let (h, m, rest) = (s / 3600, s / 60 % 60, s % 60);
    if rest == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{rest:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rome_follows_the_european_rule_for_good() {
        let text = lines(chrono_tz::Europe::Rome, 2025).join("\n");
        assert!(text.starts_with("BEGIN:VTIMEZONE\nTZID:Europe/Rome\nBEGIN:STANDARD\nDTSTART:20240101T010000\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0100\nTZNAME:CET\nEND:STANDARD\n"), "{text}");
        assert!(
            text.contains("BEGIN:DAYLIGHT\nDTSTART:20240331T020000\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0200\nTZNAME:CEST\nEND:DAYLIGHT"),
            "{text}"
        );
        assert!(
            text.contains("BEGIN:STANDARD\nDTSTART:20241027T030000\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0100\nTZNAME:CET\nEND:STANDARD"),
            "{text}"
        );
        assert_eq!(text.matches("BEGIN:").count(), 4, "{text}");
    }

    #[test]
    fn new_york_before_and_after_2007_and_a_zone_without_summer_time() {
        let text = lines(chrono_tz::America::New_York, 2005).join("\n");
        // The rule that changed in 2007: old years one by one, then the rule.
        assert!(
            text.contains("DTSTART:20050403T020000\nTZOFFSETFROM:-0500"),
            "{text}"
        );
        assert!(
            text.contains("DTSTART:20070311T020000\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU"),
            "{text}"
        );
        assert!(
            text.contains("DTSTART:20071104T020000\nRRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU"),
            "{text}"
        );
        let tokyo = lines(chrono_tz::Asia::Tokyo, 2020);
        assert_eq!(tokyo.iter().filter(|l| l.starts_with("BEGIN:")).count(), 2);
        assert!(tokyo.contains(&"TZOFFSETTO:+0900".to_string()));
    }
}
