//! The Rust Leadership Council: "# Council meeting <date>",
//! `## Attendance` ("Council members: ...", "Observers: ..."), `## Meeting
//! roles` (facilitator, minutes), then one section per part of the meeting
//! with the nominated issues as `### "Title" leadership-council#52`;
//! earlier, an agenda list and a `## Minutes` (or `## Notes`) list of
//! notes, or a single nested list under the title.

use super::{Profile, Qualifiers, Role, share};
use crate::import::engine::{Layout, Shape};
use crate::import::markdown::Outline;

pub const PROFILE: Profile = Profile {
    name: "rust-council",
    about: "Rust Leadership Council: Attendance, Meeting roles, nominated issues as headings",
    sections: &[
        ("council members", Role::Attendees(Some("member"))),
        ("council", Role::Attendees(Some("member"))),
        ("members", Role::Attendees(Some("member"))),
        ("observers", Role::Attendees(Some("observer"))),
    ],
    qualifiers: Qualifiers::Guess,
    paragraph_items: false,
    list_items: true,
    owner: Some("rust-lang"),
    detect,
    era,
};

fn detect(outline: &Outline<'_>, shape: &Shape) -> f32 {
    let title = shape.title.as_deref().unwrap_or("");
    let council_title = title.starts_with("Council")
        || title.trim().len() == 10 && crate::import::dates::from_name(title.trim()).is_some();
    let issues = shape
        .headings
        .iter()
        .any(|(_, t)| t.contains("leadership-council#"));
    share(&[
        council_title,
        shape.has(2, "Attendance") || outline.text.contains("Attendance:"),
        shape.has(2, "Meeting roles") || outline.text.contains("Council members:"),
        issues || outline.text.contains("rust-lang/"),
    ])
}

fn era(_: &Outline<'_>, shape: &Shape) -> &'static str {
    match shape.layout {
        Layout::Container => "minutes-2023",
        Layout::Agenda => "agenda",
        Layout::Flat => "list-2024",
        Layout::Top if shape.has(2, "Meeting roles") => "template-2024",
        Layout::Top => "notes-2024",
    }
}
