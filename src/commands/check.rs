//! `minutes check`: validate the archive, report every problem.

use serde::Serialize;

use super::Global;
use crate::archive::{self, Archive};
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::id::MeetingRef;
use crate::plural::count;
use crate::ui;

#[derive(Serialize)]
struct JsonReport<'a> {
    files: usize,
    errors: usize,
    warnings: usize,
    diagnostics: &'a [Diagnostic],
}

pub fn run(global: &Global, meetings: &[MeetingRef]) -> Result<()> {
    let root = archive::find_root(&global.dir)?;
    global.recover_if_idle(&root)?;
    let mut only = Vec::new();
    for meeting in meetings {
        // An id needs no minutes.toml, so that a broken one can be checked.
        only.push(match meeting {
            MeetingRef::Id(id) => id.clone(),
            _ => Archive::open(&root)?.resolve(meeting)?,
        });
    }
    let mut report = global.check(&root, &only)?;
    report
        .diagnostics
        .sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    if global.json {
        let json = JsonReport {
            files: report.files,
            errors: report.errors(),
            warnings: report.warnings(),
            diagnostics: &report.diagnostics,
        };
        ui::print_json(&json)?;
    } else {
        ui::diagnostics(&report.diagnostics);
        let files = count(report.files, "file");
        let summary = match (report.errors(), report.warnings()) {
            (0, 0) => format!("checked {files}: no problems"),
            (e, w) => format!(
                "checked {files}: {}, {}",
                count(e, "error"),
                count(w, "warning")
            ),
        };
        global.note(&summary);
    }
    match report.errors() {
        0 => Ok(()),
        n => Err(Error::failed(format!("{} found", count(n, "error")))
            .with_help("fix the errors above and run `minutes check` again")),
    }
}
