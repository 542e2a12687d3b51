//! The redate transaction: a meeting moves to another date — its file (and
//! year folder), its `date`, its translations, and the references to its
//! actions in other meetings — all or nothing, even across a crash.
//!
//! The caller holds the archive lock. Everything is computed first, from
//! the files as they are now: every file's text before and after. That plan
//! goes into a journal in the state folder (`redate.json`) before the first
//! file changes; then the new files are created, the references rewritten,
//! the old files removed, and the journal deleted. A run that crashes leaves
//! the journal, and whoever takes the lock next finishes the move from it
//! ([`recover`]): each step is taken only where the file still holds what
//! the journal says it held before, so an edit made since is never
//! overwritten. An error on the way (a full disk, a file changed meanwhile)
//! undoes the steps taken, newest first.
//!
//! A journal is read as a file of the archive is (outside git, the state
//! folder is in the archive, which may come from someone else): safely, and
//! only if every step names a meeting file or a translation. Any other
//! journal is set aside unread, so that no archive can have a file written
//! or removed elsewhere by the command that recovers it.
//!
//! This module knows files, not the command line: it prints nothing.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::archive::{self, Archive, Entry};
use crate::edit;
use crate::error::{Error, Result};
use crate::fsio;
use crate::id::MeetingId;

const JOURNAL: &str = "redate.json";

/// A move worked out and not yet made.
pub struct Plan {
    pub from: MeetingId,
    pub to: MeetingId,
    /// The meeting's file and its translations: old path, new path.
    pub renamed: Vec<(PathBuf, PathBuf)>,
    /// Other meetings whose references to the moved actions change.
    pub references: Vec<PathBuf>,
    steps: Vec<Step>,
}

/// One file's change: absent (`None`) or this text, before and after.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Step {
    file: PathBuf,
    before: Option<String>,
    after: Option<String>,
    /// For a file created in place of another: that file, whose
    /// permissions it takes.
    #[serde(default)]
    moved_from: Option<PathBuf>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Journal {
    from: String,
    to: String,
    steps: Vec<Step>,
}

impl Step {
    /// Whether the step changes a meeting file or a translation, as every
    /// step of a move does, and takes its mode from one.
    fn in_meetings(&self) -> bool {
        let ours = |file: &Path| {
            matches!(
                archive::classify(file),
                Entry::Meeting(_) | Entry::Overlay(..)
            )
        };
        ours(&self.file) && self.moved_from.as_deref().is_none_or(ours)
    }
}

/// Works out the move of meeting `from` to `date`, reading the files as
/// they are now; nothing is written.
pub fn plan(archive: &Archive, from: &MeetingId, date: NaiveDate) -> Result<Plan> {
    let suffix = &from.as_str()[10..];
    let to = MeetingId::parse(&format!("{date}{suffix}"))?;
    if &to == from {
        return Err(Error::usage(format!("meeting {from} is on {date} already")));
    }
    let record = archive.load(from)?;
    let target = to.relative_path();
    if exists(&archive.path(&target)) {
        return Err(Error::failed(format!(
            "there is a meeting on {date} already ({}), so {from} was not moved",
            target.display()
        ))
        .with_help("choose another date, or give the moved meeting a suffix by hand"));
    }
    let mut creates = vec![Step {
        file: target.clone(),
        before: None,
        after: Some(edit::set_date(&record.file, &record.text, date)?),
        moved_from: Some(record.file.clone()),
    }];
    let mut removes = vec![Step {
        file: record.file.clone(),
        before: Some(record.text.clone()),
        after: None,
        moved_from: None,
    }];
    let mut renamed = vec![(record.file.clone(), target)];
    let mut rewrites = Vec::new();
    for entry in archive.entries()? {
        match entry {
            Entry::Overlay(id, lang) if &id == from => {
                let old = id.overlay_path(&lang);
                let text = read(archive, &old)?;
                let new = to.overlay_path(&lang);
                if exists(&archive.path(&new)) {
                    return Err(Error::failed(format!("{} exists already", new.display()))
                        .with_help("move or remove it first"));
                }
                creates.push(Step {
                    file: new.clone(),
                    before: None,
                    after: Some(text.clone()),
                    moved_from: Some(old.clone()),
                });
                removes.push(Step {
                    file: old.clone(),
                    before: Some(text),
                    after: None,
                    moved_from: None,
                });
                renamed.push((old, new));
            }
            Entry::Meeting(id) if &id != from => {
                let file = id.relative_path();
                let text = read(archive, &file)?;
                if let Some(new) =
                    edit::rename_action_refs(&file, &text, from.as_str(), to.as_str())?
                {
                    rewrites.push(Step {
                        file,
                        before: Some(text),
                        after: Some(new),
                        moved_from: None,
                    });
                }
            }
            _ => {}
        }
    }
    let references = rewrites.iter().map(|s| s.file.clone()).collect();
    let mut steps = creates;
    steps.extend(rewrites);
    steps.extend(removes);
    Ok(Plan {
        from: from.clone(),
        to,
        renamed,
        references,
        steps,
    })
}

/// Makes the move: journal, steps, end of journal. `state` is the state
/// folder of the lock the caller holds.
pub fn apply(root: &Path, state: &Path, plan: &Plan) -> Result<()> {
    let journal = state.join(JOURNAL);
    if journal.exists() {
        return Err(Error::failed(format!(
            "an earlier redate is unfinished ({} exists)",
            journal.display()
        ))
        .with_help("run `minutes check`, which finishes it, then redate again"));
    }
    let text = serde_json::to_string(&Journal {
        from: plan.from.to_string(),
        to: plan.to.to_string(),
        steps: plan.steps.clone(),
    })
    .map_err(|e| Error::failed(format!("cannot write the journal of the redate: {e}")))?;
    fsio::write_atomic(&journal, &journal, text.as_bytes())?;
    for (n, step) in plan.steps.iter().enumerate() {
        if let Err(e) = take(root, step) {
            for done in plan.steps[..n].iter().rev() {
                undo(root, done);
            }
            tidy(root, &plan.steps);
            end(state)?;
            return Err(e);
        }
    }
    tidy(root, &plan.steps);
    end(state)
}

/// Removes the journal, and the state folder if that leaves it empty (an
/// archive outside git has one only while a journal is in it).
fn end(state: &Path) -> Result<()> {
    let journal = state.join(JOURNAL);
    fsio::remove(&journal, &journal)?;
    let _ = std::fs::remove_dir(state);
    Ok(())
}

/// Finishes a redate that a crash interrupted, if the journal in `state`
/// says there is one; what was done, for the person to read.
pub fn recover(root: &Path, state: &Path) -> Result<Vec<String>> {
    let journal = state.join(JOURNAL);
    let shown = journal.strip_prefix(root).unwrap_or(&journal);
    let Some(bytes) = fsio::read_if_present(&journal, shown)? else {
        return Ok(Vec::new());
    };
    let plan = String::from_utf8(bytes)
        .ok()
        .and_then(|text| serde_json::from_str::<Journal>(&text).ok())
        .filter(|plan| plan.steps.iter().all(Step::in_meetings));
    let Some(plan) = plan else {
        // Written by rename, a journal is whole unless something else
        // damaged it (or it is no journal of ours): keep it for a person
        // to read, out of the way.
        let aside = journal.with_extension("json.damaged");
        std::fs::rename(&journal, &aside).map_err(|e| Error::io("move", &journal, e))?;
        return Ok(vec![format!(
            "set aside the damaged journal of an interrupted redate as {}; `minutes check` shows whether a meeting is under two dates",
            aside.display()
        )]);
    };
    let mut kept = Vec::new();
    for step in &plan.steps {
        let now = match current(root, &step.file) {
            Ok(now) => now,
            // A link or a special file stands there now: not ours to
            // finish, and `check` names it.
            Err(Error::Invalid(_)) => {
                kept.push(step.file.display().to_string());
                continue;
            }
            Err(e) => return Err(e),
        };
        if now == step.after {
            continue;
        }
        if now == step.before {
            take(root, step)?;
        } else {
            kept.push(step.file.display().to_string());
        }
    }
    tidy(root, &plan.steps);
    end(state)?;
    let mut note = format!(
        "finished moving meeting {} to {}, which an interrupted `minutes redate` had begun",
        plan.from, plan.to
    );
    if !kept.is_empty() {
        note.push_str(&format!(
            "; {} changed since, so left as is: see whether the meeting is now under both dates (`minutes check`)",
            kept.join(", ")
        ));
    }
    Ok(vec![note])
}

/// Takes one step, provided the file holds what the step expects before.
fn take(root: &Path, step: &Step) -> Result<()> {
    let path = root.join(&step.file);
    let changed = || {
        Error::failed(format!(
            "{} changed while minutes was moving the meeting, so nothing was moved",
            step.file.display()
        ))
        .with_help("run the command again")
    };
    match (&step.before, &step.after) {
        (None, Some(after)) => {
            let like = step
                .moved_from
                .as_ref()
                .map_or(path.clone(), |f| root.join(f));
            fsio::create_like(&path, &step.file, after.as_bytes(), &like)
        }
        (Some(before), Some(after)) => {
            if fsio::replace_if_unchanged(&path, &step.file, before.as_bytes(), after.as_bytes())? {
                Ok(())
            } else {
                Err(changed())
            }
        }
        (Some(before), None) => {
            if current(root, &step.file)?.as_ref() != Some(before) {
                return Err(changed());
            }
            fsio::remove(&path, &step.file)
        }
        (None, None) => Ok(()),
    }
}

/// Puts back what a step changed, where the file still holds its result.
fn undo(root: &Path, step: &Step) {
    let path = root.join(&step.file);
    let Ok(now) = current(root, &step.file) else {
        return;
    };
    if now != step.after {
        return;
    }
    let _ = match &step.before {
        None => fsio::remove(&path, &step.file),
        Some(before) => fsio::write_atomic(&path, &step.file, before.as_bytes()),
    };
}

/// Removes the year folders that the move emptied.
fn tidy(root: &Path, steps: &[Step]) {
    for step in steps {
        if let Some(dir) = root.join(&step.file).parent() {
            // Fails, as it should, while the folder holds anything.
            let _ = std::fs::remove_dir(dir);
        }
    }
}

/// The text of `file` now, `None` when there is none; read as every file
/// of the archive is, so that a link or a FIFO put in its place is refused.
fn current(root: &Path, file: &Path) -> Result<Option<String>> {
    let bytes = fsio::read_if_present(&root.join(file), file)?;
    Ok(bytes.map(|b| String::from_utf8_lossy(&b).into_owned()))
}

fn read(archive: &Archive, file: &Path) -> Result<String> {
    fsio::read_text(&archive.path(file), file)
}

/// Whether anything (even a dangling link) is at `path`.
fn exists(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn archive() -> (tempfile::TempDir, tempfile::TempDir) {
        let root = tempfile::tempdir().unwrap();
        let write = |rel: &str, text: &str| {
            let path = root.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write(
            "minutes.toml",
            "[archive]\ntitle = \"T\"\nlanguage = \"en\"\ntimezone = \"Europe/Rome\"\n\n[series.s]\nevery = \"week\"\non = \"tuesday\"\nat = \"21:00\"\nduration = \"2h\"\n",
        );
        write(
            "meetings/2024/2024-12-31.toml",
            "schema = 1\ndate = 2024-12-31\nstatus = \"draft\"\n\n[[items]]\nid = \"x\"\ntitle = \"X\"\n\n[[items.actions]]\nid = \"a1\"\ntask = \"T\"\n",
        );
        write(
            "meetings/2024/2024-12-31.de.toml",
            "schema = 1\ntitle = \"X\"\n",
        );
        write(
            "meetings/2025/2025-01-07.toml",
            "schema = 1\ndate = 2025-01-07\nstatus = \"agenda\"\n\n[[updates]]\naction = \"2024-12-31#a1\"\nstatus = \"open\"\n",
        );
        (root, tempfile::tempdir().unwrap())
    }

    fn files(root: &Path) -> Vec<String> {
        let mut out = Vec::new();
        for year in std::fs::read_dir(root.join("meetings")).unwrap() {
            for file in std::fs::read_dir(year.unwrap().path()).unwrap() {
                let path = file.unwrap().path();
                out.push(path.strip_prefix(root).unwrap().display().to_string());
            }
        }
        out.sort();
        out
    }

    fn move_plan(root: &Path) -> Plan {
        let archive = Archive::open(root).unwrap();
        let from = MeetingId::parse("2024-12-31").unwrap();
        plan(
            &archive,
            &from,
            NaiveDate::from_ymd_opt(2025, 1, 2).unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn a_move_takes_translations_and_references_along() {
        let (root, state) = archive();
        let plan = move_plan(root.path());
        apply(root.path(), state.path(), &plan).unwrap();
        assert_eq!(
            files(root.path()),
            [
                "meetings/2025/2025-01-02.de.toml",
                "meetings/2025/2025-01-02.toml",
                "meetings/2025/2025-01-07.toml"
            ]
        );
        let refs =
            std::fs::read_to_string(root.path().join("meetings/2025/2025-01-07.toml")).unwrap();
        assert!(refs.contains("\"2025-01-02#a1\""), "{refs}");
        assert!(!state.path().join(JOURNAL).exists());
    }

    #[test]
    fn a_crash_after_any_step_is_finished_by_recovery() {
        let (reference, reference_state) = archive();
        let whole = move_plan(reference.path());
        apply(reference.path(), reference_state.path(), &whole).unwrap();
        let expected = files(reference.path());
        let steps = whole.steps.len();
        for crash_after in 0..=steps {
            let (root, state) = archive();
            let plan = move_plan(root.path());
            let journal = serde_json::to_string(&Journal {
                from: plan.from.to_string(),
                to: plan.to.to_string(),
                steps: plan.steps.clone(),
            })
            .unwrap();
            std::fs::write(state.path().join(JOURNAL), journal).unwrap();
            for step in &plan.steps[..crash_after.min(plan.steps.len())] {
                take(root.path(), step).unwrap();
            }
            let notes = recover(root.path(), state.path()).unwrap();
            assert_eq!(notes.len(), 1, "{notes:?}");
            assert_eq!(
                files(root.path()),
                expected,
                "crash after step {crash_after}"
            );
            assert!(recover(root.path(), state.path()).unwrap().is_empty());
        }
    }

    #[test]
    fn a_file_changed_before_its_step_stops_the_move_and_undoes_it() {
        let (root, state) = archive();
        let before = files(root.path());
        let plan = move_plan(root.path());
        // An editor saves the meeting whose reference the move rewrites.
        let referrer = root.path().join("meetings/2025/2025-01-07.toml");
        let edited = std::fs::read_to_string(&referrer).unwrap() + "# seen\n";
        std::fs::write(&referrer, &edited).unwrap();
        let error = apply(root.path(), state.path(), &plan).unwrap_err();
        assert!(
            error.to_string().contains(
                "meetings/2025/2025-01-07.toml changed while minutes was moving the meeting"
            ),
            "{error}"
        );
        assert_eq!(files(root.path()), before);
        assert_eq!(std::fs::read_to_string(&referrer).unwrap(), edited);
        assert!(!state.path().join(JOURNAL).exists());
    }

    #[test]
    fn a_damaged_journal_is_set_aside() {
        let (root, state) = archive();
        std::fs::write(state.path().join(JOURNAL), "{\"from\": ").unwrap();
        let notes = recover(root.path(), state.path()).unwrap();
        assert!(
            notes[0].contains("set aside the damaged journal"),
            "{notes:?}"
        );
        assert!(state.path().join("redate.json.damaged").exists());
        assert!(recover(root.path(), state.path()).unwrap().is_empty());
    }

    #[test]
    fn a_journal_that_names_a_file_outside_meetings_is_set_aside_unread() {
        let (root, state) = archive();
        let config = std::fs::read_to_string(root.path().join("minutes.toml")).unwrap();
        for file in [
            "meetings/2024/../../planted.txt",
            "minutes.toml",
            "notes.txt",
        ] {
            let journal = Journal {
                from: "2024-12-31".into(),
                to: "2025-01-07".into(),
                steps: vec![Step {
                    file: PathBuf::from(file),
                    before: None,
                    after: Some("planted".into()),
                    moved_from: None,
                }],
            };
            let text = serde_json::to_string(&journal).unwrap();
            std::fs::write(state.path().join(JOURNAL), text).unwrap();
            let notes = recover(root.path(), state.path()).unwrap();
            assert!(notes[0].contains("set aside"), "{file}: {notes:?}");
            std::fs::remove_file(state.path().join("redate.json.damaged")).unwrap();
        }
        assert!(!root.path().join("planted.txt").exists());
        assert!(!root.path().join("notes.txt").exists());
        let now = std::fs::read_to_string(root.path().join("minutes.toml")).unwrap();
        assert_eq!(now, config);
    }

    #[test]
    fn recovery_keeps_an_edit_made_after_the_crash() {
        let (root, state) = archive();
        let plan = move_plan(root.path());
        let journal = serde_json::to_string(&Journal {
            from: plan.from.to_string(),
            to: plan.to.to_string(),
            steps: plan.steps.clone(),
        })
        .unwrap();
        std::fs::write(state.path().join(JOURNAL), journal).unwrap();
        let old = root.path().join("meetings/2024/2024-12-31.toml");
        std::fs::write(&old, "schema = 1\ndate = 2024-12-31\nstatus = \"final\"\n").unwrap();
        let notes = recover(root.path(), state.path()).unwrap();
        assert!(
            notes[0].contains("meetings/2024/2024-12-31.toml changed since"),
            "{notes:?}"
        );
        assert!(old.exists());
    }
}
