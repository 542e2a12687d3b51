//! Terminal views: the text that `show`, `diff`, `topic`, `search`,
//! `status` and `sync` print, made from what the library has loaded or worked out.
//!
//! Functions from values to text, styled through [`crate::ui`] (the styles
//! vanish where colour is off). They read no file and print nothing: the
//! commands do both. The listings, a row per value, stay with their
//! commands.

pub mod diff;
pub mod dossier;
pub mod import;
pub mod meeting;
pub mod status;
pub mod sync;

use anstyle::Style;

use crate::meeting::ActionStatus;
use crate::query::{ActionState, Hit};
use crate::ui::{CYAN, DIM, GREEN, RED, YELLOW};

/// The snippet with its matches in bold red (plain where colour is off).
pub fn highlighted(hit: &Hit) -> String {
    let style = RED.bold();
    let mut out = String::new();
    let mut marks = hit.highlights.iter().peekable();
    let mut open = None;
    for (n, c) in hit.snippet.chars().enumerate() {
        if open == Some(n) {
            out.push_str(&style.render_reset().to_string());
            open = None;
        }
        if open.is_none() {
            if let Some(&&[start, end]) = marks.peek() {
                if start == n {
                    out.push_str(&style.render().to_string());
                    open = Some(end);
                    marks.next();
                }
            }
        }
        // A snippet is one line: a control character in it is shown, not
        // obeyed (and the highlights count characters, so it stays one).
        out.push(crate::ui::visible(c));
    }
    if open.is_some() {
        out.push_str(&style.render_reset().to_string());
    }
    out
}

/// The word and colour of an action's state: overdue is an open action
/// that is late.
pub fn action_state(a: &ActionState) -> (&'static str, Style) {
    match a.status {
        ActionStatus::Open if a.overdue => ("overdue", RED),
        ActionStatus::Open => ("open", YELLOW),
        ActionStatus::Done => ("done", GREEN),
        ActionStatus::Dropped => ("dropped", DIM),
    }
}

/// The colour of a meeting's or an update's status: what is still to do
/// in yellow, a draft in cyan, what is settled in green.
pub fn status_style(name: &str) -> Style {
    match name {
        "agenda" | "open" => YELLOW,
        "draft" => CYAN,
        "cancelled" => DIM,
        _ => GREEN,
    }
}

/// What a page lacks in the language asked for, as a warning.
pub fn untranslated(gap: &crate::render::Gap) -> String {
    let asked = crate::history::language_name(&gap.lang);
    let shown = crate::history::language_name(&gap.shown_in);
    if gap.items.is_empty() {
        format!(
            "{} has no {asked} translation ({} is missing): shown in {shown}",
            gap.meeting,
            gap.file.display()
        )
    } else {
        let items: Vec<String> = gap.items.iter().map(|i| format!("\"{i}\"")).collect();
        format!(
            "the {asked} translation of {} ({}) leaves out {}: shown in {shown}",
            gap.meeting,
            gap.file.display(),
            crate::diff::join_and(&items.iter().map(String::as_str).collect::<Vec<_>>())
        )
    }
}
