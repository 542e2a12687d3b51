//! The time the tool believes it is, and the machine's time zone.
//!
//! `MINUTES_NOW` (an RFC 3339 time, or a date) fixes the clock, so that
//! scripts and tests get the same output every day.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::error::{Error, Result};

pub const ENV: &str = "MINUTES_NOW";

pub fn now() -> Result<DateTime<Utc>> {
    match std::env::var(ENV) {
        Ok(text) => parse(&text).ok_or_else(|| {
            Error::usage(format!("{ENV}=`{text}` is not a time")).with_help(
                "set it to an RFC 3339 time such as 2025-01-28T12:00:00Z, or a date, or unset it",
            )
        }),
        Err(_) => Ok(Utc::now()),
    }
}

/// Today's date in the archive's time zone.
pub fn today(tz: Tz) -> Result<NaiveDate> {
    Ok(now()?.with_timezone(&tz).date_naive())
}

fn parse(text: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.with_timezone(&Utc));
    }
    let date: NaiveDate = text.parse().ok()?;
    Some(date.and_hms_opt(12, 0, 0)?.and_utc())
}

/// The machine's IANA zone when it can be told (`TZ`, /etc/timezone, the
/// target of /etc/localtime), else UTC.
pub fn system_zone() -> Tz {
    let from_env = || {
        std::env::var("TZ")
            .ok()
            .map(|tz| tz.trim_start_matches(':').to_string())
    };
    let from_file = || {
        std::fs::read_to_string("/etc/timezone")
            .ok()
            .map(|s| s.trim().to_string())
    };
    let from_link = || {
        std::fs::read_link("/etc/localtime").ok().and_then(|p| {
            let p = p.to_string_lossy().into_owned();
            p.split_once("zoneinfo/").map(|(_, zone)| zone.to_string())
        })
    };
    [from_env(), from_file(), from_link()]
        .into_iter()
        .flatten()
        .find_map(|tz| tz.parse::<Tz>().ok())
        .unwrap_or(Tz::UTC)
}
