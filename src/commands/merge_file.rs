//! `minutes merge-file BASE OURS THEIRS [PATH]`: the git merge driver.
//!
//! git runs it (`merge.minutes.driver`, written by `minutes setup git`) on
//! each meeting file, translation or minutes.toml that both sides of a
//! `git merge` or `git pull` changed: it merges the three versions by
//! meaning, writes the result over OURS, and exits 0 when the merge is
//! clean, 1 when conflicts are left in the file for a person to settle.
//! It needs no archive: git gives it the files.

use std::path::Path;

use super::Global;
use crate::cli::MergeFileArgs;
use crate::error::{Error, Result};
use crate::{fsio, merge, ui};

pub fn run(global: &Global, options: MergeFileArgs) -> Result<()> {
    let read = |path: &Path| fsio::read_text(path, path);
    let (base, ours, theirs) = (
        read(&options.base)?,
        read(&options.ours)?,
        read(&options.theirs)?,
    );
    let merged = merge::merge(Some(&base), &ours, &theirs);
    fsio::write_atomic(&options.ours, &options.ours, merged.text.as_bytes())?;
    if merged.is_clean() {
        return Ok(());
    }
    let shown = options.path.unwrap_or(options.ours);
    // Named by git, and by the entries of the files: one line each.
    let shown = ui::one_line(&shown.display().to_string()).into_owned();
    for conflict in &merged.conflicts {
        global.note(&format!("{shown}: conflict in {}", ui::one_line(conflict)));
    }
    Err(Error::failed(format!(
        "{shown}: {} left in the file for a person to settle",
        crate::plural::count(merged.conflicts.len(), "conflict")
    ))
    .with_help("edit the file where `minutes check` points, keep one version of each, then `git add` it and commit"))
}
