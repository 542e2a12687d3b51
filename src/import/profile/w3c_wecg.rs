//! The W3C WebExtensions Community Group: "# WECG Meetings <year>, Public
//! Notes, <month> <day>", chair and scribes as a list under the title, call-in
//! details, the agenda, `## Attendees (sign yourself in)` as "Name
//! (Affiliation)", then `## Meeting notes`, where each topic is a line
//! ("[Issue 64](...): Title") followed by the discussion as a list of
//! "[speaker] ..." entries; meetings in person use headings per topic.

use super::{Profile, Qualifiers, Role, share};
use crate::import::engine::{Layout, Shape};
use crate::import::markdown::Outline;

pub const PROFILE: Profile = Profile {
    name: "w3c-wecg",
    about: "W3C WebExtensions CG: chair and scribes, Attendees (Affiliation), topics in the notes",
    sections: &[("queue", Role::Plain)],
    qualifiers: Qualifiers::Affiliation,
    paragraph_items: true,
    list_items: false,
    owner: Some("w3c"),
    detect,
    era,
};

fn detect(outline: &Outline<'_>, shape: &Shape) -> f32 {
    let title = shape.title.as_deref().unwrap_or("");
    let head: String = outline.text.lines().take(12).collect::<Vec<_>>().join("\n");
    let speakers = outline
        .text
        .lines()
        .filter(|l| {
            let l = l.trim_start();
            l.starts_with("* [")
                && l[3..]
                    .find("] ")
                    .is_some_and(|end| l[3..3 + end].bytes().all(|b| b.is_ascii_lowercase()))
        })
        .count();
    share(&[
        title.contains("WECG") || title.contains("Public Notes") || title.contains("TPAC"),
        head.contains("Chair:") || head.contains("Scribe"),
        shape.has(2, "Attendees"),
        outline.text.contains("github.com/w3c/webextensions") || speakers >= 5,
        speakers >= 3,
    ])
}

fn era(_: &Outline<'_>, shape: &Shape) -> &'static str {
    match (shape.layout, shape.body.as_deref()) {
        (Layout::Container, Some(body))
            if body.eq_ignore_ascii_case("meeting notes") && !shape.body_headings =>
        {
            "notes"
        }
        (Layout::Container, _) => "in-person",
        _ => "sections",
    }
}
