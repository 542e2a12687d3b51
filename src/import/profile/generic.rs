//! Minutes of any group: the parts found from headings, lists and
//! paragraphs by the common dictionary of section names alone.

use super::{Profile, Qualifiers};
use crate::import::engine::{Layout, Shape};
use crate::import::markdown::Outline;

pub const PROFILE: Profile = Profile {
    name: "generic",
    about: "any Markdown minutes: parts found from headings, lists and paragraphs",
    sections: &[],
    qualifiers: Qualifiers::Guess,
    paragraph_items: true,
    list_items: true,
    owner: None,
    detect,
    era,
};

fn detect(_: &Outline<'_>, _: &Shape) -> f32 {
    super::THRESHOLD
}

fn era(_: &Outline<'_>, shape: &Shape) -> &'static str {
    match shape.layout {
        Layout::Container => "body",
        Layout::Agenda => "agenda",
        Layout::Top => "sections",
        Layout::Flat => "flat",
    }
}
