//! `minutes site` and `minutes calendar`: the static site of the published
//! meetings, and the calendar of the series on its own.
//!
//! `site --json` prints `{output, files, written, removed, meetings}`.

use std::path::PathBuf;

use super::Global;
use crate::cli::SiteArgs;
use crate::error::Result;
use crate::index::Detail;
use crate::plural::count;
use crate::publish::site::{self, Options};
use crate::ui;

pub fn run(global: &Global, options: SiteArgs) -> Result<()> {
    let archive = global.archive()?;
    let shown = options
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from(&archive.config.publication.output));
    // A folder given on the command line is where the user is (`-C`
    // aside); the configured one is in the archive.
    let dir = match &options.output {
        Some(given) => global.dir.join(given),
        None => archive.root.join(&shown),
    };
    let built = site::build(
        &archive,
        &Options {
            dir,
            shown: shown.clone(),
            minutes: options.minutes,
        },
        || global.meetings(&archive, Detail::Full),
    )?;
    for note in &built.notes {
        global.note(note);
    }
    if global.json {
        return ui::print_json(&serde_json::json!({
            "output": shown,
            "files": built.files,
            "written": built.written,
            "removed": built.removed,
            "meetings": built.meetings,
        }));
    }
    let text = if built.files == 0 {
        format!("{}: nothing changed\n", shown.display())
    } else {
        format!(
            "{}: {} published in {}; {} written, {} removed\n",
            shown.display(),
            count(built.meetings, "meeting"),
            count(built.files, "file"),
            built.written.len(),
            built.removed.len(),
        )
    };
    ui::print(&text)
}

pub fn calendar(global: &Global) -> Result<()> {
    let archive = global.archive()?;
    let records = global.meetings(&archive, Detail::Outline)?;
    let today = archive.today()?;
    ui::print_document(&site::calendar_text(&archive, &records, today))
}
