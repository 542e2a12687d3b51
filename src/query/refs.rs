//! The issues and pull requests the items refer to, each with the meetings
//! that listed it: "when did we talk about this issue?"
//!
//! A reference is `owner/repo#N` or an address; an address of an issue on
//! GitHub or on the archive's forge is the same reference as its
//! `owner/repo#N` (see `Config::resolve_ref`). Items that were listed but
//! not discussed count as listings, marked as such. Sources are another
//! matter: they are the reading list, never references.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::{Place, chronological};
use crate::archive::Loaded;
use crate::config::Config;

/// A reference and every item that gave it, oldest first.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Referenced {
    /// `owner/repo#N`, or the address.
    #[serde(rename = "ref")]
    pub key: String,
    pub url: String,
    /// The meetings that listed it.
    pub meetings: usize,
    /// The meetings that discussed it.
    pub discussed: usize,
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub cited: Vec<Citation>,
}

/// An item that refers to an issue.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Citation {
    #[serde(flatten)]
    pub place: Place,
    pub private: bool,
    pub discussed: bool,
}

/// Every reference of `records`, repositories in name order and numbers in
/// numeric order, addresses last.
pub fn references<'a>(
    records: impl IntoIterator<Item = &'a Loaded>,
    config: &Config,
) -> Vec<Referenced> {
    let mut by_key: BTreeMap<(bool, String, u64, String), Referenced> = BTreeMap::new();
    for record in chronological(records) {
        for item in &record.meeting.items {
            for text in &item.refs {
                let Some(target) = config.resolve_ref(text) else {
                    continue;
                };
                let entry = by_key
                    .entry(order(&target.key))
                    .or_insert_with(|| Referenced {
                        key: target.key.clone(),
                        url: target.href.clone(),
                        meetings: 0,
                        discussed: 0,
                        first: record.meeting.date,
                        last: record.meeting.date,
                        cited: Vec::new(),
                    });
                let place = Place::new(record, item);
                if entry.cited.iter().any(|c| c.place == place) {
                    continue;
                }
                entry.cited.push(Citation {
                    place,
                    private: item.private,
                    discussed: item.discussed,
                });
                entry.last = record.meeting.date;
            }
        }
    }
    let mut out: Vec<Referenced> = by_key.into_values().collect();
    for r in &mut out {
        let mut meetings: Vec<(&str, bool)> = Vec::new();
        for c in &r.cited {
            match meetings.iter_mut().find(|(m, _)| *m == c.place.meeting) {
                Some((_, discussed)) => *discussed |= c.discussed,
                None => meetings.push((&c.place.meeting, c.discussed)),
            }
        }
        r.meetings = meetings.len();
        r.discussed = meetings.iter().filter(|(_, d)| *d).count();
    }
    out
}

/// The reference `key` of `references`, found as `Config::resolve_ref`
/// reads it.
pub fn find<'a>(references: &'a [Referenced], key: &str) -> Option<&'a Referenced> {
    references.iter().find(|r| r.key.eq_ignore_ascii_case(key))
}

/// Issues before addresses; an issue by repository, then number.
fn order(key: &str) -> (bool, String, u64, String) {
    match key.rsplit_once('#') {
        Some((repo, number)) if !key.contains("://") => match number.parse() {
            Ok(n) => (false, repo.to_lowercase(), n, String::new()),
            Err(_) => (true, String::new(), 0, key.to_string()),
        },
        _ => (true, String::new(), 0, key.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::id::MeetingId;
    use crate::meeting::Meeting;

    fn loaded(id: &str, items: &str) -> Loaded {
        let text = format!("schema = 1\ndate = {id}\nstatus = \"final\"\n{items}");
        let mut meeting: Meeting = toml::from_str(&text).unwrap();
        meeting.complete();
        Loaded {
            id: MeetingId::parse(id).unwrap(),
            meeting,
        }
    }

    fn config() -> Config {
        let text = "[archive]\ntitle = \"t\"\n[series.s]\nevery = \"week\"\non = \"friday\"\nat = \"10:00\"\n";
        Config::parse(std::path::Path::new("minutes.toml"), text).unwrap()
    }

    #[test]
    fn an_address_and_its_short_form_are_one_reference() {
        let records = [
            loaded(
                "2025-06-06",
                "[[items]]\ntitle = \"A\"\nrefs = [\"org/repo#10\", \"org/repo#9\"]\ndiscussed = false\n",
            ),
            loaded(
                "2025-06-20",
                "[[items]]\ntitle = \"B\"\nrefs = [\"https://github.com/org/repo/pull/10#review\", \"https://example.org/doc\"]\n",
            ),
        ];
        let refs = references(&records, &config());
        let keys: Vec<_> = refs.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(
            keys,
            ["org/repo#9", "org/repo#10", "https://example.org/doc"]
        );
        let ten = find(&refs, "ORG/repo#10").unwrap();
        assert_eq!((ten.meetings, ten.discussed), (2, 1));
        assert_eq!(ten.url, "https://github.com/org/repo/issues/10");
        assert_eq!(ten.last.to_string(), "2025-06-20");
        assert!(!ten.cited[0].discussed && ten.cited[1].discussed);
    }
}
