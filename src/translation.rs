//! Translation overlays: `meetings/2025/2025-01-28.de.toml`.
//!
//! An overlay holds text only — the translated title, preamble and
//! postscript, and per item (by id) the translated title, lead, notes and
//! decisions — plus the translator.
//! Everything else comes from the meeting. [`Overlay::apply`] gives the
//! meeting as its readers in that language should see it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::meeting::{Decision, Item, Meeting};
use crate::schema::{Field, Kind, opt, req};

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Overlay {
    pub schema: u32,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub translator: Option<String>,
    #[serde(default)]
    pub preamble: Option<String>,
    #[serde(default)]
    pub postscript: Option<String>,
    #[serde(default)]
    pub items: BTreeMap<String, ItemText>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ItemText {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub lead: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
    #[serde(default)]
    pub decisions: Option<Vec<String>>,
}

pub const FIELDS: &[Field] = &[
    req("schema", Kind::Int),
    opt("title", Kind::Str),
    opt("translator", Kind::Str),
    opt("preamble", Kind::Str),
    opt("postscript", Kind::Str),
    opt(
        "items",
        Kind::Map(&Kind::Table(&[
            opt("title", Kind::Str),
            opt("lead", Kind::Str),
            opt("notes", Kind::Str),
            opt("decisions", Kind::Array(&Kind::Str)),
        ])),
    ),
];

/// The parts of `item` that have words and that `text`, its translation if
/// there is one, leaves untranslated: of title, lead, notes, decisions.
pub fn lacks(item: &Item, text: Option<&ItemText>) -> Vec<&'static str> {
    let parts = [
        ("title", true, text.is_some_and(|t| t.title.is_some())),
        (
            "lead",
            item.lead.is_some(),
            text.is_some_and(|t| t.lead.is_some()),
        ),
        (
            "notes",
            !item.notes.trim().is_empty(),
            text.is_some_and(|t| t.notes.is_some()),
        ),
        (
            "decisions",
            !item.decisions.is_empty(),
            text.is_some_and(|t| t.decisions.is_some()),
        ),
    ];
    parts
        .into_iter()
        .filter(|(_, has, translated)| *has && !translated)
        .map(|(part, _, _)| part)
        .collect()
}

impl Overlay {
    /// The meeting with the translated text put in place of the original.
    pub fn apply(&self, meeting: &Meeting) -> Meeting {
        let mut out = meeting.clone();
        if let Some(title) = &self.title {
            out.title = Some(title.clone());
        }
        if let Some(preamble) = &self.preamble {
            out.preamble = preamble.clone();
        }
        if let Some(postscript) = &self.postscript {
            out.postscript = postscript.clone();
        }
        for item in &mut out.items {
            let Some(text) = self.items.get(&item.id) else {
                continue;
            };
            if let Some(title) = &text.title {
                item.title = title.clone();
            }
            if let Some(lead) = &text.lead {
                item.lead = Some(lead.clone());
            }
            if let Some(notes) = &text.notes {
                item.notes = notes.clone();
            }
            if let Some(decisions) = &text.decisions {
                // A translation holds text: each decision keeps its kind.
                item.decisions = decisions
                    .iter()
                    .enumerate()
                    .map(|(i, text)| Decision {
                        text: text.clone(),
                        kind: item.decisions.get(i).and_then(|d| d.kind),
                    })
                    .collect();
            }
        }
        out
    }
}
