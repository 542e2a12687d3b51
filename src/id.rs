//! Meeting ids: the only way a name typed by a user becomes a path.
//!
//! An id is an ISO date, optionally followed by `-suffix` (`[a-z0-9-]+`).
//! Anything else (a path, `..`, a glob, an impossible date) is refused here,
//! before any file is opened, so that no id can reach outside `meetings/`.

use std::fmt;
use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};

use crate::error::{Error, Result};

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MeetingId {
    // Field order makes the derived ordering chronological.
    date: NaiveDate,
    text: String,
}

const HELP: &str = "a meeting id is a date such as 2025-01-28, optionally with a suffix such as 2025-01-28-board; \
                    `latest` and `next` name the newest and the upcoming meeting";

impl MeetingId {
    pub fn parse(text: &str) -> Result<MeetingId> {
        let refuse = |why: &str| {
            Error::usage(format!("`{text}` is not a meeting id: {why}")).with_help(HELP)
        };
        let bytes = text.as_bytes();
        let shaped = bytes.len() >= 10
            && bytes[..10].iter().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    *b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            });
        if !shaped {
            return Err(refuse("it does not start with a date YYYY-MM-DD"));
        }
        let suffix = &text[10..];
        if !suffix.is_empty() {
            let name = suffix.strip_prefix('-').unwrap_or("");
            if name.is_empty()
                || !name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            {
                return Err(refuse(
                    "after the date only `-` and lower-case letters, digits and dashes may follow",
                ));
            }
        }
        let date = NaiveDate::parse_from_str(&text[..10], "%Y-%m-%d")
            .map_err(|_| refuse(&format!("{} is not a day of the calendar", &text[..10])))?;
        Ok(MeetingId {
            date,
            text: text.to_string(),
        })
    }

    /// The id of the meeting of `series` on `date`: the bare date for the
    /// archive's default series, `<date>-<series>` for the others.
    pub fn for_series(date: NaiveDate, series: &str, default: bool) -> MeetingId {
        let text = if default {
            date.to_string()
        } else {
            format!("{date}-{series}")
        };
        MeetingId { date, text }
    }

    pub fn date(&self) -> NaiveDate {
        self.date
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The file of this meeting, relative to the archive root.
    pub fn relative_path(&self) -> PathBuf {
        PathBuf::from("meetings")
            .join(format!("{:04}", self.date.year()))
            .join(format!("{}.toml", self.text))
    }

    /// The translation overlay in `lang`, relative to the archive root.
    pub fn overlay_path(&self, lang: &str) -> PathBuf {
        self.relative_path()
            .with_file_name(format!("{}.{lang}.toml", self.text))
    }
}

/// `date`, if a meeting id can name it: ids and year folders have years of
/// four digits, 0000 to 9999.
pub fn nameable(date: NaiveDate) -> Result<NaiveDate> {
    if (0..=9999).contains(&date.year()) {
        return Ok(date);
    }
    Err(Error::failed(format!(
        "{date} is outside the years 0000 to 9999, which meeting ids and year folders can name"
    ))
    .with_help("choose a date with a four-digit year"))
}

impl fmt::Display for MeetingId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_dates_and_suffixes() {
        assert_eq!(
            MeetingId::parse("2025-01-28").unwrap().relative_path(),
            PathBuf::from("meetings/2025/2025-01-28.toml")
        );
        assert_eq!(
            MeetingId::parse("2025-01-28-board-2").unwrap().as_str(),
            "2025-01-28-board-2"
        );
    }

    #[test]
    fn year_folders_have_four_digits_and_years_end_at_9999() {
        let early = MeetingId::parse("0999-01-05").unwrap();
        assert_eq!(
            early.relative_path(),
            PathBuf::from("meetings/0999/0999-01-05.toml")
        );
        assert!(nameable(NaiveDate::from_ymd_opt(9999, 12, 31).unwrap()).is_ok());
        assert!(nameable(NaiveDate::from_ymd_opt(10000, 1, 4).unwrap()).is_err());
        assert!(nameable(NaiveDate::from_ymd_opt(-1, 1, 4).unwrap()).is_err());
    }

    #[test]
    fn refuses_anything_that_could_be_a_path() {
        for bad in [
            "../../etc/passwd",
            "/etc/passwd",
            "2025-01-28/../../x",
            "2025-01-28.toml",
            "2025-01-2*",
            "2025-02-30",
            "2025-01-28-",
            "2025-01-28-A",
            "",
        ] {
            assert!(MeetingId::parse(bad).is_err(), "{bad} was accepted");
        }
    }
}
