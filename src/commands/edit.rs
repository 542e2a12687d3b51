//! `minutes edit`: open a meeting in the person's editor, then check it.
//!
//! The file is left exactly as the person saved it; problems are reported
//! so that they can be fixed with another `minutes edit`.

use std::process::Command;

use super::Global;
use crate::error::{Error, Result};
use crate::fsio;
use crate::id::MeetingRef;
use crate::plural::count;
use crate::ui;

pub fn run(global: &Global, meeting: &MeetingRef) -> Result<()> {
    let archive = global.archive()?;
    let id = archive.resolve(meeting)?;
    let file = id.relative_path();
    let path = archive.path(&file);
    if fsio::Kind::at(&path).is_err() {
        return Err(Error::failed(format!(
            "there is no meeting {id} (no file {})",
            file.display()
        ))
        .with_help(format!("`minutes new {}` drafts it", id.date())));
    }
    // The editor would follow a link out of the archive, or wait on a
    // FIFO: what minutes would not read is not handed to it either.
    fsio::read::open_regular(&path, &file)?;
    let editor = ["VISUAL", "EDITOR"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|e| !e.trim().is_empty()));
    let Some(editor) = editor else {
        return Err(Error::failed("no editor is set")
            .with_help("set $VISUAL or $EDITOR, e.g. export EDITOR=nano"));
    };
    // The variable may hold arguments ("code --wait"); a shell splits them as git does.
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$@\""))
        .arg(&editor)
        .arg(&path)
        .status()
        .map_err(|e| Error::failed(format!("cannot start the editor `{editor}`: {e}")))?;
    if !status.success() {
        return Err(Error::failed(format!(
            "the editor `{editor}` exited with {status}; {} is as it left it",
            file.display()
        )));
    }
    let report = global.check(&archive.root, std::slice::from_ref(&id))?;
    if report.diagnostics.is_empty() {
        global.note(&format!("{} checked: no problems", file.display()));
        return Ok(());
    }
    ui::diagnostics(&report.diagnostics);
    match report.errors() {
        0 => Ok(()),
        n => Err(Error::failed(format!(
            "{} has {}; the file is kept as you saved it",
            file.display(),
            count(n, "error")
        ))
        .with_help(format!("run `minutes edit {id}` to fix them"))),
    }
}
