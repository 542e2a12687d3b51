//! Recording an import: the meeting files written in place
//! (`--history none`), or the commits that say where they came from
//! (`squash`, `replay`), built for `git` to land in one step.
//!
//! A file that already holds what the import would write is left alone.
//! The refusals are the transaction's, made before this runs.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use super::{Gathered, current};
use crate::archive::Archive;
use crate::error::Result;
use crate::fsio;
use crate::git::{NewCommit, Repo, Stamp};
use crate::import::history;
use crate::import::report::HistoryReport;
use crate::import::{Converted, Done, HistoryMode};
use crate::plural::count;

/// `--history none`: the files, each written atomically, the roster first.
pub(super) fn write_files(
    archive: &Archive,
    last: &BTreeMap<String, &Done>,
    roster: Option<&str>,
) -> Result<()> {
    if let Some(text) = roster {
        let shown = Path::new(crate::config::FILE_NAME);
        fsio::write_atomic(&archive.path(shown), shown, text.as_bytes())?;
    }
    let files: Vec<(PathBuf, PathBuf, Vec<u8>)> = last
        .values()
        .map(|done| {
            (
                archive.path(&done.id.relative_path()),
                done.id.relative_path(),
                done,
            )
        })
        .filter_map(|(path, relative, done)| match current(archive, done) {
            Ok(Some(bytes)) if bytes == done.text.as_bytes() => None,
            Ok(_) => Some(Ok((path, relative, done.text.clone().into_bytes()))),
            Err(e) => Some(Err(e)),
        })
        .collect::<Result<_>>()?;
    fsio::write_batch(&files)
}

/// The commits that record the import: the roster first (by the person
/// importing), then one commit with everything (`squash`) or one per
/// source commit (`replay`).
pub(super) fn commits(
    repo: &Repo,
    archive: &Archive,
    mode: HistoryMode,
    gathered: &Gathered,
    converted: &Converted,
    last: &BTreeMap<String, &Done>,
    roster: Option<&str>,
) -> Result<(Vec<NewCommit>, HistoryReport)> {
    let mut out = Vec::new();
    if let Some(text) = roster {
        out.push(NewCommit {
            author: None,
            committer: None,
            message: format!(
                "Add the people of the minutes of {} to the roster",
                gathered.name
            ),
            files: vec![(
                PathBuf::from(crate::config::FILE_NAME),
                Some(text.as_bytes().to_vec()),
            )],
        });
    }
    let mut report = HistoryReport {
        mode: mode.as_str(),
        ..HistoryReport::default()
    };
    match &gathered.history {
        Some((source_commits, revisions)) => {
            let mut head = HashMap::new();
            let head_id = repo.head_id()?;
            for done in last.values() {
                let path = done.id.relative_path();
                if let Some(text) = head_id
                    .as_deref()
                    .map(|h| repo.read_at(h, &path))
                    .transpose()?
                    .flatten()
                {
                    head.insert(path, text);
                }
            }
            let messages = repo.messages()?;
            let recorded = history::recorded(messages.iter().map(String::as_str));
            let plan = history::plan(
                source_commits,
                revisions,
                converted,
                &head,
                &recorded,
                &gathered.name,
            );
            report.source_commits = source_commits.len();
            report.unchanged = plan.unchanged;
            report.recorded = plan.recorded;
            out.extend(plan.commits.into_iter().map(|p| {
                NewCommit {
                    author: p.author.as_ref().map(git_stamp),
                    committer: p.committer.as_ref().map(git_stamp),
                    message: p.message,
                    files: p
                        .files
                        .into_iter()
                        .map(|(path, text)| (path, text.map(String::into_bytes)))
                        .collect(),
                }
            }));
        }
        None => {
            let mut files: Vec<(PathBuf, Option<Vec<u8>>)> = Vec::new();
            for d in last.values() {
                if current(archive, d)?.as_deref() != Some(d.text.as_bytes()) {
                    files.push((d.id.relative_path(), Some(d.text.clone().into_bytes())));
                }
            }
            if !files.is_empty() {
                let message = format!(
                    "Import {} from {}",
                    count(files.len(), "meeting"),
                    gathered.name
                );
                let message = match &gathered.head {
                    Some(head) => history::with_trailer(&message, &gathered.name, head),
                    None => message + "\n",
                };
                out.push(NewCommit {
                    author: None,
                    committer: None,
                    message,
                    files,
                });
            }
        }
    }
    report.commits = out.len();
    Ok((out, report))
}

fn git_stamp(s: &history::Stamp) -> Stamp {
    Stamp {
        name: s.name.clone(),
        email: s.email.clone(),
        time: s.time,
        offset: s.offset,
    }
}
