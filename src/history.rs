//! Meetings through time: a meeting at a revision, its revisions with what
//! each changed, who last changed each part, and translations left behind.
//!
//! This joins `git` (which knows commits and files) with `diff` (which knows
//! meetings); it never touches git2 itself, and it prints nothing. The
//! revisions of a file come from the index of the history when the command
//! lets it be used, else from a walk of the commits: the same either way.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::archive::{self, Record};
use crate::diff::{self, Change};
use crate::error::{Error, Result};
use crate::git::{self, ArchiveLog, CommitInfo, Repo};
use crate::id::MeetingId;
use crate::index;
use crate::meeting::Meeting;

/// The archive's repository as the history reads it: through the index of
/// its history when there is one to use, else by walking the commits.
pub struct Timeline {
    pub repo: Repo,
    /// The index's folder; `None` when it may not be used (`--no-index`).
    index: Option<PathBuf>,
}

impl Timeline {
    pub fn new(repo: Repo, index: Option<PathBuf>) -> Timeline {
        Timeline { repo, index }
    }

    /// The revisions of `path`, newest first, following renames: from the
    /// index when it has them, else from the walk.
    pub fn revisions(&self, path: &Path, limit: Option<usize>) -> Result<git::History> {
        if let Some(revisions) = self.graph()?.and_then(|g| g.revisions(path, limit)) {
            return Ok(git::History {
                revisions,
                shallow: false,
            });
        }
        self.repo.history(path, limit)
    }

    /// The archive's commits, newest first, each with the archive files it
    /// changed: from the index when it has them, else from the walk.
    pub fn log(&self, limit: Option<usize>) -> Result<ArchiveLog> {
        if let Some(commits) = self.graph()?.and_then(|g| g.log(limit)) {
            return Ok(ArchiveLog {
                commits,
                shallow: false,
            });
        }
        self.repo.log(limit)
    }

    fn graph(&self) -> Result<Option<index::history::Graph>> {
        match &self.index {
            Some(dir) => index::history::current(&self.repo, dir),
            None => Ok(None),
        }
    }
}

/// The meeting `id` as it was at revision `rev` (anything git understands).
/// `render --at` and `show --at` use this.
pub fn load_at(timeline: &Timeline, id: &MeetingId, rev: &str) -> Result<Record> {
    match find_at(timeline, id, rev)? {
        (_, Some(record)) => Ok(record),
        (commit, None) => Err(Error::failed(format!(
            "meeting {id} did not exist at {rev} (commit {}): there is no {} in it",
            commit.short,
            id.relative_path().display()
        ))
        .with_help(format!(
            "`minutes log {id}` lists the revisions of the meeting; it may have had another date then"
        ))),
    }
}

/// The commit that `rev` names, and the meeting `id` in it if it was there.
pub fn find_at(
    timeline: &Timeline,
    id: &MeetingId,
    rev: &str,
) -> Result<(CommitInfo, Option<Record>)> {
    let repo = &timeline.repo;
    let commit = repo.resolve(rev)?;
    let mut file = id.relative_path();
    let mut text = repo.read_at(&commit.id, &file)?;
    if text.is_none() {
        // Before a redate the meeting had another file: the newest of its
        // revisions that `rev` already contains says which.
        let revisions = timeline.revisions(&file, None)?.revisions;
        let then = revisions
            .iter()
            .find(|r| r.commit.id == commit.id || repo.is_later(&commit.id, &r.commit.id));
        if let Some(then) = then.filter(|then| then.path != file) {
            text = repo.read_at(&commit.id, &then.path)?;
            file = then.path.clone();
        }
    }
    let stem = file
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let then_id = MeetingId::parse(stem).unwrap_or_else(|_| id.clone());
    let record = match text {
        Some(text) => Some(archive::parse_record(then_id, file, text).map_err(Error::Invalid)?),
        None => None,
    };
    Ok((commit, record))
}

/// One revision of a meeting and what it changed against the one before.
#[derive(Debug, Serialize)]
pub struct Revision {
    #[serde(flatten)]
    pub commit: CommitInfo,
    /// The file in that revision (it differs before a `redate`).
    pub path: PathBuf,
    pub changes: Vec<Change>,
    /// What the revision did to the file as a whole, beyond `changes`:
    /// `created`, `renamed from ...`, `does not parse`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<String>,
    #[serde(skip)]
    pub meeting: Option<Meeting>,
}

/// The revisions of a meeting, newest first.
pub struct MeetingLog {
    pub revisions: Vec<Revision>,
    /// The history was cut off by a shallow clone.
    pub shallow: bool,
}

/// The revisions of meeting `id`, following renames, newest first.
pub fn meeting_log(
    timeline: &Timeline,
    id: &MeetingId,
    limit: Option<usize>,
) -> Result<MeetingLog> {
    let repo = &timeline.repo;
    let file = id.relative_path();
    // One more than asked, so the oldest shown revision has a predecessor.
    let history = timeline.revisions(&file, limit.map(|n| n + 1))?;
    let mut versions = Vec::new();
    for rev in &history.revisions {
        let text = repo.read_at(&rev.commit.id, &rev.path)?.unwrap_or_default();
        versions.push(parse(&rev.path, text));
    }
    let mut revisions = Vec::new();
    for (n, rev) in history.revisions.iter().enumerate() {
        let older = history.revisions.get(n + 1);
        let mut changes = Vec::new();
        let mut events = Vec::new();
        match (&versions[n], older.map(|_| &versions[n + 1])) {
            (Some(new), Some(Some(old))) => changes = diff::meetings(old, new),
            (Some(_), None) if history.shallow && n + 1 == history.revisions.len() => {
                events.push("oldest revision in this shallow clone".to_string())
            }
            (Some(_), None) => events.push("created".to_string()),
            (None, _) | (_, Some(None)) => events.push("a version that does not parse".to_string()),
        }
        if let Some(older) = older.filter(|o| o.path != rev.path) {
            events.push(format!("renamed from {}", older.path.display()));
        }
        revisions.push(Revision {
            commit: rev.commit.clone(),
            path: rev.path.clone(),
            changes,
            events,
            meeting: versions[n].clone(),
        });
    }
    let cut = limit.is_some_and(|n| revisions.len() > n);
    if let Some(n) = limit {
        revisions.truncate(n);
    }
    Ok(MeetingLog {
        revisions,
        shallow: history.shallow && !cut,
    })
}

fn parse(file: &Path, text: String) -> Option<Meeting> {
    let id = MeetingId::parse(file.file_stem()?.to_str()?).ok()?;
    archive::parse_record(id, file.to_path_buf(), text)
        .ok()
        .map(|r| r.meeting)
}

/// Who last changed one part of a meeting.
#[derive(Debug, Serialize)]
pub struct Blame {
    /// `date`, `status` ... for header fields; the item id for items.
    pub part: String,
    pub item: bool,
    /// `None` when the part has uncommitted changes.
    pub commit: Option<CommitInfo>,
}

/// For each header field, the attendees, links, preamble and postscript, and
/// each item of `current` (the working file), the
/// last commit that changed it, found by comparing the meaning of
/// consecutive revisions.
pub fn blame(timeline: &Timeline, id: &MeetingId, current: &Meeting) -> Result<(Vec<Blame>, bool)> {
    let log = meeting_log(timeline, id, None)?;
    // Oldest first: each revision's values, and the commit that set them.
    let mut fields: Vec<(&'static str, String, Option<CommitInfo>)> = Vec::new();
    let mut items: Vec<(String, String, Option<CommitInfo>)> = Vec::new();
    for rev in log.revisions.iter().rev() {
        let Some(m) = &rev.meeting else { continue };
        for (name, value) in diff::meeting_parts(m) {
            match fields.iter_mut().find(|f| f.0 == name) {
                Some(f) if f.1 == value => {}
                Some(f) => *f = (name, value, Some(rev.commit.clone())),
                None => fields.push((name, value, Some(rev.commit.clone()))),
            }
        }
        for item in &m.items {
            let value = serde_json::to_string(item).unwrap_or_default();
            match items.iter_mut().find(|i| i.0 == item.id) {
                Some(i) if i.1 == value => {}
                Some(i) => *i = (item.id.clone(), value, Some(rev.commit.clone())),
                None => items.push((item.id.clone(), value, Some(rev.commit.clone()))),
            }
        }
    }
    let mut out = Vec::new();
    for (name, value) in diff::meeting_parts(current) {
        if value.is_empty() && !fields.iter().any(|f| f.0 == name && !f.1.is_empty()) {
            continue;
        }
        let commit = fields
            .iter()
            .find(|f| f.0 == name && f.1 == value)
            .and_then(|f| f.2.clone());
        out.push(Blame {
            part: name.to_string(),
            item: false,
            commit,
        });
    }
    for item in &current.items {
        let value = serde_json::to_string(item).unwrap_or_default();
        let commit = items
            .iter()
            .find(|i| i.0 == item.id && i.1 == value)
            .and_then(|i| i.2.clone());
        out.push(Blame {
            part: item.id.clone(),
            item: true,
            commit,
        });
    }
    Ok((out, log.shallow))
}

/// The name of a language in English, for messages: `de` -> `German`.
pub fn language_name(tag: &str) -> &str {
    match tag.split('-').next().unwrap_or(tag) {
        "de" => "German",
        "en" => "English",
        "es" => "Spanish",
        "fr" => "French",
        "it" => "Italian",
        "nl" => "Dutch",
        "pt" => "Portuguese",
        "pl" => "Polish",
        "zh" => "Chinese",
        "ja" => "Japanese",
        _ => tag,
    }
}

/// An item whose original text changed after its translation was last
/// touched.
pub struct Stale {
    pub item: String,
    /// How many later commits changed the item's text.
    pub changes: usize,
    /// Which parts: `notes`, `title` ...
    pub parts: Vec<&'static str>,
}

/// The items of a meeting (whose history is `log`) whose text (title, lead,
/// notes, decisions) changed in commits later than the last commit that
/// touched `overlay`.
pub fn stale_translations(
    timeline: &Timeline,
    log: &MeetingLog,
    overlay: &Path,
) -> Result<Vec<Stale>> {
    let repo = &timeline.repo;
    let Some(last) = timeline.revisions(overlay, Some(1))?.revisions.pop() else {
        return Ok(Vec::new());
    };
    let mut out: Vec<Stale> = Vec::new();
    for rev in &log.revisions {
        if !repo.is_later(&rev.commit.id, &last.commit.id) {
            continue;
        }
        for change in &rev.changes {
            let Change::ItemEdited { item, edits, .. } = change else {
                continue;
            };
            let parts: Vec<&'static str> = edits
                .iter()
                .map(diff::Edit::name)
                .filter(|p| matches!(*p, "title" | "lead" | "notes" | "decisions"))
                .collect();
            if parts.is_empty() {
                continue;
            }
            match out.iter_mut().find(|s| s.item == *item) {
                Some(s) => {
                    s.changes += 1;
                    for p in parts {
                        if !s.parts.contains(&p) {
                            s.parts.push(p);
                        }
                    }
                }
                None => out.push(Stale {
                    item: item.clone(),
                    changes: 1,
                    parts,
                }),
            }
        }
    }
    Ok(out)
}
