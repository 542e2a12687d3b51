//! The archive's files on disk: reading them so that a hostile archive
//! cannot make the tool read outside itself or hang ([`read`]), and writing
//! them so that a failure never leaves half a file behind, and so that a
//! file the tool writes has the permissions the person expects.
//!
//! A file is written to a temporary file in the same folder, flushed to disk,
//! then renamed over the target: readers see the old file or the new one, and
//! a crash leaves at most the temporary file, whose name (`.minutes-*.tmp`)
//! says whose it is, so that `commit` skips it and the next writing command
//! removes it. The folder is flushed after the rename, so that the rename
//! itself survives a power cut. A replaced file keeps its permissions; a new
//! one gets those the umask gives, as a file made by an editor.
//!
//! Every file of the archive is read through [`read_regular`] (or
//! [`read_text`], strict UTF-8 on top): below the archive root only regular
//! files, reached through real folders, of at most [`MAX_FILE_BYTES`].
//! Links, FIFOs, sockets and devices are reported, never followed or opened.
//!
//! This module does not lock: a command that reads, changes and writes holds
//! the archive lock (`lock`) around it. It never decides what to write.

use std::io::Write;
use std::path::Path;

use tempfile::NamedTempFile;

use crate::error::{Error, Result};

pub mod read;

pub use read::{Kind, read_if_present, read_regular, read_text, text};

/// How the names of our temporary files begin and end.
const TEMP_PREFIX: &str = ".minutes-";
const TEMP_SUFFIX: &str = ".tmp";

/// Whether a file name is that of one of our temporary files.
pub fn is_temporary(name: &str) -> bool {
    name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)
}

/// Replaces (or creates) `path` with `bytes`, atomically.
pub fn write_atomic(path: &Path, shown: &Path, bytes: &[u8]) -> Result<()> {
    let temp = temp_with(path, shown, bytes, path)?;
    temp.persist(path)
        .map_err(|e| Error::io("write", shown, e.error))?;
    sync_parent(path);
    Ok(())
}

/// Replaces (or creates) `path` with `bytes`, atomically but without
/// flushing: for output that can always be made again (the pages of a
/// site), where a flush per file would cost more than the rest.
pub fn write_unflushed(path: &Path, shown: &Path, bytes: &[u8]) -> Result<()> {
    temp_unflushed(path, shown, bytes, path)?
        .persist(path)
        .map_err(|e| Error::io("write", shown, e.error))?;
    Ok(())
}

/// Replaces (or creates) each of `files` (path, name in messages, bytes)
/// atomically, as [`write_atomic`] does one, with one flush of the file
/// system for them all instead of two per file: every temporary file is
/// written, the file system flushed, then each renamed into place and the
/// folders flushed. For writing hundreds of files at once (an import).
pub fn write_batch(files: &[(std::path::PathBuf, std::path::PathBuf, Vec<u8>)]) -> Result<()> {
    let mut temps = Vec::with_capacity(files.len());
    for (path, shown, bytes) in files {
        temps.push(temp_unflushed(path, shown, bytes, path)?);
    }
    flush_all(&temps, files)?;
    let mut folders: Vec<&Path> = Vec::new();
    for (temp, (path, shown, _)) in temps.into_iter().zip(files) {
        temp.persist(path)
            .map_err(|e| Error::io("write", shown, e.error))?;
        if !folders.contains(&parent(path)) {
            folders.push(parent(path));
        }
    }
    for folder in folders {
        if let Ok(dir) = std::fs::File::open(folder) {
            let _ = dir.sync_all();
        }
    }
    Ok(())
}

/// Flushes the temporary files: the whole file system at once where the
/// system can, else each file.
fn flush_all(
    temps: &[NamedTempFile],
    files: &[(std::path::PathBuf, std::path::PathBuf, Vec<u8>)],
) -> Result<()> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    if let Some(first) = temps.first() {
        if rustix::fs::syncfs(first.as_file()).is_ok() {
            return Ok(());
        }
    }
    for (temp, (_, shown, _)) in temps.iter().zip(files) {
        temp.as_file()
            .sync_all()
            .map_err(|e| Error::io("write", shown, e))?;
    }
    Ok(())
}

/// Replaces `path` with `bytes`, provided that it still holds `expected`
/// at the moment of the replacement; `false`, writing nothing, when it does
/// not (someone else wrote it meanwhile, or removed it).
///
/// Where the system can swap two names at once, the new file is swapped
/// in and what it displaced is compared afterwards: a save that lands just
/// before the swap is found and put back, instead of being lost under the
/// new file as a plain rename after a comparison would lose it.
pub fn replace_if_unchanged(
    path: &Path,
    shown: &Path,
    expected: &[u8],
    bytes: &[u8],
) -> Result<bool> {
    // Everything slow (writing, flushing) happens before the comparison.
    let temp = temp_with(path, shown, bytes, path)?;
    if !holds(path, shown, expected)? {
        return Ok(false);
    }
    if !exchange(temp.path(), path).map_err(|e| Error::io("write", shown, e))? {
        temp.persist(path)
            .map_err(|e| Error::io("write", shown, e.error))?;
        sync_parent(path);
        return Ok(true);
    }
    // What was in place is now under the temporary name, which goes when
    // `temp` is dropped.
    if holds(temp.path(), shown, expected)? {
        sync_parent(path);
        return Ok(true);
    }
    // Someone saved between the comparison and the swap: theirs goes back.
    exchange(temp.path(), path).map_err(|e| Error::io("write", shown, e))?;
    Ok(false)
}

/// Whether the file at `path` holds `expected`. A missing file does not,
/// nor a link or a special file put in its place, which is never followed
/// or opened ([`read_regular`]).
fn holds(path: &Path, shown: &Path, expected: &[u8]) -> Result<bool> {
    match Kind::at(path) {
        Ok(Kind::File) => Ok(read_regular(path, shown)? == expected),
        Ok(_) => Ok(false),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(Error::io("read", shown, e)),
    }
}

/// Swaps the files at `a` and `b` in one step; `false` where the system or
/// the file system cannot.
#[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
fn exchange(a: &Path, b: &Path) -> std::io::Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(Errno::INVAL | Errno::NOSYS | Errno::OPNOTSUPP) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<bool> {
    Ok(false)
}

/// Creates `path` with `bytes`; fails, writing nothing, if it exists.
pub fn create_new(path: &Path, shown: &Path, bytes: &[u8]) -> Result<()> {
    create_like(path, shown, bytes, path)
}

/// Creates `path` with `bytes` and the permissions of the file `like` (a
/// file moved elsewhere keeps its mode); fails, writing nothing, if `path`
/// exists.
pub fn create_like(path: &Path, shown: &Path, bytes: &[u8], like: &Path) -> Result<()> {
    let temp = temp_with(path, shown, bytes, like)?;
    temp.persist_noclobber(path)
        .map_err(|e| match e.error.kind() {
            std::io::ErrorKind::AlreadyExists => {
                Error::failed(format!("{} already exists", shown.display()))
                    .with_help("nothing was written")
            }
            _ => Error::io("create", shown, e.error),
        })?;
    sync_parent(path);
    Ok(())
}

/// Refuses `path` as the output of a report unless it is a new file, or
/// with `force` an existing regular file, outside the archive's
/// `meetings/` and other than its `minutes.toml`: a report must never
/// replace the minutes, a folder, a device or what a link points to.
pub fn check_output(root: &Path, path: &Path, shown: &Path, force: bool) -> Result<()> {
    let refuse = |what: &str, help: &str| {
        Err(Error::failed(format!(
            "{} {what}, so the report was not written",
            shown.display()
        ))
        .with_help(help))
    };
    let elsewhere = "give -o the name of a file outside meetings/, e.g. -o minutes.html";
    let inside = |p: &Path| resolved(p).starts_with(resolved(&root.join("meetings")));
    if inside(path) {
        return refuse(
            "is in the archive's meetings/ folder, which holds the minutes",
            elsewhere,
        );
    }
    if resolved(path) == resolved(&root.join(crate::config::FILE_NAME)) {
        return refuse("is the archive's configuration", elsewhere);
    }
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return Ok(());
    };
    let kind = meta.file_type();
    if kind.is_symlink() {
        return refuse(
            "is a symbolic link",
            "give -o the path of a file, not of a link",
        );
    }
    if kind.is_dir() {
        return refuse("is a folder", "give -o a file name, e.g. -o minutes.html");
    }
    if !kind.is_file() {
        return refuse(
            "is not a regular file (a device, a pipe or a socket)",
            "give -o the name of a regular file",
        );
    }
    if !force {
        return refuse(
            "exists already",
            "pass --force to replace it, or choose another name",
        );
    }
    Ok(())
}

/// Writes a report to `path` as [`check_output`] allows: a new file, or
/// with `force` a replaced one; atomically either way. Temporary files that
/// crashed renders left beside it an hour or more ago go.
pub fn write_output(
    root: &Path,
    path: &Path,
    shown: &Path,
    bytes: &[u8],
    force: bool,
) -> Result<()> {
    check_output(root, path, shown, force)?;
    remove_stale_temporaries(parent(path), std::time::Duration::from_secs(3600));
    if force && path.exists() {
        write_atomic(path, shown, bytes)
    } else {
        create_new(path, shown, bytes).map_err(|e| match e {
            // Made by someone else since the check.
            Error::Failed { .. } if path.exists() => Error::failed(format!(
                "{} exists already, so the report was not written",
                shown.display()
            ))
            .with_help("pass --force to replace it, or choose another name"),
            other => other,
        })
    }
}

/// `path` with links and `..` resolved as far as it exists, the rest as
/// written, so that a file not yet made is placed where it would be.
fn resolved(path: &Path) -> std::path::PathBuf {
    use std::path::Component;
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut real = std::path::PathBuf::new();
    let mut exists = true;
    for part in path.components() {
        match part {
            Component::CurDir => {}
            // `real` holds no links: one up is its parent.
            Component::ParentDir => {
                real.pop();
            }
            Component::Normal(name) => {
                real.push(name);
                if exists {
                    match std::fs::canonicalize(&real) {
                        Ok(canonical) => real = canonical,
                        Err(_) => exists = false,
                    }
                }
            }
            other => real.push(other),
        }
    }
    real
}

/// Removes `path`; a file that is gone already is no error.
pub fn remove(path: &Path, shown: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Ok(()) => {
            sync_parent(path);
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io("remove", shown, e)),
    }
}

/// Removes our temporary files in `dir` that a crashed writer left behind,
/// if they are older than `age`; the names of those removed.
pub fn remove_stale_temporaries(dir: &Path, age: std::time::Duration) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let now = std::time::SystemTime::now();
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let old = entry
            .metadata()
            .ok()
            .filter(|m| m.is_file())
            .and_then(|m| m.modified().ok())
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|d| d >= age);
        if is_temporary(&name) && old && std::fs::remove_file(entry.path()).is_ok() {
            removed.push(name);
        }
    }
    removed
}

/// A flushed temporary file beside `path` holding `bytes`, with the
/// permissions of the regular file `like` if there is one.
fn temp_with(path: &Path, shown: &Path, bytes: &[u8], like: &Path) -> Result<NamedTempFile> {
    let temp = temp_unflushed(path, shown, bytes, like)?;
    temp.as_file()
        .sync_all()
        .map_err(|e| Error::io("write", shown, e))?;
    Ok(temp)
}

/// [`temp_with`], not yet flushed.
fn temp_unflushed(path: &Path, shown: &Path, bytes: &[u8], like: &Path) -> Result<NamedTempFile> {
    let dir = parent(path);
    std::fs::create_dir_all(dir).map_err(|e| Error::io("create the folder of", shown, e))?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // The kernel takes the umask off, as it does for an editor's new file.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder
        .tempfile_in(dir)
        .map_err(|e| Error::io("write next to", shown, e))?;
    if let Ok(meta) = std::fs::symlink_metadata(like) {
        if meta.is_file() {
            temp.as_file()
                .set_permissions(meta.permissions())
                .map_err(|e| Error::io("write", shown, e))?;
        }
    }
    temp.write_all(bytes)
        .map_err(|e| Error::io("write", shown, e))?;
    Ok(temp)
}

fn parent(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Flushes the folder of `path`, so that a rename or removal in it is on
/// disk. Some file systems cannot; the write itself has happened.
fn sync_parent(path: &Path) {
    if let Ok(dir) = std::fs::File::open(parent(path)) {
        let _ = dir.sync_all();
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn a_replaced_file_keeps_its_mode() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.toml");
        std::fs::write(&path, "a").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&path, &path, b"b").unwrap();
        assert_eq!(mode(&path), 0o640);
        assert!(replace_if_unchanged(&path, &path, b"b", b"c").unwrap());
        assert_eq!(mode(&path), 0o640);
        assert_eq!(std::fs::read(&path).unwrap(), b"c");
    }

    #[test]
    fn a_changed_file_is_not_replaced_and_no_temporary_file_stays() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.toml");
        std::fs::write(&path, "theirs").unwrap();
        assert!(!replace_if_unchanged(&path, &path, b"mine", b"new").unwrap());
        assert_eq!(std::fs::read(&path).unwrap(), b"theirs");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn a_batch_writes_new_files_and_replaces_old_ones_keeping_their_mode() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("2024/a.toml");
        std::fs::create_dir_all(old.parent().unwrap()).unwrap();
        std::fs::write(&old, "a").unwrap();
        std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o640)).unwrap();
        let new = dir.path().join("2025/b.toml");
        write_batch(&[
            (old.clone(), "a.toml".into(), b"A".to_vec()),
            (new.clone(), "b.toml".into(), b"B".to_vec()),
        ])
        .unwrap();
        assert_eq!(std::fs::read(&old).unwrap(), b"A");
        assert_eq!(mode(&old), 0o640);
        assert_eq!(std::fs::read(&new).unwrap(), b"B");
        for folder in ["2024", "2025"] {
            let names: Vec<_> = std::fs::read_dir(dir.path().join(folder))
                .unwrap()
                .collect();
            assert_eq!(names.len(), 1, "a temporary file stayed in {folder}");
        }
    }

    #[test]
    fn a_link_in_place_of_the_file_is_not_followed_nor_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = dir.path().join("elsewhere.toml");
        std::fs::write(&elsewhere, "mine").unwrap();
        let path = dir.path().join("m.toml");
        std::os::unix::fs::symlink(&elsewhere, &path).unwrap();
        assert!(!replace_if_unchanged(&path, &path, b"mine", b"new").unwrap());
        assert!(path.is_symlink());
        assert_eq!(std::fs::read(&elsewhere).unwrap(), b"mine");
    }

    #[test]
    fn stale_temporaries_go_and_other_files_stay() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".minutes-abc.tmp"), "x").unwrap();
        std::fs::write(dir.path().join(".other.tmp"), "x").unwrap();
        let removed = remove_stale_temporaries(dir.path(), std::time::Duration::ZERO);
        assert_eq!(removed, vec![".minutes-abc.tmp".to_string()]);
        assert!(dir.path().join(".other.tmp").exists());
    }
}
