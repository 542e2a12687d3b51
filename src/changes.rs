//! Uncommitted changes in meeting terms, and the commit message that says
//! them: `2025-02-04: add item "Congo", notes of "deepseek" edited`.
//!
//! The files come from `git` (what differs from HEAD), the meaning from
//! `diff`; the work tree's side is read through `fsio::read`, as every file
//! of the archive is, so that a link is never followed. Composing the message is pure and unit-tested. This module also
//! decides which changed files a commit takes: never editors' swap and
//! backup files, our temporary files, nested repositories or links.

use std::path::{Path, PathBuf};

use crate::archive::{self, Entry};
use crate::diff::{self, Change};
use crate::error::Result;
use crate::git::{ChangeKind, Changed, Repo};
use crate::history::language_name;
use crate::id::MeetingId;
use crate::meeting::Meeting;
use crate::plural::count;

/// What happened to one meeting (or to the archive's other files).
#[derive(Debug, Default, PartialEq)]
pub struct Touched {
    /// The meeting, or `None` for minutes.toml and templates.
    pub id: Option<String>,
    /// Phrases about the file as a whole: `new meeting`, `German translation updated`.
    pub events: Vec<String>,
    pub changes: Vec<Change>,
}

/// The longest subject line, as git's conventions have it.
pub const SUBJECT_WIDTH: usize = 72;

/// Describes `files` (archive paths with uncommitted changes) in meeting
/// terms, comparing the work tree with HEAD.
pub fn describe(repo: &Repo, root: &Path, files: &[Changed]) -> Result<Vec<Touched>> {
    let head = repo.head_id()?;
    let old_text = |path: &Path| -> Result<Option<String>> {
        match &head {
            Some(h) => repo.read_at(h, path),
            None => Ok(None),
        }
    };
    // The work tree's text of a file, read as every file of the archive is:
    // a link or a special file is refused (and the commit with it), never
    // followed. A text that is not UTF-8 is a file that does not parse.
    let new_text = |path: &Path| -> Result<Option<String>> {
        let bytes = crate::fsio::read_if_present(&root.join(path), path)?;
        Ok(bytes.and_then(|b| String::from_utf8(b).ok()))
    };
    let meeting = |path: &Path, text: Option<String>| -> Option<Meeting> {
        let id = MeetingId::parse(path.file_stem()?.to_str()?).ok()?;
        archive::parse_record(id, path.to_path_buf(), text?)
            .ok()
            .map(|r| r.meeting)
    };
    let mut out: Vec<Touched> = Vec::new();
    let mut deleted: Vec<(String, Option<Meeting>)> = Vec::new();
    for file in files {
        match archive::classify(&file.path) {
            Entry::Meeting(id) => {
                let before = old_text(&file.path)?;
                let existed = before.is_some();
                let old = meeting(&file.path, before);
                if file.kind == ChangeKind::Deleted {
                    deleted.push((id.to_string(), old));
                    continue;
                }
                let new = meeting(&file.path, new_text(&file.path)?);
                let touched = entry(&mut out, Some(id.to_string()));
                match (old, new) {
                    (Some(old), Some(new)) => touched.changes = diff::meetings(&old, &new),
                    (None, Some(_)) if existed => touched
                        .events
                        .push("repaired (the committed file did not parse)".into()),
                    (None, Some(new)) => touched.events.push(format!(
                        "new meeting ({}, {})",
                        new.status.as_str(),
                        count(new.items.len(), "item")
                    )),
                    (_, None) => touched
                        .events
                        .push("edited (the file does not parse)".into()),
                }
            }
            Entry::Overlay(id, lang) => {
                let what = match file.kind {
                    ChangeKind::New => "added",
                    ChangeKind::Modified => "updated",
                    ChangeKind::Deleted => "removed",
                };
                entry(&mut out, Some(id.to_string()))
                    .events
                    .push(format!("{} translation {what}", language_name(&lang)));
            }
            Entry::Stray(path) => {
                let what = match file.kind {
                    ChangeKind::New => "added",
                    ChangeKind::Modified => "edited",
                    ChangeKind::Deleted => "removed",
                };
                entry(&mut out, None)
                    .events
                    .push(format!("{} {what}", path.display()));
            }
        }
    }
    // A meeting that vanished while another appeared with the same content
    // but its date was moved: say so instead of "removed" and "new".
    for (old_id, old) in deleted {
        let moved = old.as_ref().and_then(|old| {
            out.iter_mut().find(|t| {
                t.events.iter().any(|e| e.starts_with("new meeting"))
                    && t.id.as_deref().is_some_and(|id| {
                        let path = MeetingId::parse(id).map(|i| i.relative_path()).ok();
                        // Read above already: a refusal has ended the commit.
                        path.and_then(|p| meeting(&p, new_text(&p).ok().flatten()))
                            .is_some_and(|new| {
                                diff::meetings(old, &new)
                                    .iter()
                                    .all(|c| matches!(c, Change::Field { field: "date", .. }))
                            })
                    })
            })
        });
        match moved {
            Some(t) => {
                t.events.retain(|e| !e.starts_with("new meeting"));
                t.events.insert(0, format!("moved from {old_id}"));
                let new_id = t.id.clone().unwrap_or_default();
                follow_move(&mut out, &old_id, &new_id);
            }
            None => entry(&mut out, Some(old_id))
                .events
                .push("meeting removed".into()),
        }
    }
    out.retain(|t| !t.events.is_empty() || !t.changes.is_empty());
    for t in &mut out {
        // What happened to the meeting as a whole comes first.
        t.events.sort_by_key(|e| {
            !["new meeting", "moved from", "meeting removed"]
                .iter()
                .any(|p| e.starts_with(p))
        });
    }
    Ok(out)
}

/// A meeting moved from `old` to `new` takes its overlays along, and the
/// references to its actions follow it: say so once, on the moved meeting.
fn follow_move(out: &mut [Touched], old: &str, new: &str) {
    let mut languages = Vec::new();
    let mut referrers = Vec::new();
    for t in out.iter_mut().filter(|t| t.id.as_deref() == Some(old)) {
        t.events
            .retain(|e| match e.strip_suffix(" translation removed") {
                Some(lang) => {
                    languages.push(lang.to_string());
                    false
                }
                None => true,
            });
    }
    for t in out.iter_mut() {
        let label = t.id.clone().unwrap_or_default();
        let before = t.changes.len();
        let was: Vec<String> = t
            .changes
            .iter()
            .filter_map(|c| match c {
                Change::UpdateRemoved { action } => {
                    action.strip_prefix(&format!("{old}#")).map(str::to_string)
                }
                _ => None,
            })
            .collect();
        t.changes.retain(|c| match c {
            Change::UpdateRemoved { action } => !action.starts_with(&format!("{old}#")),
            Change::UpdateAdded { action, .. } => !action
                .strip_prefix(&format!("{new}#"))
                .is_some_and(|rest| was.iter().any(|w| w == rest)),
            _ => true,
        });
        if t.changes.len() != before {
            referrers.push(label);
        }
    }
    let Some(moved) = out.iter_mut().find(|t| t.id.as_deref() == Some(new)) else {
        return;
    };
    moved.events.retain(|e| {
        !e.strip_suffix(" translation added")
            .is_some_and(|lang| languages.iter().any(|l| l == lang))
    });
    if !referrers.is_empty() {
        let names: Vec<&str> = referrers.iter().map(String::as_str).collect();
        moved
            .events
            .push(format!("references updated in {}", diff::join_and(&names)));
    }
}

fn entry(out: &mut Vec<Touched>, id: Option<String>) -> &mut Touched {
    match out.iter().position(|t| t.id == id) {
        Some(n) => &mut out[n],
        None => {
            out.push(Touched {
                id,
                ..Touched::default()
            });
            out.last_mut().expect("just pushed")
        }
    }
}

/// A changed file that `commit` leaves out, and why.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Skipped {
    pub path: PathBuf,
    pub why: &'static str,
}

/// The archive paths among `files` that belong to the meetings `ids` (all
/// when empty), plus minutes.toml, .gitattributes and templates/ when they
/// changed; and,
/// apart, those of them that are no one's text (editors' swap and backup
/// files, our temporary files, nested repositories), which are never
/// committed. `root` is the archive, where folders are told from files.
pub fn select(root: &Path, files: &[Changed], ids: &[MeetingId]) -> (Vec<PathBuf>, Vec<Skipped>) {
    let mut paths = Vec::new();
    let mut skipped = Vec::new();
    for file in files.iter().filter(|f| wanted(&f.path, ids)) {
        match not_text(root, &file.path) {
            Some(why) => skipped.push(Skipped {
                path: file.path.clone(),
                why,
            }),
            None => paths.push(file.path.clone()),
        }
    }
    (paths, skipped)
}

fn wanted(p: &Path, ids: &[MeetingId]) -> bool {
    if p == Path::new(crate::config::FILE_NAME)
        || p == Path::new(".gitattributes")
        || p.starts_with("templates")
    {
        return true;
    }
    if !p.starts_with("meetings") {
        return false;
    }
    match archive::classify(p) {
        Entry::Meeting(id) | Entry::Overlay(id, _) => ids.is_empty() || ids.contains(&id),
        Entry::Stray(_) => ids.is_empty(),
    }
}

/// Why the file at `path` is not a person's text, if it is not.
fn not_text(root: &Path, path: &Path) -> Option<&'static str> {
    let name = path.file_name()?.to_str().unwrap_or_default();
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default();
    // Before they had a name of their own, our temporary files were
    // tempfile's `.tmp` and six letters.
    let legacy = name.len() == 10 && name.starts_with(".tmp");
    if crate::fsio::is_temporary(name) || legacy {
        Some("a temporary file of minutes")
    } else if name.starts_with('.') && extension.len() == 3 && extension.starts_with("sw") {
        Some("an editor's swap file")
    } else if name.starts_with(".#") {
        Some("an editor's lock file")
    } else if name.len() > 1 && name.starts_with('#') && name.ends_with('#') {
        Some("an editor's auto-save file")
    } else if name.ends_with('~') || matches!(extension, "bak" | "orig" | "rej") {
        Some("a backup file")
    } else if std::fs::symlink_metadata(root.join(path)).is_ok_and(|m| m.is_dir()) {
        // git lists a repository inside the work tree as one folder.
        Some("a nested git repository")
    } else {
        None
    }
}

/// Refuses to commit a symbolic link: git would record the link, or (as
/// `commit` reads files) the content of whatever it points to, which may
/// lie outside the archive.
pub fn refuse_links(root: &Path, paths: &[PathBuf]) -> Result<()> {
    for path in paths {
        let full = root.join(path);
        if std::fs::symlink_metadata(&full).is_ok_and(|m| m.file_type().is_symlink()) {
            let target = std::fs::read_link(&full)
                .map(|t| format!(" (to {})", t.display()))
                .unwrap_or_default();
            return Err(crate::error::Error::failed(format!(
                "{} is a symbolic link{target}, so nothing was committed",
                path.display()
            ))
            .with_help("minutes commits files, not links: put a copy of the file in place of the link, or remove the link"));
        }
    }
    Ok(())
}

impl Touched {
    /// The phrases of this meeting, events first.
    fn phrases(&self) -> Vec<String> {
        self.events
            .iter()
            .cloned()
            .chain(self.changes.iter().map(Change::summary))
            .collect()
    }

    fn label(&self) -> &str {
        self.id.as_deref().unwrap_or("archive files")
    }

    /// A subject for this meeting alone, within `width`.
    fn subject(&self, width: usize) -> String {
        let full = format!("{}: {}", self.label(), self.phrases().join(", "));
        if full.chars().count() <= width {
            return full;
        }
        let counted = self
            .events
            .iter()
            .cloned()
            .chain(Some(diff::counted(&self.changes)).filter(|s| !s.is_empty()))
            .collect::<Vec<_>>()
            .join(", ");
        let short = format!("{}: {counted}", self.label());
        if short.chars().count() <= width {
            return short;
        }
        let phrases = self.phrases();
        let n = phrases.len();
        if let Some(lead) = phrases.first() {
            let more = count(n - 1, "more change");
            let first = format!("{}: {lead} and {more}", self.label());
            if first.chars().count() <= width {
                return first;
            }
        }
        format!("{}: {}", self.label(), count(n, "change"))
    }
}

/// The commit message: a subject of at most 72 characters and a body with
/// one line per change.
pub fn message(touched: &[Touched]) -> String {
    let subject = match touched {
        [] => "Update the minutes".to_string(),
        [one] => one.subject(SUBJECT_WIDTH),
        many => {
            let all: Vec<String> = many
                .iter()
                .map(|t| format!("{}: {}", t.label(), t.phrases().join(", ")))
                .collect();
            let joined = all.join("; ");
            let labels: Vec<&str> = many.iter().map(Touched::label).collect();
            let named = format!("Update {}", diff::join_and(&labels));
            let ids: Vec<&str> = many.iter().filter_map(|t| t.id.as_deref()).collect();
            let others = if ids.len() < many.len() {
                " and archive files"
            } else {
                ""
            };
            if joined.chars().count() <= SUBJECT_WIDTH {
                joined
            } else if named.chars().count() <= SUBJECT_WIDTH {
                named
            } else {
                format!(
                    "Update {}, {} to {}{others}",
                    count(ids.len(), "meeting"),
                    ids.first().unwrap_or(&""),
                    ids.last().unwrap_or(&"")
                )
            }
        }
    };
    // A body that would only repeat the subject is left out.
    let repeats = matches!(touched, [one] if one.phrases().len() == 1
        && one.changes.iter().all(|c| c.detail() == c.summary()));
    let mut body = String::new();
    for t in touched.iter().filter(|_| !repeats) {
        let lines: Vec<String> = t
            .events
            .iter()
            .cloned()
            .chain(t.changes.iter().map(Change::detail))
            .collect();
        if touched.len() > 1 {
            body.push_str(&format!("{}:\n", t.label()));
        }
        for line in lines {
            body.push_str(&format!("- {line}\n"));
        }
    }
    if body.is_empty() {
        subject + "\n"
    } else {
        format!("{subject}\n\n{body}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edited(item: &str) -> Change {
        Change::ItemEdited {
            item: item.into(),
            title: item.into(),
            edits: vec![diff::Edit::Notes {
                words: diff::words("a b", "a c"),
            }],
        }
    }

    #[test]
    fn editors_files_and_ours_are_left_out() {
        let root = tempfile::tempdir().unwrap();
        let changed = |path: &str| Changed {
            path: PathBuf::from(path),
            kind: ChangeKind::New,
        };
        std::fs::create_dir_all(root.path().join("meetings/2025/nested")).unwrap();
        let files: Vec<Changed> = [
            "meetings/2025/2025-01-28.toml",
            "meetings/2025/2025-01-28.toml~",
            "meetings/2025/.2025-01-28.toml.swp",
            "meetings/2025/#2025-01-28.toml#",
            "meetings/2025/.#2025-01-28.toml",
            "meetings/2025/.minutes-x1y2.tmp",
            "meetings/2025/.tmpAb12Cd",
            "meetings/2025/nested",
            "templates/article.md.orig",
            "templates/article.md",
            "notes.txt",
        ]
        .into_iter()
        .map(changed)
        .collect();
        let (paths, skipped) = select(root.path(), &files, &[]);
        assert_eq!(
            paths,
            [
                PathBuf::from("meetings/2025/2025-01-28.toml"),
                PathBuf::from("templates/article.md")
            ]
        );
        let whys: Vec<&str> = skipped.iter().map(|s| s.why).collect();
        assert_eq!(
            whys,
            [
                "a backup file",
                "an editor's swap file",
                "an editor's auto-save file",
                "an editor's lock file",
                "a temporary file of minutes",
                "a temporary file of minutes",
                "a nested git repository",
                "a backup file"
            ]
        );
    }

    #[test]
    fn one_meeting_names_its_changes() {
        let touched = vec![Touched {
            id: Some("2025-02-04".into()),
            events: vec![],
            changes: vec![
                Change::ItemAdded {
                    item: "congo".into(),
                    title: "Congo".into(),
                },
                edited("deepseek"),
            ],
        }];
        assert_eq!(
            message(&touched),
            "2025-02-04: add item \"Congo\", notes of \"deepseek\" edited\n\n\
             - add item \"Congo\"\n\
             - item \"deepseek\": notes: 1 word added, 1 removed\n"
        );
    }

    #[test]
    fn long_subjects_are_summarized() {
        let changes: Vec<Change> = (0..8)
            .map(|n| edited(&format!("item-number-{n}")))
            .collect();
        let touched = vec![Touched {
            id: Some("2025-02-04".into()),
            events: vec![],
            changes,
        }];
        let msg = message(&touched);
        let subject = msg.lines().next().unwrap();
        assert_eq!(subject, "2025-02-04: 8 items edited");
        assert_eq!(msg.lines().filter(|l| l.starts_with("- ")).count(), 8);
    }

    #[test]
    fn a_single_phrase_needs_no_body_and_a_long_one_is_shortened() {
        let moved = Touched {
            id: Some("2025-03-13".into()),
            events: vec!["moved from 2025-03-11".into()],
            changes: vec![],
        };
        assert_eq!(message(&[moved]), "2025-03-13: moved from 2025-03-11\n");
        let long = Touched {
            id: Some("2025-03-13".into()),
            events: vec![
                "moved from 2025-03-11".into(),
                "references updated in 2025-03-18, 2025-03-25 and 2025-04-01".into(),
            ],
            changes: vec![],
        };
        let msg = message(&[long]);
        assert!(
            msg.starts_with("2025-03-13: moved from 2025-03-11 and 1 more change\n\n- moved"),
            "{msg}"
        );
    }

    #[test]
    fn several_meetings_are_named() {
        let touched: Vec<Touched> = ["2025-01-07", "2025-01-14", "2025-01-21"]
            .iter()
            .map(|id| Touched {
                id: Some(id.to_string()),
                events: vec![],
                changes: vec![edited("a-long-item-name")],
            })
            .collect();
        let msg = message(&touched);
        assert_eq!(
            msg.lines().next().unwrap(),
            "Update 2025-01-07, 2025-01-14 and 2025-01-21"
        );
        assert!(msg.contains("2025-01-14:\n- item"), "{msg}");
        let many: Vec<Touched> = (1..=9)
            .map(|d| Touched {
                id: Some(format!("2025-01-0{d}")),
                events: vec!["new meeting (agenda, 1 item)".into()],
                changes: vec![],
            })
            .collect();
        assert_eq!(
            message(&many).lines().next().unwrap(),
            "Update 9 meetings, 2025-01-01 to 2025-01-09"
        );
    }
}
