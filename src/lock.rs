//! The archive lock: one writing command at a time, and a clean slate after
//! a crash.
//!
//! A command that reads, changes and writes the archive (`agenda add`,
//! `new`, `redate`, `commit`) holds an advisory lock (`flock`) from before it
//! reads until after it has written: on `.git/minutes/lock` when the archive
//! is in git, on the archive's folder itself otherwise (so that an archive
//! outside git gets no file of ours). The operating system drops the lock
//! when the process ends, however it ends, so a crash never leaves the
//! archive locked; a second writer waits for the first (`MINUTES_LOCK_WAIT`
//! seconds at most, 60 by default), then reads what the first wrote.
//!
//! The state folder — `.git/minutes/`, or `.minutes/` at the root of an
//! archive outside git, made only while a journal needs it — holds the
//! journals of unfinished work.
//!
//! Whoever takes the lock first finishes what a crashed writer left: an
//! interrupted `redate` (its journal), our temporary files in `meetings/`,
//! and the lock files of git that a crashed `commit` left behind.
//!
//! Editors and git do not know this lock: writes still check, just before
//! they replace a file, that it holds what was read (`fsio`). Read commands
//! do not take it: every write is a rename, so they see a file before or
//! after, never half of it.

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
/// How long after the start of a crashed commit a git lock file may have
/// been made by it.
const COMMIT_SPAN: Duration = Duration::from_secs(10);
/// Our temporary files in the state folder are written by read commands
/// too (the index), which do not lock: only old ones are debris.
const STALE_TEMPORARY: Duration = Duration::from_secs(3600);
const DEFAULT_WAIT: Duration = Duration::from_secs(60);

/// The archive's state folder — `minutes/` in the git directory (created
/// when missing), else `.minutes/` at the archive root (not created) — and
/// what to lock: the lock file in the git directory, or the archive folder.
fn place(root: &Path) -> (PathBuf, PathBuf) {
    match crate::git::index_dir(root) {
        Some(dir) => {
            let lock = dir.join(LOCK);
            (dir, lock)
        }
        None => (root.join(".minutes"), root.to_path_buf()),
    }
}

/// Finishes what a crashed writer left, unless a writer is at work now
/// (which then does it); `note` is told what was done.
pub fn recover_if_idle(root: &Path, note: &dyn Fn(&str)) -> Result<()> {
    if let Some(lock) = Lock::try_acquire(root)? {
        for done in lock.recover(root)? {
            note(&done);
        }
    }
    Ok(())
}

/// The held lock; dropping it (or the process ending) releases it.
pub struct Lock {
    file: File,
    dir: PathBuf,
}

impl Lock {
    /// Waits for the lock of the archive at `root`; `waiting` is told once
    /// when another process holds it for more than a moment.
    pub fn acquire(root: &Path, waiting: &dyn Fn(&str)) -> Result<Lock> {
        let (dir, path) = place(root);
        let file = open(&path)?;
        let limit = wait_limit()?;
        let start = Instant::now();
        let mut pause = Duration::from_millis(2);
        let mut told = false;
        loop {
            match file.try_lock_exclusive() {
                Ok(true) => break,
                Ok(false) => {
                    if start.elapsed() >= limit {
                        return Err(busy(&path, &holder(&path), limit));
                    }
                    if !told && start.elapsed() >= Duration::from_secs(1) {
                        waiting(&format!(
                            "waiting for {} to finish writing to the archive",
                            holder(&path)
                        ));
                        told = true;
                    }
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(40));
                }
                Err(e) => return Err(Error::io("lock", &path, e)),
            }
        }
        let mut lock = Lock { file, dir };
        lock.sign();
        Ok(lock)
    }

    /// The lock if no one holds it now, else `None`.
    pub fn try_acquire(root: &Path) -> Result<Option<Lock>> {
        let (dir, path) = place(root);
        let file = open(&path)?;
        match file.try_lock_exclusive() {
            Ok(true) => {
                let mut lock = Lock { file, dir };
                lock.sign();
                Ok(Some(lock))
            }
            Ok(false) => Ok(None),
            Err(e) => Err(Error::io("lock", &path, e)),
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
        done.extend(self.recover_commit());
        Ok(done)
    }

    /// Marks the start of a commit; the mark goes when the returned value
    /// is dropped, so that only a crash leaves it behind.
    pub fn commit_pending(&self) -> Result<Pending> {
        let path = self.dir.join(COMMIT_PENDING);
        fsio::write_atomic(&path, &path, format!("{}\n", std::process::id()).as_bytes())?;
        Ok(Pending { path })
    }

    /// Removes git's lock files that a crashed commit left: those made
    /// in the moments after it marked its start. Another git process
    /// started since would have made its lock later.
    fn recover_commit(&self) -> Vec<String> {
        let mark = self.dir.join(COMMIT_PENDING);
        let Some(started) = modified(&mark) else {
            return Vec::new();
        };
        let mut done = Vec::new();
        if let Some(git_dir) = self.dir.parent().filter(|_| self.dir.ends_with("minutes")) {
            let mut locks = Vec::new();
            for name in ["index.lock", "HEAD.lock", "packed-refs.lock"] {
                locks.push(git_dir.join(name));
            }
            lock_files(&git_dir.join("refs"), &mut locks);
            lock_files(&git_dir.join("logs"), &mut locks);
            let earliest = started
                .checked_sub(Duration::from_secs(2))
                .unwrap_or(started);
            for lock in locks {
                let ours =
                    modified(&lock).is_some_and(|t| t >= earliest && t <= started + COMMIT_SPAN);
                if ours && std::fs::remove_file(&lock).is_ok() {
                    let shown = lock.strip_prefix(git_dir).unwrap_or(&lock);
                    done.push(format!(
                        "removed git's {}, left by an interrupted `minutes commit`",
                        shown.display()
                    ));
                }
            }
        }
        let _ = std::fs::remove_file(&mark);
        done
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

/// Every `*.lock` file below `dir`.
fn lock_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        match entry.file_type() {
            Ok(t) if t.is_dir() => lock_files(&path, out),
            Ok(_) if path.extension().is_some_and(|e| e == "lock") => out.push(path),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_waits_and_a_dropped_one_is_free() {
        let root = tempfile::tempdir().unwrap();
        let first = Lock::acquire(root.path(), &|_| {}).unwrap();
        assert!(Lock::try_acquire(root.path()).unwrap().is_none());
        drop(first);
        assert!(Lock::try_acquire(root.path()).unwrap().is_some());
    }
}
