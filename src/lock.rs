//! The archive lock: one writing command at a time, and a clean slate after
//! a crash.
//!
//! A command that reads, changes and writes the archive (`agenda add`,
//! `new`, `redate`, `commit`, `sync`) holds an advisory lock (`flock`) from before it
//! reads until after it has written: on `.git/minutes/lock` when the archive
//! is in git, on the archive's folder itself otherwise (so that an archive
//! outside git gets no file of ours). The operating system drops the lock
//! when the process ends, however it ends, so a crash never leaves the
//! archive locked; a second writer waits for the first (`MINUTES_LOCK_WAIT`
//! seconds at most, 60 by default), then reads what the first wrote.
//!
//! The state folder — `.git/minutes/`, or `.minutes/` at the root of an
//! archive outside git, made only while a journal needs it — holds the
//! journals of unfinished work. Whoever takes the lock first finishes what a
//! crashed writer left: an interrupted `redate` (its journal) and our
//! temporary files in `meetings/`; and it learns whether a commit crashed,
//! so that the command layer can have `git` clear git's lock files.
//!
//! This module knows files, not the repository: where the lock goes is
//! decided above it ([`Place`]). Editors and git do not know this lock:
//! writes still check, just before they replace a file, that it holds what
//! was read (`fsio`). Read commands do not take it: every write is a rename,
//! so they see a file before or after, never half of it.

use std::fs::File;
use std::io::{Seek, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use fs4::fs_std::FileExt;

use crate::error::{Error, Result};
use crate::fsio;

const LOCK: &str = "lock";
/// Written while a commit runs: if it is still there when the lock is
/// taken, that commit crashed, and git's lock files from its time are ours.
const COMMIT_PENDING: &str = "commit.pending";
/// Our temporary files in the state folder are written by read commands
/// too (the index), which do not lock: only old ones are debris.
const STALE_TEMPORARY: Duration = Duration::from_secs(3600);
const DEFAULT_WAIT: Duration = Duration::from_secs(60);

/// Where an archive's lock and journals are.
pub struct Place {
    /// The state folder.
    state: PathBuf,
    /// What is locked.
    target: PathBuf,
}

impl Place {
    /// For an archive in git: the lock file in `folder` (`.git/minutes/`),
    /// which is the state folder too.
    pub fn in_git(folder: PathBuf) -> Place {
        Place {
            target: folder.join(LOCK),
            state: folder,
        }
    }

    /// For an archive outside git, at `root`: the archive folder itself,
    /// and `.minutes/` for journals.
    pub fn outside_git(root: &Path) -> Place {
        Place {
            state: root.join(".minutes"),
            target: root.to_path_buf(),
        }
    }
}

/// The held lock; dropping it (or the process ending) releases it.
pub struct Lock {
    file: File,
    dir: PathBuf,
}

impl Lock {
    /// Waits for the lock at `place`; `waiting` is told once
    /// when another process holds it for more than a moment.
    pub fn acquire(place: &Place, waiting: &dyn Fn(&str)) -> Result<Lock> {
        let (dir, path) = (place.state.clone(), &place.target);
        let file = open(path)?;
        let limit = wait_limit()?;
        let start = Instant::now();
        let mut pause = Duration::from_millis(2);
        let mut told = false;
        loop {
            match file.try_lock_exclusive() {
                Ok(true) => break,
                Ok(false) => {
                    if start.elapsed() >= limit {
                        return Err(busy(path, &holder(path), limit));
                    }
                    if !told && start.elapsed() >= Duration::from_secs(1) {
                        waiting(&format!(
                            "waiting for {} to finish writing to the archive",
                            holder(path)
                        ));
                        told = true;
                    }
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(40));
                }
                Err(e) => return Err(Error::io("lock", path, e)),
            }
        }
        let mut lock = Lock { file, dir };
        lock.sign();
        Ok(lock)
    }

    /// The lock if no one holds it now, else `None`.
    pub fn try_acquire(place: &Place) -> Result<Option<Lock>> {
        let (dir, path) = (place.state.clone(), &place.target);
        let file = open(path)?;
        match file.try_lock_exclusive() {
            Ok(true) => {
                let mut lock = Lock { file, dir };
                lock.sign();
                Ok(Some(lock))
            }
            Ok(false) => Ok(None),
            Err(e) => Err(Error::io("lock", path, e)),
        }
    }

    /// The state folder, where journals of unfinished work are kept.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Finishes what a crashed writer left in the archive at `root`, and
    /// says what was done, one sentence per thing.
    pub fn recover(&self, root: &Path) -> Result<Vec<String>> {
        let mut done = Vec::new();
        done.extend(crate::redate::recover(root, &self.dir)?);
        for dir in meeting_folders(root) {
            // Only writers holding this lock make temporary files there.
            for name in fsio::remove_stale_temporaries(&dir, Duration::ZERO) {
                let shown = dir.strip_prefix(root).unwrap_or(&dir).join(name);
                done.push(format!(
                    "removed {}, a temporary file left by an interrupted minutes command",
                    shown.display()
                ));
            }
        }
        if self.dir.is_dir() {
            fsio::remove_stale_temporaries(&self.dir, STALE_TEMPORARY);
        }
        Ok(done)
    }

    /// Marks the start of a commit; the mark goes when the returned value
    /// is dropped, so that only a crash leaves it behind.
    pub fn commit_pending(&self) -> Result<Pending> {
        let path = self.dir.join(COMMIT_PENDING);
        fsio::write_atomic(&path, &path, format!("{}\n", std::process::id()).as_bytes())?;
        Ok(Pending { path })
    }

    /// When a commit that crashed had begun, if one did; the mark goes.
    /// git's lock files made from then on (and not long after) are that
    /// commit's.
    pub fn crashed_commit(&self) -> Option<SystemTime> {
        let mark = self.dir.join(COMMIT_PENDING);
        let started = modified(&mark)?;
        let _ = std::fs::remove_file(&mark);
        Some(started)
    }

    /// Writes our process id into the lock file, for the message of a
    /// process that waits for us.
    fn sign(&mut self) {
        if !self.file.metadata().is_ok_and(|m| m.is_file()) {
            return;
        }
        let _ = self.file.set_len(0);
        let _ = self.file.rewind();
        let _ = write!(self.file, "{}", std::process::id());
    }
}

/// A commit under way; see [`Lock::commit_pending`].
pub struct Pending {
    path: PathBuf,
}

impl Drop for Pending {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// An exclusive lock on the file at `path` (made when missing) if no one
/// holds it now, released when the file is closed: for a cache that any
/// reader may bring up to date, where a process that finds the lock taken
/// leaves the work to its holder instead of waiting.
pub fn try_exclusive(path: &Path) -> Result<Option<File>> {
    let file = open(path)?;
    match file.try_lock_exclusive() {
        Ok(true) => Ok(Some(file)),
        Ok(false) => Ok(None),
        Err(e) => Err(Error::io("lock", path, e)),
    }
}

fn open(path: &Path) -> Result<File> {
    if path.is_dir() {
        return File::open(path).map_err(|e| Error::io("lock", path, e));
    }
    File::options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(|e| Error::io("open the lock file", path, e))
}

/// Who holds the lock, as well as the lock file tells (a folder tells
/// nothing).
fn holder(path: &Path) -> String {
    let pid = std::fs::read_to_string(path)
        .ok()
        .and_then(|text| text.trim().parse::<u32>().ok());
    match pid {
        Some(pid) => format!("another minutes command (process {pid})"),
        None => "another minutes command".to_string(),
    }
}

fn busy(path: &Path, holder: &str, waited: Duration) -> Error {
    Error::failed(format!(
        "{holder} has been writing to this archive for {} s, so nothing was written",
        waited.as_secs_f32()
    ))
    .with_help(format!(
        "run the command again when it is done; the lock ({}) goes by itself when that process ends",
        path.display()
    ))
}

fn wait_limit() -> Result<Duration> {
    let Ok(text) = std::env::var("MINUTES_LOCK_WAIT") else {
        return Ok(DEFAULT_WAIT);
    };
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s >= 0.0 && *s <= 86_400.0)
        .map(Duration::from_secs_f64)
        .ok_or_else(|| {
            Error::usage(format!(
                "MINUTES_LOCK_WAIT=`{text}` is not a number of seconds"
            ))
            .with_help("set it to how long a writing command may wait for another, e.g. 10")
        })
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::symlink_metadata(path).ok()?.modified().ok()
}

/// `meetings/` and its year folders.
fn meeting_folders(root: &Path) -> Vec<PathBuf> {
    let top = root.join("meetings");
    let mut dirs = vec![top.clone()];
    if let Ok(entries) = std::fs::read_dir(&top) {
        dirs.extend(
            entries
                .flatten()
                .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                .map(|e| e.path()),
        );
    }
    dirs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_waits_and_a_dropped_one_is_free() {
        let root = tempfile::tempdir().unwrap();
        let folder = tempfile::tempdir().unwrap();
        for place in [
            Place::outside_git(root.path()),
            Place::in_git(folder.path().to_path_buf()),
        ] {
            let first = Lock::acquire(&place, &|_| {}).unwrap();
            assert!(Lock::try_acquire(&place).unwrap().is_none());
            drop(first);
            assert!(Lock::try_acquire(&place).unwrap().is_some());
        }
    }

    #[test]
    fn a_commit_that_ends_leaves_no_mark_and_one_that_crashed_does() {
        let folder = tempfile::tempdir().unwrap();
        let lock = Lock::acquire(&Place::in_git(folder.path().to_path_buf()), &|_| {}).unwrap();
        drop(lock.commit_pending().unwrap());
        assert!(lock.crashed_commit().is_none());
        std::mem::forget(lock.commit_pending().unwrap());
        assert!(lock.crashed_commit().is_some());
        assert!(lock.crashed_commit().is_none());
    }
}
