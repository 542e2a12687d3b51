//! Writing files so that a failure never leaves half a file behind.
//!
//! A file is written to a temporary file in the same folder, flushed to disk,
//! then renamed over the target: readers see the old file or the new one.
//! Reading the archive's files safely is [`read`]'s.

use std::io::Write;
use std::path::Path;

use tempfile::NamedTempFile;

use crate::error::{Error, Result};

pub mod read;

pub use read::{Kind, MAX_FILE_BYTES, read_regular};

/// Replaces (or creates) `path` with `bytes`, atomically.
pub fn write_atomic(path: &Path, shown: &Path, bytes: &[u8]) -> Result<()> {
    let temp = temp_with(path, shown, bytes)?;
    temp.persist(path)
        .map_err(|e| Error::io("write", shown, e.error))?;
    Ok(())
}

/// Creates `path` with `bytes`; fails, writing nothing, if it exists.
pub fn create_new(path: &Path, shown: &Path, bytes: &[u8]) -> Result<()> {
    let temp = temp_with(path, shown, bytes)?;
    temp.persist_noclobber(path)
        .map_err(|e| match e.error.kind() {
            std::io::ErrorKind::AlreadyExists => {
                Error::failed(format!("{} already exists", shown.display()))
                    .with_help("nothing was written")
            }
            _ => Error::io("create", shown, e.error),
        })?;
    Ok(())
}

fn temp_with(path: &Path, shown: &Path, bytes: &[u8]) -> Result<NamedTempFile> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::io("create the folder of", shown, e))?;
    let mut temp = NamedTempFile::new_in(dir).map_err(|e| Error::io("write next to", shown, e))?;
    temp.write_all(bytes)
        .map_err(|e| Error::io("write", shown, e))?;
    temp.as_file()
        .sync_all()
        .map_err(|e| Error::io("write", shown, e))?;
    Ok(temp)
}
