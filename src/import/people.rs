//! People as minutes name them: "Name @handle (role)", "Name
//! (Affiliation)", "Council members: A, B", "Chair: Name".
//!
//! A mention is what one line says about one person; who the person is
//! (a roster handle, or a guest) is decided over the whole import by
//! `roster`. Nothing here guesses from prose: only attendee lists and
//! lines that open with a label are read.

use super::profile::{Profile, Qualifiers, Role};

/// One person as a line of the minutes names them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mention {
    pub name: String,
    /// A GitHub account, as written after `@`.
    pub github: Option<String>,
    pub email: Option<String>,
    pub role: Option<String>,
    pub affiliation: Option<String>,
    pub note: Option<String>,
    /// The line of the file that names the person (from 1).
    pub line: usize,
}

/// What a labelled line at the head of the minutes says.
#[derive(Debug, PartialEq, Eq)]
pub enum Header {
    Chairs(Vec<Mention>),
    Scribes(Vec<Mention>),
    /// "Meeting date: 2026-07-17".
    Date(String),
    /// People present, with the role the label gives them.
    People(Vec<Mention>),
    Regrets(Vec<Mention>),
}

const CHAIR: &[&str] = &[
    "chair",
    "chairs",
    "facilitator",
    "facilitators",
    "moderator",
    "host",
];
const SCRIBE: &[&str] = &[
    "scribe",
    "scribes",
    "minutes",
    "minute taker",
    "note taker",
    "notetaker",
    "note takers",
    "notes",
];
const DATE: &[&str] = &["meeting date", "date"];
/// Words that open a qualifier naming a role.
const ROLE_WORDS: &[&str] = &[
    "member",
    "voting member",
    "observer",
    "invited",
    "guest",
    "alternate",
    "chair",
    "co chair",
    "scribe",
    "staff",
    "emeritus",
    "liaison",
    "regular member",
    "voting",
];
/// Words that stand for nobody in a list of people.
const NOBODY: &[&str] = &["none", "n a", "nobody", "tbd", "no one", "noone"];

/// A line "Label: value" whose label the profile knows as a header.
pub fn header(profile: &Profile, line: &str) -> Option<Header> {
    let text = strip_bullet(line.trim());
    let text = text.trim_start_matches("**").trim_start_matches("__");
    let (label, value) = text.split_once(':')?;
    let label = label.trim().trim_end_matches("**").trim_end_matches("__");
    let value = value
        .trim()
        .trim_start_matches("**")
        .trim_start_matches("__")
        .trim();
    if label.split_whitespace().count() > 3 || label.is_empty() {
        return None;
    }
    let key = super::profile::key(label);
    let qualifiers = profile.qualifiers;
    if CHAIR.contains(&key.as_str()) {
        let people = list(value, qualifiers, None);
        return names(&people).then_some(Header::Chairs(people));
    }
    if SCRIBE.contains(&key.as_str()) {
        // "Minutes: see the document" names nobody.
        let people = list(value, qualifiers, None);
        return (names(&people) && (!people.is_empty() || key != "notes"))
            .then_some(Header::Scribes(people));
    }
    if DATE.contains(&key.as_str()) {
        return (!value.is_empty()).then(|| Header::Date(value.to_string()));
    }
    match profile.role(label) {
        Role::Attendees(role) => Some(Header::People(list(value, qualifiers, role))),
        Role::Regrets => Some(Header::Regrets(list(value, qualifiers, None))),
        _ => None,
    }
}

/// Whether `people` read as names: a word (a first name, a handle), or a
/// few words of which one is capitalized; not a phrase.
fn names(people: &[Mention]) -> bool {
    people.iter().all(|m| {
        let words: Vec<&str> = m.name.split_whitespace().collect();
        words.len() == 1
            || words.len() <= 4 && words.iter().any(|w| w.starts_with(char::is_uppercase))
    })
}

/// The people of "A, B (note), C and D".
pub fn list(value: &str, qualifiers: Qualifiers, role: Option<&str>) -> Vec<Mention> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    let bytes = value.as_bytes();
    let mut parts = Vec::new();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'(' => depth += 1,
            b')' => depth -= 1,
            b',' | b';' if depth == 0 => {
                parts.push(&value[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&value[start..]);
    for part in parts {
        let part = part.trim();
        let part = part.strip_prefix("and ").unwrap_or(part);
        if let Some(m) = mention(part, qualifiers, role) {
            out.push(m);
        }
    }
    out
}

/// One person named by an entry of an attendee list: "Name @handle
/// (role)", "Name (@handle)", "Name - role (@handle), joined late".
pub fn mention(text: &str, qualifiers: Qualifiers, role: Option<&str>) -> Option<Mention> {
    let text = entry_text(text);
    let (head, groups, tail) = parenthesized(&text);
    // "Name - voting": what follows a dash qualifies the name.
    let (head, dash) = match head.split_once(" - ").or_else(|| head.split_once(" – ")) {
        Some((name, more)) => (name.to_string(), Some(more.to_string())),
        None => (head, None),
    };
    let mut m = Mention::default();
    let mut words = Vec::new();
    let mut qualifier = Vec::new();
    for (n, part) in std::iter::once(head.as_str())
        .chain(dash.as_deref())
        .chain(groups.iter().map(String::as_str))
        .enumerate()
    {
        let mut rest = Vec::new();
        for word in part.split_whitespace() {
            let bare = word.trim_matches(|c: char| matches!(c, '<' | '>' | ',' | ';'));
            match bare.strip_prefix('@') {
                Some(handle) if is_handle(handle) && m.github.is_none() => {
                    m.github = Some(handle.to_string())
                }
                _ if bare.contains('@') && bare.contains('.') => {
                    m.email.get_or_insert_with(|| bare.to_string());
                }
                _ => rest.push(word),
            }
        }
        let rest = rest.join(" ");
        let rest = rest.trim_matches(|c: char| c == ',' || c == ';' || c.is_whitespace());
        match n {
            0 => words.push(rest.to_string()),
            _ if !rest.is_empty() => qualifier.push(rest.to_string()),
            _ => {}
        }
    }
    m.name = words
        .join(" ")
        .trim_matches(|c: char| matches!(c, '-' | '–' | ':' | '*' | '_' | ',') || c.is_whitespace())
        .to_string();
    if !qualifier.is_empty() {
        qualify(&mut m, &qualifier.join(", "), qualifiers);
    }
    // A letter or two after the last parenthesis is a slip of the keys;
    // more is a note ("..., joined late").
    let tail = tail.trim().trim_start_matches([',', ';', '-', '–']).trim();
    if tail.chars().count() > 2 {
        m.note = Some(match m.note.take() {
            Some(note) => format!("{note}, {tail}"),
            None => tail.to_string(),
        });
    }
    if m.role.is_none() {
        m.role = role.map(str::to_string);
    }
    if m.name.is_empty() {
        m.name = m.github.clone()?;
    }
    let folded = super::profile::key(&m.name);
    if NOBODY.contains(&folded.as_str()) || !m.name.chars().any(char::is_alphabetic) {
        return None;
    }
    Some(m)
}

/// An entry as plain text: no bullet, `[Name](https://github.com/x)` as
/// "Name @x", no bold or code marks, no closing punctuation.
fn entry_text(text: &str) -> String {
    let mut text = strip_bullet(text.trim()).trim().to_string();
    if let Some((label, url, len)) = super::refs::link_at(&text) {
        let github = url
            .strip_prefix("https://github.com/")
            .map(|h| h.trim_end_matches('/').to_string())
            .filter(|h| !h.is_empty() && !h.contains('/'));
        let rest = text[len..].to_string();
        text = format!("{label}{rest}");
        if let Some(handle) = github {
            text.push_str(&format!(" @{handle}"));
        }
    }
    text.trim_end_matches(['.', ',', ';'])
        .replace("**", "")
        .replace('`', "")
}

/// The text before the first parenthesis, the groups in parentheses (an
/// unclosed one runs to the end), and what follows them.
fn parenthesized(text: &str) -> (String, Vec<String>, String) {
    let mut head = String::new();
    let mut tail = String::new();
    let mut groups = Vec::new();
    let mut depth = 0usize;
    let mut group = String::new();
    for c in text.chars() {
        match c {
            '(' => {
                if depth > 0 {
                    group.push(c);
                }
                depth += 1;
            }
            ')' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    groups.push(std::mem::take(&mut group).trim().to_string());
                } else {
                    group.push(c);
                }
            }
            _ if depth > 0 => group.push(c),
            _ if groups.is_empty() => head.push(c),
            _ => tail.push(c),
        }
    }
    if depth > 0 {
        groups.push(group.trim().to_string());
    }
    (head, groups, tail)
}

/// Reads "(observer/Microsoft)", "(invited, from the X team)",
/// "(Guest - CPC rep)" or "(Mozilla)".
fn qualify(m: &mut Mention, q: &str, qualifiers: Qualifiers) {
    match qualifiers {
        Qualifiers::RoleFirst => {
            if let Some((role, affiliation)) = q.split_once('/') {
                m.role = Some(role.trim().to_string());
                m.affiliation = Some(affiliation.trim().to_string());
            } else if let Some((role, note)) = q.split_once(", ").or_else(|| q.split_once(" - ")) {
                m.role = Some(role.trim().to_string());
                m.note = Some(note.trim().to_string());
            } else {
                m.role = Some(q.to_string());
            }
        }
        Qualifiers::Guess => {
            let first = super::profile::key(q);
            if ROLE_WORDS
                .iter()
                .any(|r| first == *r || first.starts_with(&format!("{r} ")))
            {
                qualify(m, q, Qualifiers::RoleFirst);
            } else if q.split_whitespace().count() >= 3 {
                m.note = Some(q.to_string());
            } else {
                m.affiliation = Some(q.to_string());
            }
        }
        Qualifiers::Affiliation => match q.split_once(", ") {
            Some((affiliation, note)) => {
                m.affiliation = Some(affiliation.trim().to_string());
                m.note = Some(note.trim().to_string());
            }
            None => m.affiliation = Some(q.to_string()),
        },
    }
}

fn is_handle(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 39
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A list entry without its bullet or number.
pub fn strip_bullet(text: &str) -> &str {
    for mark in ["* ", "- ", "+ "] {
        if let Some(rest) = text.strip_prefix(mark) {
            return rest;
        }
    }
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        if let Some(rest) = text[digits..]
            .strip_prefix(". ")
            .or_else(|| text[digits..].strip_prefix(") "))
        {
            return rest;
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::profile::GENERIC;

    fn m(text: &str, q: Qualifiers) -> Mention {
        mention(text, q, None).unwrap()
    }

    #[test]
    fn names_handles_roles_and_affiliations() {
        let a = m(
            "* Ana Petrescu @apetrescu (observer/Example Co)",
            Qualifiers::RoleFirst,
        );
        assert_eq!(a.name, "Ana Petrescu");
        assert_eq!(a.github.as_deref(), Some("apetrescu"));
        assert_eq!(a.role.as_deref(), Some("observer"));
        assert_eq!(a.affiliation.as_deref(), Some("Example Co"));
        let b = m(
            "Dana Weiss (invited, from the compiler team)",
            Qualifiers::RoleFirst,
        );
        assert_eq!(
            (b.role.as_deref(), b.note.as_deref()),
            (Some("invited"), Some("from the compiler team"))
        );
        let c = m("12. Rob Lee (Example Labs)", Qualifiers::Affiliation);
        assert_eq!(
            (c.name.as_str(), c.affiliation.as_deref()),
            ("Rob Lee", Some("Example Labs"))
        );
        let d = m("Joe Bloggs (@jbloggs)w", Qualifiers::RoleFirst);
        assert_eq!(
            (d.name.as_str(), d.github.as_deref()),
            ("Joe Bloggs", Some("jbloggs"))
        );
        let e = m(
            "Joe Bloggs - voting (@jbloggs), joined late",
            Qualifiers::RoleFirst,
        );
        assert_eq!(
            (
                e.name.as_str(),
                e.github.as_deref(),
                e.role.as_deref(),
                e.note.as_deref()
            ),
            (
                "Joe Bloggs",
                Some("jbloggs"),
                Some("voting"),
                Some("joined late")
            )
        );
        let f = m("Bo Lin (@bolin, observer)", Qualifiers::RoleFirst);
        assert_eq!(
            (f.github.as_deref(), f.role.as_deref()),
            (Some("bolin"), Some("observer"))
        );
        assert!(mention("None.", Qualifiers::RoleFirst, None).is_none());
    }

    #[test]
    fn labelled_lines_name_roles_and_people() {
        let p = GENERIC;
        let Some(Header::People(people)) = header(p, "- Observers: Lu, Kim (filling in for Mo)")
        else {
            panic!()
        };
        assert_eq!(people.len(), 2);
        assert_eq!(people[0].role.as_deref(), Some("observer"));
        assert_eq!(people[1].note.as_deref(), Some("filling in for Mo"));
        assert_eq!(
            header(p, " * Scribes: Ann Lee, Bo Chen"),
            Some(Header::Scribes(vec![
                Mention {
                    name: "Ann Lee".into(),
                    ..Mention::default()
                },
                Mention {
                    name: "Bo Chen".into(),
                    ..Mention::default()
                },
            ]))
        );
        assert_eq!(header(p, "Time: 8 AM"), None);
        assert_eq!(
            header(p, "- Meeting date: 2026-07-17"),
            Some(Header::Date("2026-07-17".into()))
        );
    }
}
