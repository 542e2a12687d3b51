//! The people of a whole import, made into one roster before any meeting
//! is written.
//!
//! A person's handle is their GitHub account where the minutes give one
//! (lower-cased), else a slug of the fullest spelling of their name; every
//! other spelling written for them is an alias. People the archive's roster
//! (or a `--roster` file) already knows keep their handle, found by
//! account, name or alias. Someone seen at a single meeting, without an
//! account and without a chair's or scribe's part, stays a guest. Names
//! that are close ("Mara Velt" and "Mara Veldt"), or a first name alone
//! beside full names that start with it (two people called "Ivo"), are
//! proposed in the report and never merged.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use serde::Deserialize;

use crate::config::Person as Known;
use crate::diagnostic::Diagnostic;
use crate::query::text::fold;
use crate::schema::{Field, Kind, opt};

use super::people::Mention;

/// Someone of the roster, known already or found by this import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    pub handle: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub github: Option<String>,
    pub email: Option<String>,
    /// In the archive's roster (or the `--roster` file) before the import.
    pub known: bool,
}

/// A person named by a mention.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Who {
    Handle(String),
    /// Not on the roster: the name as written.
    Guest(String),
}

/// Two people who may be one: for the person importing to decide.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Proposal {
    pub names: Vec<String>,
    pub why: String,
}

/// One mention as the roster counts it.
pub struct Seen<'a> {
    /// The meeting it is from: people seen at one meeting only are guests.
    pub meeting: usize,
    pub mention: &'a Mention,
    /// A chair, scribe or person sending regrets needs a handle.
    pub needs_handle: bool,
}

#[derive(Debug, Default)]
pub struct Roster {
    pub people: Vec<Person>,
    by_github: HashMap<String, usize>,
    by_name: HashMap<String, usize>,
    /// Names written for two people: they name neither.
    ambiguous: HashSet<String>,
    /// Guests by their folded name, with the name as first written.
    guests: HashMap<String, String>,
    pub proposals: Vec<Proposal>,
}

impl Roster {
    pub fn build<'a>(
        known: &BTreeMap<String, Known>,
        seen: impl IntoIterator<Item = Seen<'a>>,
    ) -> Roster {
        let mut roster = Roster::default();
        for (handle, p) in known {
            roster.add(Person {
                handle: handle.clone(),
                name: p.name.clone(),
                aliases: p.aliases.clone(),
                github: p.github.clone(),
                email: p.email.clone(),
                known: true,
            });
        }
        // A handle names its person where no name or alias says otherwise.
        for i in 0..roster.people.len() {
            let key = fold(&roster.people[i].handle);
            roster.by_name.entry(key).or_insert(i);
        }
        let seen: Vec<Seen<'a>> = seen.into_iter().collect();
        // Variants written for each new person, and with how many meetings.
        let mut spellings: HashMap<usize, Vec<String>> = HashMap::new();
        for s in seen.iter().filter(|s| s.mention.github.is_some()) {
            let github = s.mention.github.clone().unwrap_or_default();
            let key = github.to_lowercase();
            let i = match roster.by_github.get(&key) {
                Some(&i) => i,
                None => match roster.by_name.get(&fold(&s.mention.name)).copied() {
                    Some(i) if roster.people[i].github.is_none() && roster.people[i].known => i,
                    _ => {
                        let handle = roster.free(&key);
                        roster.add(Person {
                            handle,
                            name: s.mention.name.clone(),
                            aliases: Vec::new(),
                            github: Some(github.clone()),
                            email: s.mention.email.clone(),
                            known: false,
                        })
                    }
                },
            };
            roster.by_github.insert(key, i);
            spellings.entry(i).or_default().push(s.mention.name.clone());
        }
        // Names of people with an account are theirs from now on.
        let mut spelled: Vec<(usize, String)> = spellings
            .iter()
            .flat_map(|(&i, names)| names.iter().map(move |n| (i, fold(n))))
            .collect();
        spelled.sort();
        spelled.dedup();
        for (i, key) in spelled {
            roster.name(key, i);
        }
        // The others, grouped by their folded name.
        let mut groups: BTreeMap<String, (Vec<String>, HashSet<usize>, bool)> = BTreeMap::new();
        let mut order: Vec<String> = Vec::new();
        for s in seen.iter().filter(|s| s.mention.github.is_none()) {
            let key = fold(&s.mention.name);
            if key.is_empty() || roster.by_name.contains_key(&key) {
                if roster.ambiguous.contains(&key) && !roster.guests.contains_key(&key) {
                    roster.guests.insert(key.clone(), s.mention.name.clone());
                    let mut names: Vec<String> = roster
                        .people
                        .iter()
                        .filter(|p| {
                            std::iter::once(&p.name)
                                .chain(&p.aliases)
                                .any(|n| fold(n) == key)
                        })
                        .map(|p| p.handle.clone())
                        .collect();
                    names.insert(0, s.mention.name.clone());
                    roster.proposals.push(Proposal {
                        names,
                        why: "the name is written for each of them; kept as a guest".into(),
                    });
                }
                continue;
            }
            let group = groups.entry(key.clone()).or_insert_with(|| {
                order.push(key.clone());
                (Vec::new(), HashSet::new(), false)
            });
            group.0.push(s.mention.name.clone());
            group.1.insert(s.meeting);
            group.2 |= s.needs_handle;
        }
        for key in order {
            let (names, meetings, needs_handle) = &groups[&key];
            if meetings.len() <= 1 && !needs_handle {
                roster.guests.insert(key, names[0].clone());
                continue;
            }
            let name = fullest(names);
            let handle = roster.free(&crate::id::slug(&name));
            let i = roster.add(Person {
                handle,
                name,
                aliases: Vec::new(),
                github: None,
                email: None,
                known: false,
            });
            roster.by_name.insert(key, i);
            spellings
                .entry(i)
                .or_default()
                .extend(names.iter().cloned());
        }
        for (i, names) in spellings {
            let person = &mut roster.people[i];
            if person.known {
                continue;
            }
            let name = fullest(&names);
            let mut aliases: Vec<String> = names
                .into_iter()
                .chain(std::iter::once(person.name.clone()))
                .filter(|n| *n != name)
                .collect();
            aliases.sort();
            aliases.dedup();
            person.name = name;
            person.aliases = aliases;
        }
        roster.settle_aliases();
        roster.propose();
        roster
    }

    fn add(&mut self, person: Person) -> usize {
        let i = self.people.len();
        for spelling in std::iter::once(&person.name).chain(&person.aliases) {
            self.name(fold(spelling), i);
        }
        if let Some(github) = &person.github {
            self.by_github.entry(github.to_lowercase()).or_insert(i);
        }
        self.people.push(person);
        i
    }

    /// Files `key` as a name of person `i`; a name of two people names
    /// neither.
    fn name(&mut self, key: String, i: usize) {
        match self.by_name.get(&key) {
            Some(&other) if other != i => {
                self.ambiguous.insert(key);
            }
            Some(_) => {}
            None => {
                self.by_name.insert(key, i);
            }
        }
    }

    /// `base`, or `base-2` ... when a person has it already.
    fn free(&self, base: &str) -> String {
        let base = if base.is_empty() { "person" } else { base };
        crate::id::free(base, |h| self.people.iter().any(|p| p.handle == h))
    }

    /// An alias that two new people share names neither.
    fn settle_aliases(&mut self) {
        let mut owners: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, p) in self.people.iter().enumerate() {
            for spelling in std::iter::once(&p.name).chain(&p.aliases) {
                owners.entry(fold(spelling)).or_default().push(i);
            }
        }
        for (spelling, mut who) in owners {
            who.dedup();
            if who.len() < 2 {
                continue;
            }
            let names: Vec<String> = who.iter().map(|&i| self.people[i].handle.clone()).collect();
            for &i in &who {
                let p = &mut self.people[i];
                if !p.known {
                    p.aliases.retain(|a| fold(a) != spelling);
                }
            }
            self.proposals.push(Proposal {
                names,
                why: format!("\"{spelling}\" is written for each of them"),
            });
        }
    }

    /// Near-duplicates among the new people and the guests.
    fn propose(&mut self) {
        let mut names: Vec<(String, String)> = self
            .people
            .iter()
            .map(|p| (p.handle.clone(), fold(&p.name)))
            .collect();
        names.extend(
            self.guests
                .iter()
                .map(|(key, name)| (name.clone(), key.clone())),
        );
        names.sort();
        let mut proposals = Vec::new();
        for (a, (handle_a, name_a)) in names.iter().enumerate() {
            let single = !name_a.contains(' ');
            let mut same_first = Vec::new();
            for (b, (handle_b, name_b)) in names.iter().enumerate() {
                if a == b || name_a == name_b {
                    continue;
                }
                if single
                    && name_b.split(' ').next() == Some(name_a.as_str())
                    && name_b.contains(' ')
                {
                    same_first.push(handle_b.clone());
                }
                if b > a && name_a.len() > 3 && strsim::jaro_winkler(name_a, name_b) >= 0.93 {
                    proposals.push(Proposal {
                        names: vec![handle_a.clone(), handle_b.clone()],
                        why: "the names are close".into(),
                    });
                }
            }
            if !same_first.is_empty()
                && self
                    .people
                    .iter()
                    .any(|p| p.handle == *handle_a && !p.known)
            {
                let why = match same_first.len() {
                    1 => format!("\"{name_a}\" may be the first name of {}", same_first[0]),
                    n => format!("\"{name_a}\" may be the first name of any of {n} people"),
                };
                let mut names = vec![handle_a.clone()];
                names.extend(same_first);
                proposals.push(Proposal { names, why });
            }
        }
        self.proposals.extend(proposals);
    }

    /// The person a mention names.
    pub fn who(&self, m: &Mention) -> Who {
        if let Some(&i) = m
            .github
            .as_ref()
            .and_then(|g| self.by_github.get(&g.to_lowercase()))
        {
            return Who::Handle(self.people[i].handle.clone());
        }
        let key = fold(&m.name);
        match self.by_name.get(&key) {
            Some(&i) if !self.ambiguous.contains(&key) => {
                Who::Handle(self.people[i].handle.clone())
            }
            _ => Who::Guest(m.name.clone()),
        }
    }

    /// The people this import adds to the roster.
    pub fn new_people(&self) -> impl Iterator<Item = &Person> {
        self.people.iter().filter(|p| !p.known)
    }

    pub fn guest_count(&self) -> usize {
        self.guests.len()
    }
}

/// The spelling to keep: the one of most words (the fullest name), then
/// the one written most often, then the longest; a spelling with stray
/// punctuation ("MD: Ann Lee") only where there is no other.
fn fullest(names: &[String]) -> String {
    let clean = |n: &str| !n.contains([':', ',', '(', ')', '[', ']', '@', '/']);
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let any_clean = names.iter().any(|n| clean(n));
    for n in names.iter().filter(|n| clean(n) || !any_clean) {
        *counts.entry(n.as_str()).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|(n, count)| {
            (
                n.split_whitespace().count(),
                *count,
                n.chars().filter(|c| c.is_uppercase()).count().min(1),
                n.chars().count(),
            )
        })
        .map(|(n, _)| n.to_string())
        .unwrap_or_default()
}

/// A `--roster` file: a `[people]` table as `minutes.toml` has one.
#[derive(Deserialize)]
struct File {
    #[serde(default)]
    people: BTreeMap<String, Known>,
}

const FILE_FIELDS: &[Field] = &[opt(
    "people",
    Kind::Map(&Kind::Either(
        &Kind::Str,
        &Kind::Table(crate::config::PERSON_FIELDS),
    )),
)];

/// The people of a `--roster` file, or every problem with it.
pub fn parse_file(shown: &Path, text: &str) -> Result<BTreeMap<String, Known>, Vec<Diagnostic>> {
    let (file, _): (File, _) = crate::source::parse(shown, text, FILE_FIELDS)?;
    Ok(file.people)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(name: &str, github: Option<&str>) -> Mention {
        Mention {
            name: name.into(),
            github: github.map(Into::into),
            ..Mention::default()
        }
    }

    #[test]
    fn accounts_make_handles_and_guests_stay_guests() {
        let mentions = [
            (0, m("Ana Petrescu", Some("APetrescu")), false),
            (1, m("Ana P.", Some("apetrescu")), false),
            (0, m("Rui", None), false),
            (1, m("rui", None), false),
            (0, m("Dana Weiss", None), false),
            (1, m("Lu Chen", None), true),
        ];
        let seen = mentions
            .iter()
            .map(|(meeting, mention, needs_handle)| Seen {
                meeting: *meeting,
                mention,
                needs_handle: *needs_handle,
            });
        let roster = Roster::build(&BTreeMap::new(), seen);
        let handles: Vec<&str> = roster.people.iter().map(|p| p.handle.as_str()).collect();
        assert_eq!(handles, ["apetrescu", "rui", "lu-chen"]);
        assert_eq!(roster.people[0].name, "Ana Petrescu");
        assert_eq!(roster.people[0].aliases, ["Ana P."]);
        assert_eq!(roster.people[0].github.as_deref(), Some("APetrescu"));
        assert_eq!(roster.people[1].name, "Rui");
        assert_eq!(roster.who(&m("RUI", None)), Who::Handle("rui".into()));
        assert_eq!(
            roster.who(&m("Dana Weiss", None)),
            Who::Guest("Dana Weiss".into())
        );
    }

    #[test]
    fn near_duplicates_are_proposed_not_merged() {
        let mentions = [
            m("Mara Velt", None),
            m("Mara Veldt", None),
            m("Ivo", None),
            m("Ivo Brandt", None),
            m("Ivo Kern", None),
        ];
        let seen = mentions.iter().flat_map(|mention| {
            (0..2).map(move |meeting| Seen {
                meeting,
                mention,
                needs_handle: false,
            })
        });
        let roster = Roster::build(&BTreeMap::new(), seen);
        assert_eq!(roster.people.len(), 5);
        let said: Vec<String> = roster
            .proposals
            .iter()
            .map(|p| format!("{}: {}", p.names.join(" "), p.why))
            .collect();
        assert!(
            said.contains(&"mara-veldt mara-velt: the names are close".to_string()),
            "{said:?}"
        );
        assert!(
            said.iter()
                .any(|s| s.starts_with("ivo ivo-brandt ivo-kern")),
            "{said:?}"
        );
    }

    #[test]
    fn a_known_roster_keeps_its_handles() {
        let mut known = BTreeMap::new();
        known.insert(
            "mark".to_string(),
            Known {
                name: "Mark Rousskov".into(),
                aliases: vec!["Mark".into()],
                github: None,
                email: None,
                role: None,
                affiliation: None,
            },
        );
        let mention = m("Mark", None);
        let roster = Roster::build(
            &known,
            [Seen {
                meeting: 0,
                mention: &mention,
                needs_handle: false,
            }],
        );
        assert_eq!(roster.who(&mention), Who::Handle("mark".into()));
        assert_eq!(roster.new_people().count(), 0);
    }
}
