//! Profiles: how one group writes its minutes, as data and a little code.
//!
//! A profile names the group's layout: which words of its headings mean
//! what (beyond the common dictionary), how attendees qualify their names,
//! where items are found, how short issue references are completed, how
//! to recognize a file of the group (`detect`, a score from 0 to 1) and
//! which era of the group's template a file follows (`era`). The reading
//! itself is shared (`engine`); the round trip back to the group's layout
//! is the profile's template (`templates/<name>.md`). Adding a profile is
//! one file here and one template.

mod generic;
mod nodejs_tsc;
mod rust_council;
mod w3c_wecg;

use super::engine::Shape;
use super::markdown::Outline;

/// What a heading says its section holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Links,
    /// Who was there; the role the heading gives them ("Observers").
    Attendees(Option<&'static str>),
    Regrets,
    /// Chair and scribe lines ("Meeting roles").
    Roles,
    /// The body of the minutes, holding the items.
    Container,
    /// The agenda: the container when there is no other.
    Agenda,
    /// Items listed but not discussed.
    Undiscussed,
    Actions,
    /// Decisions of the kind named, or plain ones.
    Decisions(Option<crate::meeting::DecisionKind>),
    /// After the items: the next meeting.
    Trailer,
    /// Nothing special: an item, or text of the preamble.
    Plain,
}

/// How the words in parentheses after a name read: "(observer/Microsoft)"
/// gives a role, then an affiliation; "(Mozilla)" an affiliation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Qualifiers {
    RoleFirst,
    Affiliation,
    /// A role when it opens with a role's word, a note when it is a
    /// phrase, else an affiliation.
    Guess,
}

pub struct Profile {
    pub name: &'static str,
    /// One line for `--help` and the report.
    pub about: &'static str,
    /// Heading words of this group, tried before the common ones.
    pub sections: &'static [(&'static str, Role)],
    pub qualifiers: Qualifiers,
    /// A short paragraph followed by a list is an item (a topic line and
    /// its discussion).
    pub paragraph_items: bool,
    /// The entries of a list that makes up a whole body are items.
    pub list_items: bool,
    /// The owner of bare `repo#N` references in titles.
    pub owner: Option<&'static str>,
    /// How much a file looks like this group's, from 0 to 1.
    pub detect: fn(&Outline<'_>, &Shape) -> f32,
    /// The era of the group's template the file follows.
    pub era: fn(&Outline<'_>, &Shape) -> &'static str,
}

/// Below this score, `--profile auto` reads a file with `generic`.
pub const THRESHOLD: f32 = 0.5;

pub const ALL: &[&Profile] = &[
    &nodejs_tsc::PROFILE,
    &rust_council::PROFILE,
    &w3c_wecg::PROFILE,
    &generic::PROFILE,
];

pub const GENERIC: &Profile = &generic::PROFILE;

pub fn named(name: &str) -> Option<&'static Profile> {
    ALL.iter().copied().find(|p| p.name == name)
}

pub fn names() -> Vec<&'static str> {
    ALL.iter().map(|p| p.name).collect()
}

/// The heading words every profile knows, as a person would write them:
/// compared without case, punctuation or a trailing explanation.
pub const COMMON: &[(&str, Role)] = &[
    ("links", Role::Links),
    ("present", Role::Attendees(None)),
    ("attendees", Role::Attendees(None)),
    ("attendance", Role::Attendees(None)),
    ("participants", Role::Attendees(None)),
    ("in attendance", Role::Attendees(None)),
    ("invited", Role::Attendees(Some("invited"))),
    ("observers", Role::Attendees(Some("observer"))),
    ("guests", Role::Attendees(Some("guest"))),
    ("regrets", Role::Regrets),
    ("not present", Role::Regrets),
    ("absent", Role::Regrets),
    ("apologies", Role::Regrets),
    ("meeting roles", Role::Roles),
    ("roles", Role::Roles),
    ("minutes", Role::Container),
    ("notes", Role::Container),
    ("meeting notes", Role::Container),
    ("meeting minutes", Role::Container),
    ("discussion", Role::Container),
    ("agenda", Role::Agenda),
    ("topics we didn t get to", Role::Undiscussed),
    ("topics we did not get to", Role::Undiscussed),
    ("not discussed", Role::Undiscussed),
    ("action items", Role::Actions),
    ("actions", Role::Actions),
    ("todo for next meeting", Role::Actions),
    ("decisions", Role::Decisions(None)),
    (
        "resolutions",
        Role::Decisions(Some(crate::meeting::DecisionKind::Resolution)),
    ),
    (
        "consented decisions",
        Role::Decisions(Some(crate::meeting::DecisionKind::Consensus)),
    ),
    ("next meeting", Role::Trailer),
    ("upcoming meetings", Role::Trailer),
];

impl std::fmt::Debug for Profile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

impl Profile {
    /// The role of a heading's section: the profile's words, then the
    /// common ones; a heading such as "Agenda: [issues](...)" or
    /// "Attendees (sign yourself in)" reads by its first words.
    pub fn role(&self, heading: &str) -> Role {
        let key = key(heading);
        let lookup = |table: &[(&str, Role)]| {
            table
                .iter()
                .find(|(words, _)| key == *words)
                .map(|(_, role)| *role)
        };
        lookup(self.sections)
            .or_else(|| lookup(COMMON))
            .unwrap_or(Role::Plain)
    }
}

/// A heading as the dictionary compares it: lower case, letters and
/// digits, single spaces, without what follows a colon or a parenthesis.
pub fn key(heading: &str) -> String {
    let head = heading
        .split([':', '(', '–', '—'])
        .next()
        .unwrap_or(heading);
    let mut out = String::new();
    for c in head.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out.trim_end().to_string()
}

/// How many of `signals` hold, as a share.
pub fn share(signals: &[bool]) -> f32 {
    if signals.is_empty() {
        return 0.0;
    }
    signals.iter().filter(|s| **s).count() as f32 / signals.len() as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_read_by_their_first_words() {
        let p = GENERIC;
        assert_eq!(
            p.role("Attendees (sign yourself in):"),
            Role::Attendees(None)
        );
        assert_eq!(p.role("Agenda: [github issues](https://x)"), Role::Agenda);
        assert_eq!(p.role("Topics we didn't get to"), Role::Undiscussed);
        assert_eq!(p.role("Nominated issues"), Role::Plain);
        assert_eq!(key("  Q&A, Other "), "q a other");
    }
}
