//! The meeting file: its types, its shape, and the views derived from it.
//!
//! A meeting is what the scribe wrote, deserialized as it is; the only value
//! filled in after reading is an item's `id` when the file leaves it out
//! (derived from the title). Validation that needs more than one file lives
//! in `check`; editing lives in `edit`.

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
}

impl Status {
    pub const NAMES: &'static [&'static str] = &["agenda", "draft", "final", "published"];

    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
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
    #[serde(default)]
    pub chair: Option<String>,
    #[serde(default)]
    pub scribe: Option<String>,
    #[serde(default)]
    pub present: Vec<String>,
    #[serde(default)]
    pub regrets: Vec<String>,
    #[serde(default)]
    pub items: Vec<Item>,
    #[serde(default)]
    pub updates: Vec<Update>,
    #[serde(default)]
    pub publication: Option<Publication>,
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
    /// Markdown.
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub decisions: Vec<String>,
    #[serde(default)]
    pub sources: Vec<Source>,
    #[serde(default)]
    pub actions: Vec<Action>,
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
}

/// The keys of a meeting file, for the shape check.
pub const FIELDS: &[Field] = &[
    req("schema", Kind::Int),
    req("date", Kind::Date),
    opt("series", Kind::Str),
    req("status", Kind::OneOf(Status::NAMES)),
    opt("title", Kind::Str),
    opt("chair", Kind::Str),
    opt("scribe", Kind::Str),
    opt("present", Kind::Array(&Kind::Str)),
    opt("regrets", Kind::Array(&Kind::Str)),
    opt("items", Kind::Tables(ITEM_FIELDS)),
    opt("updates", Kind::Tables(UPDATE_FIELDS)),
    opt("publication", Kind::Table(&[opt("date", Kind::Date)])),
];

const ITEM_FIELDS: &[Field] = &[
    opt("id", Kind::Str),
    req("title", Kind::Str),
    opt("lead", Kind::Str),
    opt("tags", Kind::Array(&Kind::Str)),
    opt("presenter", Kind::Str),
    opt("timebox", Kind::Int),
    opt("private", Kind::Bool),
    opt("notes", Kind::Str),
    opt("decisions", Kind::Array(&Kind::Str)),
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
}
