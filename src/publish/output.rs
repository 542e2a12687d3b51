//! The output folder of the site and its manifest, `.minutes-site.json`:
//! which files the last build wrote, what each was made from (a key of its
//! inputs) and what it holds (a hash, its length and modification time).
//!
//! A build writes a file only when its bytes changed, and removes the
//! files the last build wrote that this one no longer makes; a file the
//! manifest does not list is never touched: a build that would write over
//! one stops before writing anything. A file whose length or modification
//! time is not the one recorded was changed by someone else, and is
//! written again. Files are replaced atomically (a temporary file renamed
//! over the old one), without flushing each to disk: the site can always
//! be built again.

use std::collections::BTreeMap;
use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::fsio;

/// The manifest's name in the output folder.
pub const MANIFEST: &str = ".minutes-site.json";
const VERSION: u32 = 1;

#[derive(Default, Serialize, Deserialize)]
struct Manifest {
    version: u32,
    /// The key of every input of the build that wrote it.
    inputs: u64,
    files: BTreeMap<String, Entry>,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
struct Entry {
    /// What the file was made from; 0 when not known.
    key: u64,
    hash: u64,
    len: u64,
    /// Nanoseconds since the epoch.
    modified: u128,
}

/// What became of one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fate {
    Written,
    Unchanged,
}

/// The output folder during a build.
pub struct Output {
    dir: PathBuf,
    shown: PathBuf,
    old: Manifest,
    new: Mutex<BTreeMap<String, Entry>>,
}

impl Output {
    /// The folder `dir` (shown as `shown`) and what its last build left.
    pub fn open(dir: &Path, shown: &Path) -> Output {
        let old = std::fs::read(dir.join(MANIFEST))
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Manifest>(&bytes).ok())
            .filter(|m| m.version == VERSION)
            .unwrap_or_default();
        Output {
            dir: dir.to_path_buf(),
            shown: shown.to_path_buf(),
            old,
            new: Mutex::new(BTreeMap::new()),
        }
    }

    /// Whether the last build had these `inputs` and left every file as
    /// it wrote it: then there is nothing to do.
    pub fn unchanged(&self, inputs: u64) -> bool {
        self.old.inputs == inputs
            && !self.old.files.is_empty()
            && self
                .old
                .files
                .iter()
                .all(|(path, entry)| self.intact(path, entry))
    }

    /// Refuses a build that would write `paths` over files that no build
    /// wrote (or over folders and links), before anything is written.
    pub fn check_paths<'a>(&self, paths: impl IntoIterator<Item = &'a str>) -> Result<()> {
        let mut foreign = Vec::new();
        for path in paths {
            let full = self.dir.join(path);
            let Ok(meta) = std::fs::symlink_metadata(&full) else {
                continue;
            };
            if !meta.is_file() || !self.old.files.contains_key(path) {
                foreign.push(self.shown.join(path).display().to_string());
            }
        }
        if foreign.is_empty() {
            return Ok(());
        }
        let more = if foreign.len() > 3 {
            format!(" and {} more", foreign.len() - 3)
        } else {
            String::new()
        };
        foreign.truncate(3);
        Err(Error::failed(format!(
            "the site would replace {}{more}, which minutes did not write, so nothing was written",
            foreign.join(", ")
        ))
        .with_help(format!(
            "move them out of {}, or build the site into another folder with -o",
            self.shown.display()
        )))
    }

    /// Whether `path`'s file from the last build is still good for `key`.
    pub fn fresh(&self, path: &str, key: u64) -> bool {
        match self.old.files.get(path) {
            Some(entry) if entry.key == key && self.intact(path, entry) => {
                self.record(path, *entry);
                true
            }
            _ => false,
        }
    }

    /// Puts `bytes` at `path` (made from `key`, 0 when not known) unless the
    /// file holds them already.
    pub fn put(&self, path: &str, key: u64, bytes: &[u8]) -> Result<Fate> {
        let hash = hash(bytes);
        if let Some(entry) = self.old.files.get(path) {
            if entry.hash == hash && entry.len == bytes.len() as u64 && self.intact(path, entry) {
                self.record(path, Entry { key, ..*entry });
                return Ok(Fate::Unchanged);
            }
        }
        let full = self.dir.join(path);
        let shown = self.shown.join(path);
        fsio::write_unflushed(&full, &shown, bytes)?;
        let modified = std::fs::metadata(&full)
            .map(|m| stamp(&m))
            .map_err(|e| Error::io("read", &shown, e))?;
        self.record(
            path,
            Entry {
                key,
                hash,
                len: bytes.len() as u64,
                modified,
            },
        );
        Ok(Fate::Written)
    }

    /// Removes what the last build wrote and this one did not, and the
    /// folders that leaves empty; saves the manifest with `inputs`. The
    /// paths removed.
    pub fn finish(self, inputs: u64) -> Result<Vec<String>> {
        let files = self.new.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut removed = Vec::new();
        for path in self.old.files.keys().filter(|p| !files.contains_key(*p)) {
            let full = self.dir.join(path);
            if std::fs::symlink_metadata(&full).is_ok_and(|m| m.is_file()) {
                std::fs::remove_file(&full)
                    .map_err(|e| Error::io("remove", &self.shown.join(path), e))?;
                removed.push(path.clone());
            }
            let mut folder = full.parent();
            while let Some(dir) = folder.filter(|d| *d != self.dir && d.starts_with(&self.dir)) {
                // Only an empty folder goes.
                if std::fs::remove_dir(dir).is_err() {
                    break;
                }
                folder = dir.parent();
            }
        }
        Output::save(
            &self.dir,
            &self.shown,
            &Manifest {
                version: VERSION,
                inputs,
                files,
            },
        )?;
        Ok(removed)
    }

    /// Saves, after a build that failed, what it wrote and what the last
    /// build had written, so that the next build knows every file as its
    /// own; nothing is removed.
    pub fn abandon(self) -> Result<()> {
        let mut files = self.old.files;
        files.extend(self.new.into_inner().unwrap_or_else(|e| e.into_inner()));
        let manifest = Manifest {
            version: VERSION,
            inputs: 0,
            files,
        };
        Output::save(&self.dir, &self.shown, &manifest)
    }

    fn save(dir: &Path, shown: &Path, manifest: &Manifest) -> Result<()> {
        let bytes = serde_json::to_vec(manifest)
            .map_err(|e| Error::failed(format!("cannot write the site's manifest: {e}")))?;
        fsio::write_unflushed(&dir.join(MANIFEST), &shown.join(MANIFEST), &bytes)
    }

    fn record(&self, path: &str, entry: Entry) {
        let mut files = self.new.lock().unwrap_or_else(|e| e.into_inner());
        files.insert(path.to_string(), entry);
    }

    /// Whether the file at `path` is as the manifest says it was written.
    fn intact(&self, path: &str, entry: &Entry) -> bool {
        std::fs::symlink_metadata(self.dir.join(path))
            .is_ok_and(|m| m.is_file() && m.len() == entry.len && stamp(&m) == entry.modified)
    }
}

/// A hash of a file's bytes.
pub fn hash(bytes: &[u8]) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    hasher.write(bytes);
    hasher.finish()
}

fn stamp(meta: &std::fs::Metadata) -> u128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}
