//! The meeting file: its types, its shape, and the views derived from it.
//!
//! A meeting is what the scribe wrote, deserialized as it is; the only value
//! filled in after reading is an item's `id` when the file leaves it out
//! (derived from the title). Validation that needs more than one file lives
//! in `check`; editing lives in `edit`.
//!
//! Besides the schema-1 header and items, a meeting may hold what real
//! groups' minutes carry: several chairs and scribes, the attendees with
//! their roles and affiliations (guests included), links, the text before
//! the first item and after the last, items filed under sections or under
//! another item, items listed but not discussed, issue references, typed
//! decisions, a cancelled call, and where an imported meeting came from.
//! Every one of them is optional, so a schema-1 file reads as it always did.

use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::schema::{Field, Kind, opt, req};

/// The version of the meeting format that this build reads and writes.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Agenda,
    Draft,
    Final,
    Published,
    /// The call did not take place.
    Cancelled,
}

impl Status {
    pub const NAMES: &'static [&'static str] =
        &["agenda", "draft", "final", "published", "cancelled"];

    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// Whether the call has taken place: an agenda is still to come, a
    /// cancelled call never came.
    pub fn is_held(self) -> bool {
        !matches!(self, Status::Agenda | Status::Cancelled)
    }
}

impl FromStr for Status {
    type Err = Error;

    fn from_str(name: &str) -> Result<Status, Error> {
        [
            Status::Agenda,
            Status::Draft,
            Status::Final,
            Status::Published,
            Status::Cancelled,
        ]
        .into_iter()
        .find(|s| s.as_str() == name)
        .ok_or_else(|| {
            Error::usage(format!("there is no status `{name}`"))
                .with_help(format!("use one of: {}", Status::NAMES.join(", ")))
        })
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Meeting {
    pub schema: u32,
    #[serde(deserialize_with = "crate::toml_date::date")]
    pub date: NaiveDate,
    #[serde(default)]
    pub series: Option<String>,
    pub status: Status,
    #[serde(default)]
    pub title: Option<String>,
    /// A handle, or a list of handles.
    #[serde(default, with = "crate::meeting::handles")]
    pub chair: Vec<String>,
    #[serde(default, with = "crate::meeting::handles")]
    pub scribe: Vec<String>,
    /// This meeting's local start, HH:MM, when it differs from the series'.
    #[serde(default)]
    pub start: Option<String>,
    /// The last day of a meeting over several days.
    #[serde(default, deserialize_with = "crate::toml_date::option")]
    pub end_date: Option<NaiveDate>,
    #[serde(default)]
    pub present: Vec<String>,
    #[serde(default)]
    pub regrets: Vec<String>,
    /// The rich form of `present`: roles, affiliations, guests.
    #[serde(default)]
    pub attendees: Vec<Attendee>,
    #[serde(default)]
    pub links: Vec<Link>,
    /// Markdown before the first item.
    #[serde(default)]
    pub preamble: String,
    /// Markdown after the last item.
    #[serde(default)]
    pub postscript: String,
    #[serde(default)]
    pub items: Vec<Item>,
    #[serde(default)]
    pub updates: Vec<Update>,
    #[serde(default)]
    pub publication: Option<Publication>,
    /// Where an imported meeting came from; no render shows it.
    #[serde(default)]
    pub origin: Option<Origin>,
}

/// One person at the meeting: a roster handle (`who`) or a guest (`name`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Attendee {
    #[serde(default)]
    pub who: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    /// member, observer, guest, invited, alternate, or words of the group's own.
    #[serde(default)]
    pub role: Option<String>,
    /// As of this meeting.
    #[serde(default)]
    pub affiliation: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

impl Attendee {
    /// A guest is named, not a handle of the roster.
    pub fn is_guest(&self) -> bool {
        self.who.is_none()
    }
}

/// The roles a group commonly gives, in the order the minutes list them
/// (a group's own words for a role come right after `member`).
pub const ROLES: &[&str] = &["member", "alternate", "observer", "invited", "guest"];

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Link {
    pub kind: LinkKind,
    pub url: String,
    #[serde(default)]
    pub label: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LinkKind {
    Recording,
    Issue,
    MinutesDoc,
    Agenda,
    Chat,
    Slides,
    Other,
}

impl LinkKind {
    pub const NAMES: &'static [&'static str] = &[
        "recording",
        "issue",
        "minutes-doc",
        "agenda",
        "chat",
        "slides",
        "other",
    ];

    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

/// Where an imported meeting came from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Origin {
    /// `github:owner/repo`, or another place the import names.
    pub source: String,
    #[serde(default)]
    pub path: Option<String>,
    #[serde(default)]
    pub commit: Option<String>,
    /// The import profile that read it.
    #[serde(default)]
    pub profile: Option<String>,
    /// The era of the group's template the file followed, as the profile
    /// names it: its template lays the meeting out as that era did.
    #[serde(default)]
    pub era: Option<String>,
}

impl Origin {
    /// `github:owner/repo minutes/2025-05-23.md@abc123`, for messages.
    pub fn describe(&self) -> String {
        let mut out = self.source.clone();
        if let Some(path) = &self.path {
            out.push(' ');
            out.push_str(path);
        }
        if let Some(commit) = &self.commit {
            out.push('@');
            out.push_str(commit);
        }
        out
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// Unique in the meeting; derived from the title when the file has none.
    #[serde(default)]
    pub id: String,
    pub title: String,
    /// How prose introduces the item: "some remarks on ...".
    #[serde(default)]
    pub lead: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub presenter: Option<String>,
    /// Minutes set aside on the agenda.
    #[serde(default)]
    pub timebox: Option<u32>,
    /// Never shown in public renders.
    #[serde(default)]
    pub private: bool,
    /// The heading of the group the item is filed under.
    #[serde(default)]
    pub section: Option<String>,
    /// False: listed on the agenda, but not discussed.
    #[serde(default = "discussed")]
    pub discussed: bool,
    /// Issues and pull requests: `owner/repo#N`, or URLs.
    #[serde(default)]
    pub refs: Vec<String>,
    /// The id of the item this one is a part of.
    #[serde(default)]
    pub parent: Option<String>,
    /// Markdown.
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub decisions: Vec<Decision>,
    #[serde(default)]
    pub sources: Vec<Source>,
    #[serde(default)]
    pub actions: Vec<Action>,
}

fn discussed() -> bool {
    true
}

/// What was decided: plain text, or text with its kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    pub text: String,
    pub kind: Option<DecisionKind>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DecisionKind {
    Decision,
    Resolution,
    Consensus,
    Vote,
    Conclusion,
}

impl DecisionKind {
    pub const NAMES: &'static [&'static str] =
        &["decision", "resolution", "consensus", "vote", "conclusion"];

    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

impl FromStr for DecisionKind {
    type Err = Error;

    fn from_str(name: &str) -> Result<DecisionKind, Error> {
        [
            DecisionKind::Decision,
            DecisionKind::Resolution,
            DecisionKind::Consensus,
            DecisionKind::Vote,
            DecisionKind::Conclusion,
        ]
        .into_iter()
        .find(|k| k.as_str() == name)
        .ok_or_else(|| {
            Error::usage(format!("there is no kind of decision `{name}`"))
                .with_help(format!("use one of: {}", DecisionKind::NAMES.join(", ")))
        })
    }
}

impl Decision {
    pub fn plain(text: impl Into<String>) -> Decision {
        Decision {
            text: text.into(),
            kind: None,
        }
    }

    /// Whether the decision is of `kind`; a plain one is a `decision`.
    pub fn is(&self, kind: DecisionKind) -> bool {
        self.kind.unwrap_or(DecisionKind::Decision) == kind
    }
}

/// "resolution: Adopt the charter", as terminal views and messages say it.
impl std::fmt::Display for Decision {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.kind {
            Some(kind) => write!(f, "{}: {}", kind.as_str(), self.text),
            None => f.write_str(&self.text),
        }
    }
}

/// The table form of a decision: `{ text = "...", kind = "resolution" }`.
#[derive(Serialize, Deserialize)]
pub(crate) struct DecisionTable {
    pub text: String,
    #[serde(default)]
    pub kind: Option<DecisionKind>,
}

/// Text where it is plain, a table where it has a kind; the index (a
/// binary format) always reads and writes the table.
impl Serialize for Decision {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() && self.kind.is_none() {
            return s.serialize_str(&self.text);
        }
        DecisionTable {
            text: self.text.clone(),
            kind: self.kind,
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Decision {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Decision, D::Error> {
        if !d.is_human_readable() {
            let table = DecisionTable::deserialize(d)?;
            return Ok(Decision {
                text: table.text,
                kind: table.kind,
            });
        }
        d.deserialize_any(TextOrTable::new(|table: DecisionTable| Decision {
            text: table.text,
            kind: table.kind,
        }))
    }
}

/// A visitor for a value written as text or as a table: text is the value
/// with nothing else said, a table is read as `T` and made into the value.
pub(crate) struct TextOrTable<T, F>(F, std::marker::PhantomData<fn() -> T>);

impl<T, F> TextOrTable<T, F> {
    pub fn new(make: F) -> Self {
        TextOrTable(make, std::marker::PhantomData)
    }
}

impl<'de, T, V, F> serde::de::Visitor<'de> for TextOrTable<T, F>
where
    T: Deserialize<'de>,
    V: FromText,
    F: FnOnce(T) -> V,
{
    type Value = V;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string or a table")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<V, E> {
        Ok(V::from_text(text))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<V, A::Error> {
        let table = T::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
        Ok((self.0)(table))
    }
}

/// A value that text alone can make.
pub(crate) trait FromText {
    fn from_text(text: &str) -> Self;
}

impl FromText for Decision {
    fn from_text(text: &str) -> Decision {
        Decision::plain(text)
    }
}

/// An issue or pull request an item refers to, as written in `refs`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ref {
    /// `owner/repo#N`.
    Issue { repo: String, number: u64 },
    /// A web address.
    Url(String),
}

impl Ref {
    /// `owner/repo#N`, or an http(s) address; `None` for anything else.
    pub fn parse(text: &str) -> Option<Ref> {
        let text = text.trim();
        let lower = text.to_ascii_lowercase();
        if lower.starts_with("https://") || lower.starts_with("http://") {
            let rest = text.split_once("://").map_or("", |(_, r)| r);
            return (!rest.is_empty() && !rest.contains(char::is_whitespace))
                .then(|| Ref::Url(text.to_string()));
        }
        let (repo, number) = text.split_once('#')?;
        let (owner, name) = repo.split_once('/')?;
        let part = |s: &str| {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        };
        let number: u64 = number.parse().ok().filter(|n| *n > 0)?;
        (part(owner) && part(name) && number.to_string().len() == text.len() - repo.len() - 1).then(
            || Ref::Issue {
                repo: repo.to_string(),
                number,
            },
        )
    }
}

impl FromStr for Ref {
    type Err = Error;

    fn from_str(text: &str) -> Result<Ref, Error> {
        Ref::parse(text).ok_or_else(|| {
            Error::usage(format!("`{text}` is not an issue reference"))
                .with_help("write owner/repo#123, or the whole address starting with https://")
        })
    }
}

/// `chair` and `scribe`: one handle, or a list. Written back as one handle
/// where there is one, so that schema-1 files and their JSON stay as they
/// were; the index (a binary format) always keeps the list.
pub(crate) mod handles {
    use serde::de::{self, Deserializer, SeqAccess, Visitor};
    use serde::{Deserialize, Serialize, Serializer};

    pub fn serialize<S: Serializer>(list: &[String], s: S) -> Result<S::Ok, S::Error> {
        match list {
            [] if s.is_human_readable() => s.serialize_none(),
            [one] if s.is_human_readable() => s.serialize_str(one),
            _ => list.serialize(s),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
        if !d.is_human_readable() {
            return Vec::<String>::deserialize(d);
        }
        d.deserialize_any(OneOrMany)
    }

    struct OneOrMany;

    impl<'de> Visitor<'de> for OneOrMany {
        type Value = Vec<String>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a handle or a list of handles")
        }

        fn visit_str<E: de::Error>(self, one: &str) -> Result<Vec<String>, E> {
            Ok(vec![one.to_string()])
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<String>, A::Error> {
            let mut out = Vec::new();
            while let Some(handle) = seq.next_element::<String>()? {
                out.push(handle);
            }
            Ok(out)
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub title: String,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub publisher: Option<String>,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub year: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Action {
    pub id: String,
    #[serde(default)]
    pub owner: Option<String>,
    pub task: String,
    #[serde(default, deserialize_with = "crate::toml_date::option")]
    pub due: Option<NaiveDate>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ActionStatus {
    Open,
    Done,
    Dropped,
}

impl ActionStatus {
    pub const NAMES: &'static [&'static str] = &["open", "done", "dropped"];

    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

/// What became of an action agreed in an earlier meeting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Update {
    /// `<meeting id>#<action id>`.
    pub action: String,
    pub status: ActionStatus,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Publication {
    #[serde(default, deserialize_with = "crate::toml_date::option")]
    pub date: Option<NaiveDate>,
    /// The day the last correction was published.
    #[serde(default, deserialize_with = "crate::toml_date::option")]
    pub updated: Option<NaiveDate>,
}

/// The keys of a meeting file, for the shape check.
pub const FIELDS: &[Field] = &[
    req("schema", Kind::Int),
    req("date", Kind::Date),
    opt("series", Kind::Str),
    req("status", Kind::OneOf(Status::NAMES)),
    opt("title", Kind::Str),
    opt("chair", HANDLES),
    opt("scribe", HANDLES),
    opt("start", Kind::Str),
    opt("end_date", Kind::Date),
    opt("present", Kind::Array(&Kind::Str)),
    opt("regrets", Kind::Array(&Kind::Str)),
    opt("attendees", Kind::Tables(ATTENDEE_FIELDS)),
    opt("links", Kind::Tables(LINK_FIELDS)),
    opt("preamble", Kind::Str),
    opt("postscript", Kind::Str),
    opt("items", Kind::Tables(ITEM_FIELDS)),
    opt("updates", Kind::Tables(UPDATE_FIELDS)),
    opt(
        "publication",
        Kind::Table(&[opt("date", Kind::Date), opt("updated", Kind::Date)]),
    ),
    opt("origin", Kind::Table(ORIGIN_FIELDS)),
];

const HANDLES: Kind = Kind::Either(&Kind::Str, &Kind::Array(&Kind::Str));

const ATTENDEE_FIELDS: &[Field] = &[
    opt("who", Kind::Str),
    opt("name", Kind::Str),
    opt("role", Kind::Str),
    opt("affiliation", Kind::Str),
    opt("note", Kind::Str),
];

const LINK_FIELDS: &[Field] = &[
    req("kind", Kind::OneOf(LinkKind::NAMES)),
    req("url", Kind::Str),
    opt("label", Kind::Str),
];

const ORIGIN_FIELDS: &[Field] = &[
    req("source", Kind::Str),
    opt("path", Kind::Str),
    opt("commit", Kind::Str),
    opt("profile", Kind::Str),
    opt("era", Kind::Str),
];

pub(crate) const DECISION_FIELDS: &[Field] = &[
    req("text", Kind::Str),
    opt("kind", Kind::OneOf(DecisionKind::NAMES)),
];

const ITEM_FIELDS: &[Field] = &[
    opt("id", Kind::Str),
    req("title", Kind::Str),
    opt("lead", Kind::Str),
    opt("tags", Kind::Array(&Kind::Str)),
    opt("presenter", Kind::Str),
    opt("timebox", Kind::Int),
    opt("private", Kind::Bool),
    opt("section", Kind::Str),
    opt("discussed", Kind::Bool),
    opt("refs", Kind::Array(&Kind::Str)),
    opt("parent", Kind::Str),
    opt("notes", Kind::Str),
    opt(
        "decisions",
        Kind::Array(&Kind::Either(&Kind::Str, &Kind::Table(DECISION_FIELDS))),
    ),
    opt("sources", Kind::Tables(SOURCE_FIELDS)),
    opt("actions", Kind::Tables(ACTION_FIELDS)),
];

const SOURCE_FIELDS: &[Field] = &[
    req("title", Kind::Str),
    opt("author", Kind::Str),
    opt("publisher", Kind::Str),
    opt("kind", Kind::Str),
    opt("url", Kind::Str),
    opt("year", Kind::Int),
];

const ACTION_FIELDS: &[Field] = &[
    req("id", Kind::Str),
    opt("owner", Kind::Str),
    req("task", Kind::Str),
    opt("due", Kind::Date),
];

const UPDATE_FIELDS: &[Field] = &[
    req("action", Kind::Str),
    req("status", Kind::OneOf(ActionStatus::NAMES)),
    opt("note", Kind::Str),
];

impl Source {
    /// " — author, publisher" as listings show it, or nothing.
    pub fn byline(&self) -> String {
        let by: Vec<&str> = [self.author.as_deref(), self.publisher.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        if by.is_empty() {
            String::new()
        } else {
            format!(" — {}", by.join(", "))
        }
    }
}

impl Meeting {
    /// Fills in what the file may leave out: item ids from titles.
    pub fn complete(&mut self) {
        for item in &mut self.items {
            if item.id.is_empty() {
                item.id = crate::id::slug(&item.title);
            }
        }
    }

    /// The items that may appear in public renders.
    pub fn public_items(&self) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(|i| !i.private)
    }

    /// The headline: the title, else the first public item's title.
    pub fn headline(&self) -> Option<&str> {
        self.title
            .as_deref()
            .or_else(|| self.public_items().next().map(|i| i.title.as_str()))
    }

    pub fn action_count(&self) -> usize {
        self.items.iter().map(|i| i.actions.len()).sum()
    }

    /// Minutes set aside on the agenda, in all.
    pub fn timeboxed(&self) -> u32 {
        self.items.iter().filter_map(|i| i.timebox).sum()
    }

    /// Everyone at the meeting, as attendees: `present` first (handles
    /// with nothing more said), then `[[attendees]]`.
    pub fn attendance(&self) -> Vec<Attendee> {
        let present = self.present.iter().map(|who| Attendee {
            who: Some(who.clone()),
            ..Attendee::default()
        });
        present.chain(self.attendees.iter().cloned()).collect()
    }

    /// The items in reading order, each with its depth: every top-level
    /// item followed by its parts, depth first, both in file order. An item
    /// whose parent is missing, or lies in a cycle, stands at the top level
    /// (`check` reports both).
    pub fn outline(&self) -> Vec<(usize, usize)> {
        let parents = self.parents();
        let mut out = Vec::with_capacity(self.items.len());
        let mut stack: Vec<(usize, usize)> = (0..self.items.len())
            .rev()
            .filter(|&i| parents[i].is_none())
            .map(|i| (i, 0))
            .collect();
        while let Some((i, depth)) = stack.pop() {
            out.push((i, depth));
            stack.extend(
                (0..self.items.len())
                    .rev()
                    .filter(|&c| parents[c] == Some(i))
                    .map(|c| (c, depth + 1)),
            );
        }
        out
    }

    /// For each item, the index of its parent where that makes a tree.
    fn parents(&self) -> Vec<Option<usize>> {
        let named: Vec<Option<usize>> = self
            .items
            .iter()
            .map(|item| {
                let parent = item.parent.as_deref()?;
                self.items.iter().position(|p| p.id == parent)
            })
            .collect();
        (0..self.items.len())
            .map(|i| {
                // Climbing from the item must reach the top without coming
                // back: at most one step per item.
                let mut at = named[i]?;
                for _ in 0..self.items.len() {
                    if at == i {
                        return None;
                    }
                    match named[at] {
                        Some(up) => at = up,
                        None => return named[i],
                    }
                }
                None
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meeting(items: &str) -> Meeting {
        let text = format!("schema = 1\ndate = 2025-01-28\nstatus = \"draft\"\n{items}");
        let mut m: Meeting = toml::from_str(&text).unwrap();
        m.complete();
        m
    }

    #[test]
    fn parts_follow_their_parent_and_a_cycle_stands_at_the_top() {
        let m = meeting(
            "[[items]]\ntitle = \"a\"\n[[items]]\ntitle = \"b1\"\nparent = \"b\"\n\
             [[items]]\ntitle = \"b\"\n[[items]]\ntitle = \"a1\"\nparent = \"a\"\n\
             [[items]]\ntitle = \"x\"\nparent = \"y\"\n[[items]]\ntitle = \"y\"\nparent = \"x\"\n\
             [[items]]\ntitle = \"z\"\nparent = \"nowhere\"\n",
        );
        let order: Vec<(&str, usize)> = m
            .outline()
            .into_iter()
            .map(|(i, depth)| (m.items[i].id.as_str(), depth))
            .collect();
        assert_eq!(
            order,
            [
                ("a", 0),
                ("a1", 1),
                ("b", 0),
                ("b1", 1),
                ("x", 0),
                ("y", 0),
                ("z", 0)
            ]
        );
    }

    #[test]
    fn references_are_short_forms_or_addresses() {
        assert_eq!(
            Ref::parse("kestrel-lang/council#178"),
            Some(Ref::Issue {
                repo: "kestrel-lang/council".into(),
                number: 178
            })
        );
        assert!(matches!(
            Ref::parse("https://example.org/a"),
            Some(Ref::Url(_))
        ));
        for bad in [
            "#178",
            "council#178",
            "a/b#0",
            "a/b#12x",
            "a b/c#1",
            "ftp://x",
            "https://",
        ] {
            assert_eq!(Ref::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_decision_and_a_single_handle_keep_their_form_in_json() {
        let m = meeting(
            "chair = \"anna\"\nscribe = [\"rob\", \"tom\"]\n[[items]]\ntitle = \"a\"\n\
             decisions = [\"plain\", { text = \"typed\", kind = \"resolution\" }]\n",
        );
        let json = serde_json::to_value(&m).unwrap();
        assert_eq!(json["chair"], "anna");
        assert_eq!(json["scribe"], serde_json::json!(["rob", "tom"]));
        assert_eq!(
            json["items"][0]["decisions"],
            serde_json::json!(["plain", { "text": "typed", "kind": "resolution" }])
        );
    }
}
