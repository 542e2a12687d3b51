//! Integrating the group's commits, in meeting terms: the merge of HEAD
//! with the remote branch (or the replay of local commits on it), the
//! meeting files that both sides changed merged by meaning through `merge`,
//! and what came in or went out said as people say it ("2025-02-04: item
//! "Congo" added by Anna").
//!
//! [`exchange`] orders the steps: fetch, integrate, push, and again when
//! the remote moved meanwhile; [`finish`] completes a merge left
//! unfinished. The transfers and the repository work belong to `git`; this
//! module decides what each conflicted file becomes and tells the changes.
//! It prints nothing.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::archive::{self, Entry};
use crate::diff::{self, Change};
use crate::error::{Error, Result};
use crate::git::{ChangeKind, Conflicted, Pushed, Remote, Repo, Resolution};
use crate::history::language_name;
use crate::id::MeetingId;
use crate::meeting::Meeting;
use crate::merge::{self, Side};

/// A file left with conflicts for a person to settle.
#[derive(Debug, Clone, Serialize)]
pub struct FileConflict {
    /// The meeting, or the file's path when it is no meeting.
    pub label: String,
    /// The file's path in the repository.
    pub path: PathBuf,
    /// What conflicts, in meeting terms: `the notes of item "congo"`.
    pub conflicts: Vec<String>,
}

/// How the remote's commits were taken in.
#[derive(Debug, Default, Serialize)]
pub struct Integration {
    /// Nothing to take: the remote's commits are here already.
    pub up_to_date: bool,
    /// HEAD simply moved forward to the remote's commit.
    pub fast_forward: bool,
    /// The merge commit, or the new tip of replayed commits.
    pub commit: Option<String>,
    /// Files where a person's version was kept instead of the merge's.
    pub kept: Vec<PathBuf>,
    /// Files still holding conflicts: the merge is not committed.
    pub conflicts: Vec<FileConflict>,
    /// `--rebase` could not replay a local commit without a conflict:
    /// nothing was changed.
    pub replay_failed: bool,
}

/// Merges the commit `theirs` into HEAD, resuming a merge that was left
/// unfinished: fast-forward when HEAD has nothing of its own, else a merge
/// commit with `message`, or the files in conflict when a person must look.
pub fn merge(repo: &Repo, theirs: &str, message: &str) -> Result<Integration> {
    let mut out = Integration::default();
    let head = repo.head_id()?;
    if let Some(head) = &head {
        if repo.contains(head, theirs)? {
            if repo.merge_head().is_some() {
                repo.move_branch(head, "sync: nothing left to merge")?;
            }
            out.up_to_date = true;
            return Ok(out);
        }
    }
    let fast_forward = match &head {
        None => true,
        Some(head) => repo.contains(theirs, head)?,
    };
    if fast_forward {
        repo.begin_merge(theirs, message)?;
        out.kept = repo.apply(&repo.tree_of(theirs)?)?.kept;
        repo.move_branch(theirs, "sync: fast-forward")?;
        out.fast_forward = true;
        out.commit = Some(theirs.to_string());
        return Ok(out);
    }
    let head = head.unwrap_or_default();
    let mut found: Vec<FileConflict> = Vec::new();
    let merged = repo.merge_commits(&head, theirs, &mut |file| {
        let resolution = resolve(file);
        if let Some((res, conflicts)) = &resolution {
            if !res.clean {
                found.push(FileConflict {
                    label: label(file.path.as_deref(), &file.shown),
                    path: file.shown.clone(),
                    conflicts: conflicts.clone(),
                });
            }
        }
        resolution.map(|(res, _)| res)
    })?;
    for path in merged.conflicts() {
        if !found.iter().any(|f| f.path == path) {
            found.push(FileConflict {
                label: label(repo.archive_path(&path).as_deref(), &path),
                path: path.clone(),
                conflicts: vec!["both sides changed it (merged line by line)".into()],
            });
        }
    }
    repo.begin_merge(theirs, message)?;
    let applied = repo.apply(&merged)?;
    let (resolved, unresolved): (Vec<PathBuf>, Vec<PathBuf>) = merged
        .conflicts()
        .into_iter()
        .partition(|p| !holds_conflict(repo.workdir(), p));
    repo.stage_conflicts(&merged, &resolved, &unresolved)?;
    out.kept = applied
        .kept
        .into_iter()
        .filter(|p| !merged.conflicts().contains(p))
        .collect();
    if !unresolved.is_empty() {
        found.retain(|f| unresolved.contains(&f.path));
        out.conflicts = found;
        return Ok(out);
    }
    out.commit = Some(repo.commit_merge(&[theirs.to_string()], message)?.id);
    Ok(out)
}

/// Replays HEAD's own commits on `theirs` (`sync --rebase`); when one
/// cannot be replayed without a conflict, nothing changes.
pub fn rebase(repo: &Repo, theirs: &str) -> Result<Integration> {
    let mut out = Integration::default();
    if let Some(head) = repo.head_id()? {
        if repo.contains(&head, theirs)? {
            out.up_to_date = true;
            return Ok(out);
        }
    }
    let Some(tip) = repo.replay(theirs, &mut |file| resolve(file).map(|(r, _)| r))? else {
        out.replay_failed = true;
        return Ok(out);
    };
    out.kept = repo.apply(&repo.tree_of(&tip)?)?.kept;
    repo.move_branch(&tip, "sync: rebase")?;
    out.fast_forward = repo.head_id()?.as_deref() == Some(theirs);
    out.commit = Some(tip);
    Ok(out)
}

/// How often a push refused because the remote moved is tried again.
pub const ATTEMPTS: usize = 3;

/// What one `sync` did: the JSON of `sync --json`.
#[derive(Debug, Default, Serialize)]
pub struct Exchange {
    /// The remote branch: `origin/main`.
    pub remote: String,
    pub incoming: Vec<News>,
    pub outgoing: Vec<News>,
    /// The merge commit made, if any.
    pub merged: Option<String>,
    /// Files left with conflicts: nothing was pushed.
    pub conflicts: Vec<FileConflict>,
    pub pushed: bool,
    /// Files where a person's version was kept instead of the merge's.
    pub kept: Vec<PathBuf>,
}

impl Exchange {
    fn took(&mut self, done: Integration, merged: bool) {
        if merged && !done.fast_forward {
            self.merged = done.commit;
        }
        self.kept.extend(done.kept);
        self.conflicts = done.conflicts;
    }
}

/// Finishes a merge left unfinished (a conflict a person has resolved
/// since, or an interruption), if there is one.
pub fn finish(repo: &Repo, remote: &Remote, out: &mut Exchange) -> Result<()> {
    let Some(theirs) = repo.merge_head() else {
        return Ok(());
    };
    let before = repo.head_id()?;
    let news = news(repo, before.as_deref(), &theirs)?;
    // A merge begun by hand (`git merge BRANCH`) is named by its commit.
    let from = match repo.remote_head(remote) {
        Some(id) if id == theirs => remote.label(),
        _ => format!("commit {}", &theirs[..7.min(theirs.len())]),
    };
    let done = merge(repo, &theirs, &merge_message(&from, &news))?;
    out.incoming.extend(news);
    out.took(done, true);
    Ok(())
}

/// Fetches, integrates (merging, or replaying with `rebase`) and pushes;
/// a push refused because the remote moved meanwhile is tried again after
/// a new fetch and merge, [`ATTEMPTS`] times in all. Stops before pushing
/// when conflicts are left; `retrying` is told before each new attempt.
pub fn exchange(
    repo: &Repo,
    remote: &Remote,
    rebase: bool,
    out: &mut Exchange,
    retrying: &dyn Fn(&str),
) -> Result<()> {
    for attempt in 1..=ATTEMPTS {
        repo.fetch(remote)?;
        if let Some(theirs) = repo.remote_head(remote) {
            let head = repo.head_id()?;
            let news = news(repo, head.as_deref(), &theirs)?;
            let done = if rebase {
                self::rebase(repo, &theirs)?
            } else {
                merge(repo, &theirs, &merge_message(&remote.label(), &news))?
            };
            if done.replay_failed {
                return Err(Error::failed(format!(
                    "a local commit cannot be replayed on {} without a conflict, so nothing was changed",
                    remote.label()
                ))
                .with_help(
                    "run `minutes sync` without --rebase: it merges, and shows the conflict to resolve",
                ));
            }
            if !done.up_to_date {
                out.incoming.extend(news);
            }
            out.took(done, !rebase);
            if !out.conflicts.is_empty() {
                return Ok(());
            }
        }
        let Some(head) = repo.head_id()? else {
            return Ok(());
        };
        let theirs = repo.remote_head(remote);
        if theirs.as_deref() == Some(head.as_str()) {
            return Ok(());
        }
        let outgoing = news(repo, theirs.as_deref(), &head)?;
        match repo.push(remote)? {
            Pushed::Done => {
                out.outgoing = outgoing;
                out.pushed = true;
                return Ok(());
            }
            Pushed::Behind if attempt < ATTEMPTS => retrying(&format!(
                "{} moved while we were syncing: fetching again",
                remote.label()
            )),
            Pushed::Behind => {}
        }
    }
    Err(Error::failed(format!(
        "{} kept moving: the push was refused {ATTEMPTS} times; your commits are safe here",
        remote.label()
    ))
    .with_help("run `minutes sync` again in a moment"))
}

/// What a conflicted file becomes: archive TOML files merged by meaning,
/// with the conflicts left in them; anything else is left to git.
fn resolve(file: &Conflicted) -> Option<(Resolution, Vec<String>)> {
    let path = file.path.as_ref()?;
    if !mergeable(path) {
        return None;
    }
    let text = |bytes: &Option<Vec<u8>>| -> Option<Option<String>> {
        match bytes {
            Some(b) => String::from_utf8(b.clone()).ok().map(Some),
            None => Some(None),
        }
    };
    let (base, ours, theirs) = (text(&file.base)?, text(&file.ours)?, text(&file.theirs)?);
    let merged = match (ours, theirs) {
        (Some(o), Some(t)) => merge::merge(base.as_deref(), &o, &t),
        (Some(o), None) => merge::mark_removed(&o, Side::Theirs),
        (None, Some(t)) => merge::mark_removed(&t, Side::Ours),
        (None, None) => return None,
    };
    let clean = merged.is_clean();
    Some((
        Resolution {
            content: merged.text.into_bytes(),
            clean,
        },
        merged.conflicts,
    ))
}

/// The files the merge knows: meetings, translations and minutes.toml.
pub fn mergeable(path: &Path) -> bool {
    path == Path::new(crate::config::FILE_NAME)
        || (path.starts_with("meetings")
            && path.extension().is_some_and(|e| e == "toml")
            && matches!(
                archive::classify(path),
                Entry::Meeting(_) | Entry::Overlay(..)
            ))
}

/// Whether the file at `path` in the work tree at `workdir` still holds a
/// conflict a merge wrote. It is read as every file of the archive is: a
/// link or a special file in its place is no resolution, and is never
/// followed or opened; a file removed agrees with a removal.
pub fn holds_conflict(workdir: &Path, path: &Path) -> bool {
    let text = match crate::fsio::read_if_present(&workdir.join(path), path) {
        Ok(Some(bytes)) => String::from_utf8_lossy(&bytes).into_owned(),
        Ok(None) => return false,
        Err(_) => return true,
    };
    !crate::conflict::marker_lines(&text).is_empty()
        || text
            .lines()
            .any(|l| l.trim_start().starts_with(crate::conflict::KEY))
        || text.contains(&format!("{{ {} =", crate::conflict::KEY))
}

fn label(path: Option<&Path>, shown: &Path) -> String {
    match path.map(archive::classify) {
        Some(Entry::Meeting(id)) => id.to_string(),
        Some(Entry::Overlay(id, lang)) => format!("{id} ({} translation)", language_name(&lang)),
        _ => shown.display().to_string(),
    }
}

/// One line of what came in or went out: a meeting, what changed in it,
/// and who changed it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct News {
    /// The meeting, or `None` for the archive's other files.
    pub meeting: Option<String>,
    pub author: String,
    pub changes: Vec<String>,
}

impl News {
    /// `2025-02-04: item "Congo" added by Anna`.
    pub fn line(&self) -> String {
        let what = self.meeting.as_deref().unwrap_or("archive files");
        format!("{what}: {} by {}", self.changes.join(", "), self.author)
    }
}

/// The changes of the commits in `to` that `from` lacks, oldest first, in
/// meeting terms, one line per meeting and author.
pub fn news(repo: &Repo, from: Option<&str>, to: &str) -> Result<Vec<News>> {
    if from == Some(to) {
        return Ok(Vec::new());
    }
    let mut steps = repo.steps(to, from)?;
    steps.reverse();
    let mut out: Vec<News> = Vec::new();
    for step in steps.iter().filter(|s| s.parents <= 1) {
        for (meeting, phrases) in step_changes(repo, step)? {
            let author = &step.commit.author;
            match out
                .iter_mut()
                .find(|n| n.meeting == meeting && n.author == *author)
            {
                Some(news) => {
                    for p in phrases {
                        if !news.changes.contains(&p) {
                            news.changes.push(p);
                        }
                    }
                }
                None => out.push(News {
                    meeting,
                    author: author.clone(),
                    changes: phrases,
                }),
            }
        }
    }
    Ok(out)
}

/// What one commit changed, by meeting.
fn step_changes(
    repo: &Repo,
    step: &crate::git::Step,
) -> Result<Vec<(Option<String>, Vec<String>)>> {
    let mut out: Vec<(Option<String>, Vec<String>)> = Vec::new();
    let mut add =
        |meeting: Option<String>, phrase: String| match out.iter_mut().find(|(m, _)| *m == meeting)
        {
            Some((_, phrases)) => phrases.push(phrase),
            None => out.push((meeting, vec![phrase])),
        };
    let renamed_to = |path: &Path| step.renames.iter().find(|(old, _)| old == path);
    let renamed_from = |path: &Path| step.renames.iter().find(|(_, new)| new == path);
    for (path, kind) in &step.changes {
        match archive::classify(path) {
            Entry::Meeting(id) => {
                if *kind == ChangeKind::Deleted && renamed_to(path).is_some() {
                    continue;
                }
                let old_path = renamed_from(path).map_or(path.as_path(), |(old, _)| old.as_path());
                let old = match &step.first_parent {
                    Some(parent) => meeting_at(repo, parent, old_path)?,
                    None => None,
                };
                let new = meeting_at(repo, &step.commit.id, path)?;
                let phrases: Vec<String> = match (kind, old, new) {
                    (ChangeKind::Deleted, _, _) => vec!["meeting removed".into()],
                    (_, _, _) if renamed_from(path).is_some() => {
                        vec![format!("moved from {}", stem(old_path))]
                    }
                    (_, None, _) => vec!["new meeting".into()],
                    (_, Some(old), Some(new)) => {
                        diff::meetings(&old, &new).iter().map(phrase).collect()
                    }
                    (_, Some(_), None) => vec!["edited (it does not parse)".into()],
                };
                for p in phrases {
                    add(Some(id.to_string()), p);
                }
            }
            Entry::Overlay(id, lang) => {
                let what = match kind {
                    ChangeKind::New => "added",
                    ChangeKind::Modified => "updated",
                    ChangeKind::Deleted => "removed",
                };
                add(
                    Some(id.to_string()),
                    format!("{} translation {what}", language_name(&lang)),
                );
            }
            Entry::Stray(p) => {
                let what = match kind {
                    ChangeKind::New => "added",
                    ChangeKind::Modified => "edited",
                    ChangeKind::Deleted => "removed",
                };
                add(None, format!("{} {what}", p.display()));
            }
        }
    }
    Ok(out)
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn meeting_at(repo: &Repo, commit: &str, path: &Path) -> Result<Option<Meeting>> {
    let Some(text) = repo.read_at(commit, path)? else {
        return Ok(None);
    };
    let Some(id) = path
        .file_stem()
        .and_then(|s| s.to_str())
        .and_then(|s| MeetingId::parse(s).ok())
    else {
        return Ok(None);
    };
    Ok(archive::parse_record(id, path.to_path_buf(), text)
        .ok()
        .map(|r| r.meeting))
}

/// A change as news tells it, in the passive: `item "Congo" added`.
fn phrase(change: &Change) -> String {
    match change {
        Change::ItemAdded { title, .. } => format!("item \"{title}\" added"),
        Change::ItemRemoved { title, .. } => format!("item \"{title}\" removed"),
        Change::ItemMoved { item, .. } => format!("item \"{item}\" moved"),
        Change::UpdateAdded { action, status } => format!("update of {action} added ({status})"),
        Change::UpdateRemoved { action } => format!("update of {action} removed"),
        other => other.summary(),
    }
}

/// The message of a merge commit: the remote, then what came in.
pub fn merge_message(remote: &str, news: &[News]) -> String {
    let mut message = format!("Merge the changes of {remote}\n");
    if !news.is_empty() {
        message.push('\n');
        for n in news {
            message.push_str(&format!("- {}\n", n.line()));
        }
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_conflict_is_settled_by_a_file_never_by_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let work = dir.path().join("work");
        std::fs::create_dir_all(work.join("meetings/2025")).unwrap();
        let file = Path::new("meetings/2025/2025-01-28.toml");
        assert!(!holds_conflict(&work, file), "a removed file agrees");
        std::fs::write(work.join(file), "title = \"A\"\n<<<<<<< ours\n").unwrap();
        assert!(holds_conflict(&work, file));
        std::fs::write(work.join(file), "title = \"A\"\n").unwrap();
        assert!(!holds_conflict(&work, file));
        // A link to a clean file elsewhere is no resolution.
        std::fs::rename(work.join(file), dir.path().join("clean.toml")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("clean.toml"), work.join(file)).unwrap();
        assert!(holds_conflict(&work, file));
    }

    #[test]
    fn news_reads_as_people_say_it() {
        let news = News {
            meeting: Some("2025-02-04".into()),
            author: "Anna".into(),
            changes: vec![
                phrase(&Change::ItemAdded {
                    item: "congo".into(),
                    title: "Congo".into(),
                }),
                phrase(&Change::Field {
                    field: "status",
                    old: "draft".into(),
                    new: "final".into(),
                }),
            ],
        };
        assert_eq!(
            news.line(),
            "2025-02-04: item \"Congo\" added, status draft -> final by Anna"
        );
        assert_eq!(
            merge_message("origin/main", &[news]),
            "Merge the changes of origin/main\n\n- 2025-02-04: item \"Congo\" added, status draft -> final by Anna\n"
        );
    }

    #[test]
    fn only_the_archive_files_merge_by_meaning() {
        for (path, yes) in [
            ("minutes.toml", true),
            ("meetings/2025/2025-01-28.toml", true),
            ("meetings/2025/2025-01-28.de.toml", true),
            ("meetings/notes.txt", false),
            ("templates/article.md", false),
        ] {
            assert_eq!(mergeable(Path::new(path)), yes, "{path}");
        }
    }
}
