//! Who came: per person, the meetings attended and the regrets sent, with
//! the roles and affiliations they came with; guests on request.
//!
//! A person of the roster is counted by handle, whether `present` or
//! `[[attendees]]` names them; a guest (an attendee with a `name` and no
//! handle) by the name, ignoring case. An attendee's role is the one the
//! meeting gives, else the roster's. Meetings that were not held (agendas,
//! cancelled calls) count for nobody.

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;
use serde::Serialize;

use crate::archive::Loaded;
use crate::config::Person;

/// One person's attendance over the meetings held.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Attendance {
    /// The roster handle; none for a guest.
    pub handle: Option<String>,
    /// The display name from the roster, else the handle, or the guest's name.
    pub name: String,
    pub guest: bool,
    /// The roles the person came with, in the order first met.
    pub roles: Vec<String>,
    /// Likewise the affiliations.
    pub affiliations: Vec<String>,
    pub present: usize,
    pub regrets: usize,
    /// The meetings held in the period (agendas are not held yet).
    pub meetings: usize,
    /// `present / meetings`, from 0 to 1.
    pub share: f64,
}

/// Which meetings and people to count.
#[derive(Clone, Debug, Default)]
pub struct AttendanceFilter<'a> {
    /// Only meetings from this date on.
    pub since: Option<NaiveDate>,
    /// Count guests as well as the people of the roster.
    pub guests: bool,
    /// Only attendances with this role (ignoring case); regrets count for
    /// the people whose roster role it is.
    pub role: Option<&'a str>,
}

/// Everyone in `people` and everyone named in a meeting (guests only with
/// `filter.guests`), the most present first.
pub fn attendance<'a>(
    records: impl IntoIterator<Item = &'a Loaded>,
    people: &BTreeMap<String, Person>,
    filter: &AttendanceFilter<'_>,
) -> Vec<Attendance> {
    let role_wanted = filter.role.map(|r| r.trim().to_lowercase());
    let matches_role = |role: Option<&str>| match (&role_wanted, role) {
        (None, _) => true,
        (Some(wanted), Some(role)) => role.trim().to_lowercase() == *wanted,
        (Some(_), None) => false,
    };
    let roster_role = |handle: &str| people.get(handle).and_then(|p| p.role.as_deref());
    let mut rows: BTreeMap<Key, Row> = BTreeMap::new();
    if role_wanted.is_none() {
        for handle in people.keys() {
            rows.entry(Key::Handle(handle.clone())).or_default();
        }
    }
    let mut held = 0;
    for record in records {
        let m = &record.meeting;
        if !m.status.is_held() || filter.since.is_some_and(|s| m.date < s) {
            continue;
        }
        held += 1;
        let mut counted: HashSet<Key> = HashSet::new();
        for attendee in m.attendance() {
            let key = match (&attendee.who, &attendee.name) {
                (Some(who), _) => Key::Handle(who.clone()),
                (None, Some(name)) if filter.guests => Key::Guest(name.trim().to_lowercase()),
                _ => continue,
            };
            let role = attendee
                .role
                .as_deref()
                .or_else(|| attendee.who.as_deref().and_then(roster_role));
            if !matches_role(role) || !counted.insert(key.clone()) {
                continue;
            }
            let affiliation = attendee.affiliation.as_deref().or_else(|| {
                let who = attendee.who.as_deref()?;
                people.get(who)?.affiliation.as_deref()
            });
            let row = rows.entry(key).or_default();
            row.present += 1;
            if row.name.is_none() {
                row.name = attendee.name.clone();
            }
            add_once(&mut row.roles, role);
            add_once(&mut row.affiliations, affiliation);
        }
        for handle in &m.regrets {
            let key = Key::Handle(handle.clone());
            if counted.contains(&key) || !matches_role(roster_role(handle)) {
                continue;
            }
            rows.entry(key).or_default().regrets += 1;
        }
    }
    let mut out: Vec<Attendance> = rows
        .into_iter()
        .map(|(key, row)| {
            let (handle, name) = match key {
                Key::Handle(handle) => {
                    let name = people
                        .get(&handle)
                        .map_or_else(|| handle.clone(), |p| p.name.clone());
                    (Some(handle), name)
                }
                Key::Guest(folded) => (None, row.name.clone().unwrap_or(folded)),
            };
            Attendance {
                guest: handle.is_none(),
                handle,
                name,
                roles: row.roles,
                affiliations: row.affiliations,
                present: row.present,
                regrets: row.regrets,
                meetings: held,
                share: if held == 0 {
                    0.0
                } else {
                    row.present as f64 / held as f64
                },
            }
        })
        .collect();
    out.sort_by(|a, b| b.present.cmp(&a.present).then_with(|| a.name.cmp(&b.name)));
    out
}

/// A person counted: by handle, or a guest by the name folded.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Key {
    Handle(String),
    Guest(String),
}

#[derive(Default)]
struct Row {
    /// A guest's name as first written.
    name: Option<String>,
    roles: Vec<String>,
    affiliations: Vec<String>,
    present: usize,
    regrets: usize,
}

fn add_once(list: &mut Vec<String>, value: Option<&str>) {
    if let Some(value) = value.filter(|v| !v.trim().is_empty()) {
        if !list.iter().any(|v| v == value) {
            list.push(value.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::id::MeetingId;
    use crate::meeting::Meeting;

    fn loaded(id: &str, text: &str) -> Loaded {
        let mut meeting: Meeting = toml::from_str(text).unwrap();
        meeting.complete();
        Loaded {
            id: MeetingId::parse(id).unwrap(),
            meeting,
        }
    }

    fn roster() -> BTreeMap<String, Person> {
        let person = |name: &str, role: Option<&str>| Person {
            name: name.into(),
            role: role.map(str::to_string),
            affiliation: Some("Lab".into()),
            ..Person::default()
        };
        BTreeMap::from([
            ("ada".to_string(), person("Ada", Some("member"))),
            ("bo".to_string(), person("Bo", Some("observer"))),
        ])
    }

    fn records() -> Vec<Loaded> {
        vec![
            loaded(
                "2025-01-07",
                r#"schema = 1
date = 2025-01-07
status = "final"
present = ["ada"]
regrets = ["bo"]
[[attendees]]
name = "Cy Guest"
role = "invited"
affiliation = "Elsewhere"
"#,
            ),
            loaded(
                "2025-01-14",
                r#"schema = 1
date = 2025-01-14
status = "final"
[[attendees]]
who = "ada"
role = "chair"
[[attendees]]
who = "bo"
[[attendees]]
name = "cy guest"
"#,
            ),
            loaded(
                "2025-01-21",
                "schema = 1\ndate = 2025-01-21\nstatus = \"cancelled\"\npresent = [\"ada\"]\n",
            ),
        ]
    }

    #[test]
    fn roles_and_affiliations_come_from_the_meeting_else_the_roster() {
        let rows = attendance(&records(), &roster(), &AttendanceFilter::default());
        let ada = rows.iter().find(|r| r.name == "Ada").unwrap();
        assert_eq!(
            (ada.present, ada.meetings),
            (2, 2),
            "the cancelled call is not held"
        );
        assert_eq!(ada.roles, ["member", "chair"]);
        assert_eq!(ada.affiliations, ["Lab"]);
        let bo = rows.iter().find(|r| r.name == "Bo").unwrap();
        assert_eq!((bo.present, bo.regrets), (1, 1));
        assert!(rows.iter().all(|r| !r.guest), "guests only when asked");
    }

    #[test]
    fn guests_are_counted_by_name_and_roles_filter() {
        let filter = AttendanceFilter {
            guests: true,
            ..AttendanceFilter::default()
        };
        let rows = attendance(&records(), &roster(), &filter);
        let cy = rows.iter().find(|r| r.guest).unwrap();
        assert_eq!((cy.name.as_str(), cy.present), ("Cy Guest", 2));
        assert_eq!(cy.handle, None);
        assert_eq!(cy.roles, ["invited"]);
        let filter = AttendanceFilter {
            role: Some("Observer"),
            ..AttendanceFilter::default()
        };
        let rows = attendance(&records(), &roster(), &filter);
        let names: Vec<_> = rows
            .iter()
            .map(|r| (r.name.as_str(), r.present, r.regrets))
            .collect();
        assert_eq!(names, [("Bo", 1, 1)]);
    }
}
