//! `minutes check`: validate the archive, report every problem.

use serde::Serialize;

use super::Global;
use crate::archive::{self, Archive};
use crate::check;
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::id::MeetingId;
use crate::ui;

#[derive(Serialize)]
struct JsonReport<'a> {
    files: usize,
    errors: usize,
    warnings: usize,
    diagnostics: &'a [Diagnostic],
}

pub fn run(global: &Global, meetings: &[String]) -> Result<()> {
    let root = archive::find_root(&global.dir)?;
    crate::lock::recover_if_idle(&root, &|text| global.note(text))?;
    let mut only = Vec::new();
    for spec in meetings {
        only.push(match spec.as_str() {
            "latest" | "next" => Archive::open(&root)?.resolve(spec)?,
            _ => MeetingId::parse(spec)?,
        });
    }
    let mut report = check::check(&root, &only)?;
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
        let text: String = report
            .diagnostics
            .iter()
            .map(|d| d.render() + "\n")
            .collect();
        ui::eprint(&text);
        let summary = match (report.errors(), report.warnings()) {
            (0, 0) => format!("checked {} files: no problems", report.files),
            (e, w) => format!(
                "checked {} files: {e} error(s), {w} warning(s)",
                report.files
            ),
        };
        global.note(&summary);
    }
    match report.errors() {
        0 => Ok(()),
        n => Err(Error::failed(format!("{n} error(s) found"))
            .with_help("fix the errors above and run `minutes check` again")),
    }
}
