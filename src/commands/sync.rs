//! `minutes sync`: fetch the group's commits, integrate them (merging
//! meeting files by meaning), push ours; never lose local work.
//!
//! It holds the archive lock, so that no other minutes command writes
//! meanwhile. Uncommitted changes stop it before anything happens (or
//! `--commit` records them first, as `minutes commit` would); a merge left unfinished
//! is finished first; then `sync::exchange` fetches, integrates and pushes,
//! and a real conflict stops it before pushing, with the merge left as git
//! leaves one, which the next `minutes sync` finishes.
//!
//! `--json` prints `{remote, incoming, outgoing, merged, conflicts, pushed,
//! kept}` (`sync::Exchange`): `incoming` and `outgoing` are lists of
//! `{meeting, author, changes}`, `conflicts` of `{label, path, conflicts}`.

use super::Global;
use crate::cli::{CommitArgs, SyncArgs};
use crate::error::{Error, Result};
use crate::git::{self, Repo};
use crate::sync::{self, Exchange};
use crate::ui;
use crate::view;

pub fn run(global: &Global, options: SyncArgs) -> Result<()> {
    let archive = global.archive()?;
    if !git::git_installed() {
        return Err(git::not_installed());
    }
    let repo = Repo::open(&archive.root)?;
    let remote = repo.remote_for(options.remote.as_deref())?;
    if options.commit && repo.merge_head().is_none() && !repo.changed()?.is_empty() {
        let all = CommitArgs {
            meetings: Vec::new(),
            message: None,
            author: None,
            no_verify: false,
        };
        super::commit::run(global, all)?;
    }
    // No other minutes command writes meanwhile; a crashed writer's
    // leftovers are cleared first.
    let _lock = global.lock(&archive)?;
    let mut report = Exchange {
        remote: remote.label(),
        ..Exchange::default()
    };
    if repo.merge_head().is_some() {
        sync::finish(&repo, &remote, &mut report)?;
    } else {
        repo.ready_to_commit()?;
    }
    if report.conflicts.is_empty() {
        let changed = repo.changed()?;
        if !changed.is_empty() {
            let names: Vec<String> = changed
                .iter()
                .map(|c| ui::one_line(&c.path.display().to_string()).into_owned())
                .collect();
            return Err(Error::failed(format!(
                "there are uncommitted changes ({}), so nothing was synced",
                names.join(", ")
            ))
            .with_help(
                "record them with `minutes commit` (or `minutes sync --commit`), then sync",
            ));
        }
        sync::exchange(&repo, &remote, options.rebase, &mut report, &|text| {
            global.note(text)
        })?;
    }
    for path in &report.kept {
        global.note(&format!(
            "kept your version of {}: it changed since the merge began",
            ui::one_line(&path.display().to_string())
        ));
    }
    if global.json {
        ui::print_json(&report)?;
    } else {
        ui::print(&view::sync::text(&report))?;
    }
    if report.conflicts.is_empty() {
        return Ok(());
    }
    let names: Vec<&str> = report.conflicts.iter().map(|c| c.label.as_str()).collect();
    let verb = if names.len() == 1 { "needs" } else { "need" };
    Err(Error::failed(format!(
        "{} {verb} a look: both sides changed the same thing, so nothing was pushed",
        ui::one_line(&crate::diff::join_and(&names))
    ))
    .with_help(
        "edit the files where `minutes check` points (keep one version of each conflict), \
         then run `minutes sync` again to finish; `git merge --abort` gives up the merge",
    ))
}
