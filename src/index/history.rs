//! The archive's history, kept between runs: each commit with the archive
//! files it changed, so that the revisions of a meeting are found without
//! walking every tree of the repository.
//!
//! The steps are built by `git` (the only user of git2) and stored here;
//! [`follow`] answers "the revisions of this file" from them with the same
//! rules as the walk in `git::Repo::history` — renames followed the way
//! `git log --follow` follows them, merges never a revision of their own.
//! A stored history whose tip is no longer an ancestor of HEAD (a rebase,
//! a reset elsewhere) is thrown away by the caller and built again.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::store;
use crate::error::Result;
use crate::git::CommitInfo;

const KIND: &[u8; 8] = b"history\0";
const VERSION: u32 = 1;

/// How a commit changed a file, against its first parent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    Added,
    Modified,
    Deleted,
}

/// One commit of the history and what it changed in the archive.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Step {
    pub commit: CommitInfo,
    pub parents: u32,
    pub first_parent: Option<String>,
    /// Archive paths changed against the first parent, in git's order.
    pub changes: Vec<(PathBuf, Kind)>,
    /// Renames found among the changes: (old path, new path).
    pub renames: Vec<(PathBuf, PathBuf)>,
}

/// The history from `tip` back, newest first (git's topological order).
#[derive(Default, Serialize, Deserialize)]
pub struct Steps {
    pub tip: String,
    pub steps: Vec<Step>,
}

/// Reads the stored history; `None` when there is none usable.
pub fn load(dir: &Path) -> Option<Steps> {
    let sections = store::read(&dir.join("history.bin"), KIND, VERSION).ok()?;
    let mut steps: Steps = store::decode(sections.get(0)).ok()?;
    for step in &mut steps.steps {
        step.commit.short = step.commit.id.chars().take(7).collect();
    }
    Some(steps)
}

pub fn save(dir: &Path, steps: &Steps) -> Result<()> {
    store::write(
        &dir.join("history.bin"),
        KIND,
        VERSION,
        &[&store::encode(steps)?],
    )
}

/// The revisions of `path`: (the step, the file's path in it), newest first.
pub fn follow(steps: &[Step], path: &Path, limit: Option<usize>) -> Vec<(usize, PathBuf)> {
    let position: HashMap<&str, usize> = steps
        .iter()
        .enumerate()
        .map(|(i, s)| (s.commit.id.as_str(), i))
        .collect();
    let parent = |i: usize| {
        steps[i]
            .first_parent
            .as_deref()
            .and_then(|p| position.get(p).copied())
    };
    let mut current = path.to_path_buf();
    let mut exists = existence(steps, &current, &parent);
    let mut out = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        if limit.is_some_and(|n| out.len() >= n) {
            break;
        }
        if !exists[i] {
            continue;
        }
        let changed = step
            .changes
            .iter()
            .any(|(p, kind)| *p == current && *kind != Kind::Deleted);
        // As in `git log --follow`, a merge is never a revision of its own.
        let touched = step.parents == 0 || (step.parents == 1 && changed);
        let in_parent = parent(i).is_some_and(|p| exists[p]);
        let renamed_from = (step.parents > 0 && !in_parent)
            .then(|| {
                step.renames
                    .iter()
                    .find(|(_, new)| *new == current)
                    .map(|(old, _)| old.clone())
            })
            .flatten();
        if touched {
            out.push((i, current.clone()));
        }
        if let Some(old) = renamed_from {
            current = old;
            exists = existence(steps, &current, &parent);
        }
    }
    out
}

/// Whether `path` is in the tree of each step: its first parent's answer,
/// changed by the step's own changes. Parents come after their children in
/// the walk, so the answers are worked out from the oldest step up.
fn existence(steps: &[Step], path: &Path, parent: &impl Fn(usize) -> Option<usize>) -> Vec<bool> {
    let mut exists = vec![false; steps.len()];
    for i in (0..steps.len()).rev() {
        let mut here = parent(i).is_some_and(|p| exists[p]);
        for (changed, kind) in &steps[i].changes {
            if changed == path {
                here = *kind != Kind::Deleted;
            }
        }
        exists[i] = here;
    }
    exists
}
