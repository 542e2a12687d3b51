//! `minutes sync`: fetch the group's commits, integrate them (merging
//! meeting files by meaning), push ours; never lose local work.
//!
//! The order of the steps lives here; fetch and push run the `git` program
//! (`git`), the integration is `sync`. Uncommitted changes stop it before
//! anything happens (or `--commit` records them first); a push rejected
//! because someone pushed meanwhile is retried after a new fetch and merge,
//! a few times; a real conflict stops it before pushing, with the merge left
//! as git leaves one, which the next `minutes sync` finishes.
//!
//! `--json` prints `{remote, incoming, outgoing, merged, conflicts, pushed}`
//! (see `view::sync`): `incoming` and `outgoing` are lists of
//! `{meeting, author, changes}`, `conflicts` of `{label, path, conflicts}`.

use super::Global;
use crate::cli::{CommitArgs, SyncArgs};
use crate::error::{Error, Result};
use crate::git::{self, Pushed, Repo};
use crate::sync::{self, Integration};
use crate::ui;
use crate::view::{self, sync::Report};

/// How often a push rejected because the remote moved is tried again.
const ATTEMPTS: usize = 3;

pub fn run(global: &Global, options: SyncArgs) -> Result<()> {
    let archive = global.archive()?;
    if !git::git_installed() {
        return Err(git::not_installed());
    }
    let repo = Repo::open(&archive.root)?;
    let remote = repo.remote_for(options.remote.as_deref())?;
    let mut report = Report {
        remote: remote.label(),
        ..Report::default()
    };
    // An unfinished merge (a conflict resolved since, or an interruption)
    // is finished before anything else.
    if let Some(theirs) = repo.merge_head() {
        let before = repo.head_id()?;
        let news = sync::news(&repo, before.as_deref(), &theirs)?;
        let message = sync::merge_message(&remote.label(), &news);
        let done = sync::merge(&repo, &theirs, &message)?;
        report.incoming = news;
        if !done.conflicts.is_empty() {
            report.conflicts = done.conflicts;
            return stop(global, &report);
        }
        report.merged = done.commit.clone().filter(|_| !done.fast_forward);
        note_kept(global, &done);
    } else {
        repo.ready_to_commit()?;
    }
    let changed = repo.changed()?;
    if !changed.is_empty() {
        if !options.commit {
            let names: Vec<String> = changed
                .iter()
                .map(|c| c.path.display().to_string())
                .collect();
            return Err(Error::failed(format!(
                "there are uncommitted changes ({}), so nothing was synced",
                names.join(", ")
            ))
            .with_help(
                "record them with `minutes commit` (or `minutes sync --commit`), then sync",
            ));
        }
        let all = CommitArgs {
            meetings: Vec::new(),
            message: None,
            author: None,
            no_verify: false,
        };
        super::commit::run(global, all)?;
    }

    for attempt in 1..=ATTEMPTS {
        repo.fetch(&remote)?;
        let head = repo.head_id()?;
        if let Some(theirs) = repo.remote_head(&remote) {
            let news = sync::news(&repo, head.as_deref(), &theirs)?;
            let done = if options.rebase {
                sync::rebase(&repo, &theirs)?
            } else {
                let message = sync::merge_message(&remote.label(), &news);
                sync::merge(&repo, &theirs, &message)?
            };
            if done.replay_failed {
                return Err(Error::failed(format!(
                    "a local commit cannot be replayed on {} without a conflict, so nothing was changed",
                    remote.label()
                ))
                .with_help("run `minutes sync` without --rebase: it merges, and shows the conflict to resolve"));
            }
            if !done.up_to_date {
                report.incoming.extend(news);
            }
            if !done.conflicts.is_empty() {
                report.conflicts = done.conflicts;
                return stop(global, &report);
            }
            if !done.fast_forward && !options.rebase && done.commit.is_some() {
                report.merged = done.commit.clone();
            }
            note_kept(global, &done);
        }
        let head = repo.head_id()?;
        let theirs = repo.remote_head(&remote);
        let Some(head) = head else {
            break;
        };
        if theirs.as_deref() == Some(head.as_str()) {
            break;
        }
        let outgoing = sync::news(&repo, theirs.as_deref(), &head)?;
        match repo.push(&remote)? {
            Pushed::Done => {
                report.outgoing = outgoing;
                report.pushed = true;
                break;
            }
            Pushed::Behind if attempt < ATTEMPTS => {
                global.note(&format!(
                    "{} moved while we were syncing: fetching again",
                    remote.label()
                ));
            }
            Pushed::Behind => {
                return Err(Error::failed(format!(
                    "{} kept moving: the push was refused {ATTEMPTS} times; your commits are safe here",
                    remote.label()
                ))
                .with_help("run `minutes sync` again in a moment"));
            }
        }
    }
    if global.json {
        return ui::print_json(&report);
    }
    ui::print(&view::sync::text(&report))
}

/// Stops before pushing: the meetings that need a look.
fn stop(global: &Global, report: &Report) -> Result<()> {
    if global.json {
        ui::print_json(report)?;
    } else {
        ui::print(&view::sync::text(report))?;
    }
    let names: Vec<&str> = report.conflicts.iter().map(|c| c.label.as_str()).collect();
    let verb = if names.len() == 1 { "needs" } else { "need" };
    Err(Error::failed(format!(
        "{} {verb} a look: both sides changed the same thing, so nothing was pushed",
        crate::diff::join_and(&names)
    ))
    .with_help(
        "edit the files where `minutes check` points (keep one version of each conflict), \
         then run `minutes sync` again to finish; `git merge --abort` gives up the merge",
    ))
}

fn note_kept(global: &Global, done: &Integration) {
    for path in &done.kept {
        global.note(&format!(
            "kept your version of {}: it changed since the merge began",
            path.display()
        ));
    }
}
