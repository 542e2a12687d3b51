//! The archive index under the git directory (`.git/minutes/`, never
//! committed): what the read commands need, kept current incrementally so
//! that they do not re-read and re-parse the whole archive each time.
//!
//! The index is a cache: it can always be deleted, and results are the same
//! with it or without it (`--no-index`, or `MINUTES_NO_INDEX=1`). A missing,
//! damaged or foreign file is rebuilt without a word (unless `-v`). The
//! command layer decides whether it is used; the files of the archive and
//! the repository know nothing of it.

mod catalog;
pub mod checks;
pub mod history;
mod meetings;
mod parts;
mod store;
mod words;

use std::path::{Path, PathBuf};

pub use meetings::{Detail, Meetings, Visited, load as meetings, prepare, visit, visit_summaries};
pub use parts::{Parts, Summary};

/// The index's folder in the git directory `git_dir`.
pub fn folder(git_dir: &Path) -> PathBuf {
    git_dir.join("minutes")
}

/// The index's folder for the archive at `root`, created when missing;
/// `None` outside git, or when it cannot be made.
pub fn locate(root: &Path) -> Option<PathBuf> {
    let dir = folder(&crate::git::git_dir(root)?);
    std::fs::create_dir_all(&dir).ok()?;
    Some(dir)
}
