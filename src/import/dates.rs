//! Dates as file names and headings write them: `2023-09-11-2023-09-14-x.md`,
//! "Meeting 2016-11-03", "Board meeting 2024 09 13", "Notes, June
//! 24" (with the year earlier in the heading), "Sep 15, 2022",
//! "Sep 11 - Sep 14".

use chrono::NaiveDate;

/// The date(s) a file name starts with, and what follows them.
#[derive(Debug, PartialEq, Eq)]
pub struct Named {
    pub date: NaiveDate,
    /// A second date right after the first: the last day.
    pub end: Option<NaiveDate>,
    /// The rest of the name, lower-case, as a slug ("group-summit").
    pub rest: String,
}

/// `2023-09-11-2023-09-14-summit-days` -> 2023-09-11, 2023-09-14, "summit-days".
pub fn from_name(stem: &str) -> Option<Named> {
    let date = iso_at(stem, 0)?;
    let mut rest = &stem[10..];
    let mut end = None;
    if let Some(after) = rest.strip_prefix(['-', '_']) {
        if let Some(second) = iso_at(after, 0).filter(|d| *d > date) {
            end = Some(second);
            rest = &after[10..];
        }
    }
    let rest = if rest.chars().any(char::is_alphanumeric) {
        crate::id::slug(rest)
    } else {
        String::new()
    };
    Some(Named { date, end, rest })
}

fn iso_at(text: &str, at: usize) -> Option<NaiveDate> {
    let part = text.get(at..at + 10)?;
    let b = part.as_bytes();
    let shaped = b.iter().enumerate().all(|(i, c)| match i {
        4 | 7 => *c == b'-',
        _ => c.is_ascii_digit(),
    });
    if !shaped {
        return None;
    }
    NaiveDate::parse_from_str(part, "%Y-%m-%d").ok()
}

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A month's number from its name or its abbreviation ("Sep", "Sept.").
fn month(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    MONTHS
        .iter()
        .position(|m| *m == w || (w.len() >= 3 && m.starts_with(&w) && w.len() <= 4))
        .map(|i| i as u32 + 1)
}

/// A number, as in "24", "24th" or "(2021".
fn number(word: &str) -> Option<u32> {
    let w = word.trim_matches(|c: char| !c.is_alphanumeric());
    let w = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|s| w.strip_suffix(s))
        .unwrap_or(w);
    (!w.is_empty() && w.bytes().all(|b| b.is_ascii_digit()))
        .then(|| w.parse().ok())
        .flatten()
}

/// The first date a heading (or a line) gives, and a last day when it
/// gives a range.
pub fn in_text(text: &str) -> Option<(NaiveDate, Option<NaiveDate>)> {
    // ISO dates first: they are what most headings carry.
    let isos: Vec<NaiveDate> = (0..text.len())
        .filter(|&i| {
            text.is_char_boundary(i) && (i == 0 || !text.as_bytes()[i - 1].is_ascii_digit())
        })
        .filter_map(|i| iso_at(text, i))
        .collect();
    if let Some(first) = isos.first() {
        return Some((*first, isos.get(1).copied().filter(|d| d > first)));
    }
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',' || c == '/' || c == '—' || c == '–')
        .filter(|w| !w.is_empty())
        .collect();
    // "2024 09 13"
    for w in words.windows(3) {
        if let (Some(y), Some(m), Some(d)) = (number(w[0]), number(w[1]), number(w[2])) {
            if w[0].len() == 4 && w[1].len() <= 2 && w[2].len() <= 2 {
                if let Some(date) = NaiveDate::from_ymd_opt(y as i32, m, d) {
                    return Some((date, None));
                }
            }
        }
    }
    let year = words
        .iter()
        .find_map(|w| number(w).filter(|n| (1990..2200).contains(n)))? as i32;
    let mut found = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let Some(m) = month(w) else { continue };
        // "June 24" or "24 June".
        let day = words
            .get(i + 1)
            .and_then(|n| number(n).filter(|d| (1..=31).contains(d)))
            .or_else(|| {
                i.checked_sub(1)
                    .and_then(|j| words.get(j))
                    .and_then(|n| number(n).filter(|d| (1..=31).contains(d)))
            });
        if let Some(date) = day.and_then(|d| NaiveDate::from_ymd_opt(year, m, d)) {
            found.push(date);
        }
    }
    let first = *found.first()?;
    Some((first, found.get(1).copied().filter(|d| *d > first)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn file_names_give_dates_and_a_rest() {
        let n = from_name("2023-09-11-2023-09-14-summit-days").unwrap();
        assert_eq!(
            (n.date, n.end, n.rest.as_str()),
            (d("2023-09-11"), Some(d("2023-09-14")), "summit-days")
        );
        let n = from_name("2018-01-31-Ext").unwrap();
        assert_eq!(n.rest, "ext");
        assert_eq!(from_name("2015-12-03").unwrap().rest, "");
        assert_eq!(from_name("README"), None);
        assert_eq!(from_name("2015-13-03"), None);
    }

    #[test]
    fn headings_write_dates_in_many_ways() {
        assert_eq!(
            in_text("Board Meeting 2016-11-03"),
            Some((d("2016-11-03"), None))
        );
        assert_eq!(
            in_text("Board meeting 2024 09 13"),
            Some((d("2024-09-13"), None))
        );
        assert_eq!(
            in_text("Group calls 2021, Notes, June 24"),
            Some((d("2021-06-24"), None))
        );
        assert_eq!(
            in_text("Summit 2022, Notes—Sep 15, 2022"),
            Some((d("2022-09-15"), None))
        );
        assert_eq!(
            in_text("Extra days at the summit 2023, Sep 11 - Sep 14"),
            Some((d("2023-09-11"), Some(d("2023-09-14"))))
        );
        assert_eq!(in_text("Council meeting agenda"), None);
        assert_eq!(
            in_text("Meeting with the kernel team, 2018-01-31"),
            Some((d("2018-01-31"), None))
        );
    }
}
