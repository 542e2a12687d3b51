//! Names typed by people that become ids and paths: the only way they do.
//!
//! - A meeting id is an ISO date, optionally followed by `-suffix`, a slug.
//!   Anything else (a path, `..`, a glob, an impossible date) is refused
//!   here, before any file is opened, so that no id can reach outside
//!   `meetings/`. A [`MeetingRef`] is what a command line names a meeting
//!   by: an id, `latest` or `next`; the archive resolves it.
//! - A [`Lang`] is a language tag (`de`, `pt-BR`), the only kind of value
//!   that goes into the file name of a translation.
//! - A slug (item ids, series names, id suffixes) is lower-case ASCII
//!   letters, digits and dashes; [`slug`] makes one from a title and
//!   [`free`] numbers it when it is taken.
//!
//! Nothing here reads a file or knows the command line.

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

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
        if !suffix.is_empty() && !suffix.strip_prefix('-').is_some_and(is_slug) {
            return Err(refuse(
                "after the date only `-` and lower-case letters, digits and dashes may follow",
            ));
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
    pub fn overlay_path(&self, lang: &Lang) -> PathBuf {
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

/// A meeting as a person names it: an id, or a name resolved against the
/// archive and the clock.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MeetingRef {
    Id(MeetingId),
    /// The newest meeting.
    Latest,
    /// The first meeting from today on.
    Next,
}

impl FromStr for MeetingRef {
    type Err = Error;

    fn from_str(text: &str) -> Result<MeetingRef> {
        match text {
            "latest" => Ok(MeetingRef::Latest),
            "next" => Ok(MeetingRef::Next),
            _ => MeetingId::parse(text).map(MeetingRef::Id),
        }
    }
}

impl fmt::Display for MeetingRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MeetingRef::Id(id) => id.fmt(f),
            MeetingRef::Latest => f.write_str("latest"),
            MeetingRef::Next => f.write_str("next"),
        }
    }
}

/// A language tag: two or three lower-case letters, optionally a region of
/// two capitals (`de`, `it`, `pt-BR`). It reads as a `&str`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Lang(String);

impl Lang {
    pub fn is_tag(text: &str) -> bool {
        let (lang, region) = text.split_once('-').unwrap_or((text, "AA"));
        (2..=3).contains(&lang.len())
            && lang.bytes().all(|b| b.is_ascii_lowercase())
            && region.len() == 2
            && region.bytes().all(|b| b.is_ascii_uppercase())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Lang {
    type Err = Error;

    fn from_str(text: &str) -> Result<Lang> {
        if Lang::is_tag(text) {
            Ok(Lang(text.to_string()))
        } else {
            Err(Error::usage(format!("`{text}` is not a language tag"))
                .with_help("use a tag of two or three lower-case letters, optionally with a region: de, it, pt-BR"))
        }
    }
}

impl std::ops::Deref for Lang {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Whether `text` is a slug: lower-case ASCII letters, digits and dashes,
/// and not empty. Item ids, series names and id suffixes are slugs.
pub fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// An id made from a title: lower-case ASCII letters and digits joined by
/// dashes ("The situation in Congo" -> "the-situation-in-congo").
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars().flat_map(fold_accent) {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed = out.trim_end_matches('-');
    if trimmed.is_empty() {
        "item".to_string()
    } else {
        trimmed
            .chars()
            .take(48)
            .collect::<String>()
            .trim_end_matches('-')
            .to_string()
    }
}

/// Latin letters with diacritics to their base letter, so that ids stay ASCII.
fn fold_accent(c: char) -> Vec<char> {
    let base = match c {
        'à' | 'á' | 'â' | 'ã' | 'å' | 'ā' => 'a',
        'è' | 'é' | 'ê' | 'ë' | 'ē' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ò' | 'ó' | 'ô' | 'õ' | 'ø' => 'o',
        'ù' | 'ú' | 'û' => 'u',
        'ç' => 'c',
        'ñ' => 'n',
        'ä' => return vec!['a', 'e'],
        'ö' => return vec!['o', 'e'],
        'ü' => return vec!['u', 'e'],
        'ß' => return vec!['s', 's'],
        other => other,
    };
    vec![base]
}

/// `base`, or when it is taken, `base-2`, `base-3` ...: the first that is
/// free. Item ids in one meeting and standing items of a new agenda are
/// numbered so.
pub fn free(base: &str, taken: impl Fn(&str) -> bool) -> String {
    (1..)
        .map(|n| match n {
            1 => base.to_string(),
            n => format!("{base}-{n}"),
        })
        .find(|id| !taken(id))
        .unwrap_or_else(|| base.to_string())
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
    fn slugs_are_ascii_and_readable() {
        assert_eq!(slug("The situation in Congo"), "the-situation-in-congo");
        assert_eq!(
            slug("DeepSeek-R1 announcement!"),
            "deepseek-r1-announcement"
        );
        assert_eq!(slug("Città e Straße"), "citta-e-strasse");
        assert_eq!(slug("???"), "item");
        assert!(is_slug(&slug("Città e Straße")));
        assert!(!is_slug("Board") && !is_slug("") && !is_slug("a_b"));
    }

    #[test]
    fn a_taken_id_gets_the_first_free_number() {
        let taken = ["news", "news-2", "congo"];
        assert_eq!(free("news", |id| taken.contains(&id)), "news-3");
        assert_eq!(free("budget", |id| taken.contains(&id)), "budget");
    }

    #[test]
    fn language_tags_are_letters_and_a_region() {
        for good in ["de", "ita", "pt-BR"] {
            assert_eq!(good.parse::<Lang>().unwrap().as_str(), good);
        }
        for bad in ["", "d", "DE", "de-br", "../en", "de/x", "german", "pt-BRA"] {
            assert!(bad.parse::<Lang>().is_err(), "{bad} was accepted");
        }
    }

    #[test]
    fn a_reference_is_an_id_latest_or_next() {
        assert_eq!("latest".parse::<MeetingRef>().unwrap(), MeetingRef::Latest);
        assert_eq!("next".parse::<MeetingRef>().unwrap(), MeetingRef::Next);
        assert_eq!(
            "2025-01-28".parse::<MeetingRef>().unwrap().to_string(),
            "2025-01-28"
        );
        assert!("newest".parse::<MeetingRef>().is_err());
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
