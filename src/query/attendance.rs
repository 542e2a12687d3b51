//! Who came: per person, the meetings attended and the regrets sent.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::archive::Loaded;
use crate::meeting::Status;

/// One person's attendance over the meetings held.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Attendance {
    pub handle: String,
    /// The display name from the roster, else the handle.
    pub name: String,
    pub present: usize,
    pub regrets: usize,
    /// The meetings held in the period (agendas are not held yet).
    pub meetings: usize,
    /// `present / meetings`, from 0 to 1.
    pub share: f64,
}

/// Everyone in `people` and everyone named in a meeting, the most present
/// first; only meetings from `since` on, when given.
pub fn attendance<'a>(
    records: impl IntoIterator<Item = &'a Loaded>,
    people: &BTreeMap<String, String>,
    since: Option<NaiveDate>,
) -> Vec<Attendance> {
    let mut counts: BTreeMap<&str, (usize, usize)> =
        people.keys().map(|h| (h.as_str(), (0, 0))).collect();
    let mut held = 0;
    for record in records {
        let m = &record.meeting;
        if m.status == Status::Agenda || since.is_some_and(|s| m.date < s) {
            continue;
        }
        held += 1;
        for handle in &m.present {
            counts.entry(handle).or_default().0 += 1;
        }
        for handle in m.regrets.iter().filter(|h| !m.present.contains(h)) {
            counts.entry(handle).or_default().1 += 1;
        }
    }
    let mut rows: Vec<Attendance> = counts
        .into_iter()
        .map(|(handle, (present, regrets))| Attendance {
            handle: handle.to_string(),
            name: people
                .get(handle)
                .cloned()
                .unwrap_or_else(|| handle.to_string()),
            present,
            regrets,
            meetings: held,
            share: if held == 0 {
                0.0
            } else {
                present as f64 / held as f64
            },
        })
        .collect();
    rows.sort_by(|a, b| b.present.cmp(&a.present).then_with(|| a.name.cmp(&b.name)));
    rows
}
