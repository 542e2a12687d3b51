//! The Node.js Technical Steering Committee, whose template the OpenJS
//! Cross Project Council shares: "# ... Meeting 2024-07-24", `## Links`
//! (recording, issue, minutes document), `## Present` with "Name @handle
//! (role)", then the agenda: announcements, then the issues labelled for
//! the meeting grouped under `### owner/repo`, each a bullet with the
//! discussion nested under it; earlier, a `## Minutes` section with one
//! heading per item, and in 2014 a single list without headings.

use super::{Profile, Qualifiers, Role, share};
use crate::import::engine::{Layout, Shape};
use crate::import::markdown::Outline;

pub const PROFILE: Profile = Profile {
    name: "nodejs-tsc",
    about: "Node.js TSC and OpenJS CPC: Links, Present with @handles, issues by repository",
    sections: &[
        ("q a", Role::Trailer),
        ("q a other", Role::Trailer),
        ("strategic initiatives", Role::Trailer),
    ],
    qualifiers: Qualifiers::RoleFirst,
    paragraph_items: false,
    list_items: false,
    owner: None,
    detect,
    era,
};

fn detect(outline: &Outline<'_>, shape: &Shape) -> f32 {
    let title = shape.title.as_deref().unwrap_or("");
    let committee = [
        "TSC",
        "CTC",
        "TC Meeting",
        "Technical Steering",
        "Cross Project Council",
        "Bootstrap",
        "OpenJS",
        "Node.js",
        "Node Foundation",
    ]
    .iter()
    .any(|w| title.contains(w));
    let handles = outline.text.lines().filter(|l| {
        let l = l.trim_start();
        (l.starts_with("* ") || l.starts_with("- "))
            && l.contains(" @")
            && l.trim_end().ends_with(')')
    });
    let repositories = shape.headings.iter().any(|(level, text)| {
        *level == 3 && (text.starts_with("nodejs/") || text.starts_with("openjs-foundation/"))
    });
    let orgs = outline.text.contains("github.com/nodejs/")
        || outline.text.contains("github.com/openjs-foundation/");
    share(&[
        committee,
        shape.has(2, "Links"),
        shape.has(2, "Present") || shape.has(3, "Present"),
        handles.count() >= 2 || repositories,
        orgs,
    ])
}

fn era(outline: &Outline<'_>, shape: &Shape) -> &'static str {
    // The Cross Project Council writes "Name (@handle)" and bare addresses.
    let handles_in_parentheses = outline
        .text
        .lines()
        .filter(|l| l.starts_with("* ") && l.trim_end().ends_with(')') && l.contains(" (@"))
        .count();
    match (shape.layout, shape.body.as_deref()) {
        _ if shape.title.is_none() => "list-2014",
        (Layout::Container, Some(body)) if body.eq_ignore_ascii_case("minutes") => "minutes-2015",
        (Layout::Agenda, _) if handles_in_parentheses >= 2 => "agenda-cpc",
        (Layout::Agenda, _) => "agenda-2017",
        (Layout::Container, _) => "notes",
        _ => "sections",
    }
}
