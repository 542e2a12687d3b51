//! Which language a page is in: the frame follows the text.
//!
//! A page is in the readers' language only where there is text in it: the
//! meeting's translation (`<id>.<lang>.toml`). A meeting without one is
//! rendered in the language it was written in, whatever was asked, so that
//! no frame sentence of one language wraps notes of another; the page says
//! so in the readers' language, and the caller warns. Where a translation
//! leaves something out (an item, the title), that part is shown as
//! written and marked with its language. This module decides and reports;
//! it never prints.

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::archive::Archive;
use crate::error::Result;
use crate::id::{Lang, MeetingId};
use crate::meeting::{Item, Meeting, Status};
use crate::translation::{self, ItemText, Overlay};

/// A meeting in the language of the page.
pub struct Text {
    /// The meeting, translated where the translation says something.
    pub meeting: Meeting,
    /// The language the page is in.
    pub lang: Lang,
    /// The translator, when the page is a translation.
    pub translator: Option<String>,
    /// What the translation left in the original language; empty when the
    /// page is in the original.
    pub gaps: Gaps,
    /// Set when the readers asked for a language the meeting has no
    /// translation into.
    pub missing: Option<Gap>,
}

/// The parts of a translated meeting that are still in the original.
#[derive(Clone, Debug, Default)]
pub struct Gaps {
    pub title: bool,
    pub preamble: bool,
    pub postscript: bool,
    /// Ids of the items shown as written.
    pub items: BTreeSet<String>,
}

/// A translation that is missing, or leaves items out: what the command
/// warns about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Gap {
    pub meeting: MeetingId,
    /// The language asked for.
    pub lang: Lang,
    /// The language the text is shown in instead.
    pub shown_in: Lang,
    /// The translation's file, relative to the archive root.
    pub file: PathBuf,
    /// Empty when there is no translation at all; else the items it lacks.
    pub items: Vec<String>,
}

/// `meeting` as readers of `wanted` can have it: its translation into
/// `wanted` where there is one, else the meeting as written.
pub fn text(archive: &Archive, id: &MeetingId, meeting: &Meeting, wanted: &Lang) -> Result<Text> {
    let own = archive.config.language();
    if *wanted == own {
        return Ok(Text::original(meeting, own));
    }
    let file = id.overlay_path(wanted);
    let Some(overlay) = archive.translation(id, wanted)? else {
        // Nothing to translate: the readers' language costs nothing.
        if !has_text(meeting) {
            return Ok(Text {
                meeting: meeting.clone(),
                lang: wanted.clone(),
                translator: None,
                gaps: Gaps::default(),
                missing: None,
            });
        }
        return Ok(Text {
            missing: Some(Gap {
                meeting: id.clone(),
                lang: wanted.clone(),
                shown_in: own.clone(),
                file,
                items: Vec::new(),
            }),
            ..Text::original(meeting, own)
        });
    };
    let gaps = gaps(meeting, &overlay);
    let mut translated = overlay.apply(meeting);
    // An item translated in part is shown whole as written, so that no
    // sentence mixes the two languages.
    for (item, original) in translated.items.iter_mut().zip(&meeting.items) {
        if gaps.items.contains(&original.id) {
            item.clone_from(original);
        }
    }
    Ok(Text {
        meeting: translated,
        lang: wanted.clone(),
        translator: overlay.translator.clone(),
        gaps,
        missing: None,
    })
}

impl Text {
    fn original(meeting: &Meeting, lang: Lang) -> Text {
        Text {
            meeting: meeting.clone(),
            lang,
            translator: None,
            gaps: Gaps::default(),
            missing: None,
        }
    }

    /// The items of `shown` (ids) that the translation leaves out, as a gap
    /// to warn about; none when it leaves none out.
    pub fn partial(&self, id: &MeetingId, shown: &[&str], own: &Lang) -> Option<Gap> {
        let items: Vec<String> = shown
            .iter()
            .filter(|i| self.gaps.items.contains(**i))
            .map(|i| i.to_string())
            .collect();
        (!items.is_empty()).then(|| Gap {
            meeting: id.clone(),
            lang: self.lang.clone(),
            shown_in: own.clone(),
            file: id.overlay_path(&self.lang),
            items,
        })
    }
}

/// Whether a meeting has words of its own to show: a cancelled call shows
/// only the notice, which the phrase table says in any language.
fn has_text(meeting: &Meeting) -> bool {
    meeting.status != Status::Cancelled
        && (meeting.title.is_some()
            || !meeting.items.is_empty()
            || !meeting.preamble.trim().is_empty()
            || !meeting.postscript.trim().is_empty())
}

/// What `overlay` leaves untranslated in `meeting`.
fn gaps(meeting: &Meeting, overlay: &Overlay) -> Gaps {
    Gaps {
        title: meeting.title.is_some() && overlay.title.is_none(),
        preamble: !meeting.preamble.trim().is_empty() && overlay.preamble.is_none(),
        postscript: !meeting.postscript.trim().is_empty() && overlay.postscript.is_none(),
        items: meeting
            .items
            .iter()
            .filter(|item| !complete(item, overlay.items.get(&item.id)))
            .map(|item| item.id.clone())
            .collect(),
    }
}

/// Whether `text` translates every part of `item` that has words.
fn complete(item: &Item, text: Option<&ItemText>) -> bool {
    translation::lacks(item, text).is_empty()
}
