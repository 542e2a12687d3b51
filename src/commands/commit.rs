//! `minutes commit`: record the changed minutes with a message that says
//! what changed in meeting terms.

use super::Global;
use crate::changes;
use crate::cli::CommitArgs;
use crate::error::{Error, Result};
use crate::git::Repo;
use crate::ui;

pub fn run(global: &Global, options: CommitArgs) -> Result<()> {
    let archive = global.archive()?;
    let repo = Repo::open(&archive.root)?;
    // Under the lock no other minutes command writes the files being
    // committed, and a crashed commit's leftovers are cleared first.
    let lock = global.lock(&archive)?;
    repo.ready_to_commit()?;
    let ids = options
        .meetings
        .iter()
        .map(|meeting| archive.resolve(meeting))
        .collect::<Result<Vec<_>>>()?;
    let changed = repo.changed()?;
    let (paths, skipped) = changes::select(&archive.root, &changed, &ids);
    if !skipped.is_empty() {
        let list: Vec<String> = skipped
            .iter()
            .map(|s| {
                let path = s.path.display().to_string();
                format!("  {} ({})", ui::one_line(&path), s.why)
            })
            .collect();
        global.note(&format!("left out, as no one's text:\n{}", list.join("\n")));
    }
    if paths.is_empty() {
        let what = if ids.is_empty() {
            "no meeting file, minutes.toml or template has changed".to_string()
        } else {
            let names: Vec<String> = ids.iter().map(ToString::to_string).collect();
            format!("{} has no uncommitted changes", names.join(", "))
        };
        return Err(Error::failed(format!("nothing to commit: {what}"))
            .with_help("`minutes status` shows what changed"));
    }
    changes::refuse_links(&archive.root, &paths)?;
    // Named meetings are checked alone (with minutes.toml), so that a problem
    // elsewhere does not hold back a commit that leaves it out; a meeting
    // that is being removed has nothing left to check.
    let present: Vec<_> = ids
        .iter()
        .filter(|id| archive.path(&id.relative_path()).is_file())
        .cloned()
        .collect();
    let only_removals = !ids.is_empty() && present.is_empty();
    if !options.no_verify && !only_removals {
        global.check_or_refuse(&archive.root, &present, |errors| {
            Error::failed(format!(
                "`minutes check` found {errors}, so nothing was committed"
            ))
            .with_help("fix them and commit again, or commit anyway with --no-verify")
        })?;
    }
    let message = match options.message {
        Some(m) if m.trim().is_empty() => {
            return Err(Error::usage("the commit message is empty")
                .with_help("leave out -m to have minutes write one"));
        }
        Some(m) => m,
        None => {
            let selected: Vec<_> = changed
                .iter()
                .filter(|c| paths.contains(&c.path))
                .cloned()
                .collect();
            changes::message(&changes::describe(&repo, &archive.root, &selected)?)
        }
    };
    let pending = lock.commit_pending()?;
    let commit = repo.commit(&paths, &message, options.author.as_deref())?;
    drop(pending);
    if global.json {
        return ui::print_json(&serde_json::json!({
            "commit": commit.id,
            "message": message,
            "files": paths,
            "skipped": skipped,
        }));
    }
    ui::print(&format!("[{}] {}\n", commit.short, message.trim_end()))
}
