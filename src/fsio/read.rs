//! Reading a file of the archive so that a hostile archive cannot make the
//! tool read outside itself, hang, or fill the memory.
//!
//! The rule: below the archive root, minutes reads only regular files, and
//! reaches them only through real folders. A symbolic link (to a file or to
//! a folder), a FIFO, a socket or a device is reported and never opened, so
//! that a cloned archive cannot publish `/etc/passwd` through a link in
//! `templates/`, nor hang a command with a FIFO named like a meeting. A file
//! above [`MAX_FILE_BYTES`] is refused before it is read whole.
//!
//! On Unix every folder below the root is opened with `O_NOFOLLOW` and the
//! file is opened relative to its folder, so that a link swapped in between
//! the check and the read is not followed either. This module only reads
//! (bytes, or strict UTF-8 text); writing is the parent module's.

use std::io::Read;
use std::path::{Component, Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};

/// The largest file minutes reads: a meeting, a translation, minutes.toml,
/// a template or a phrase table. Minutes written by hand stay far below it
/// (a long meeting is some 30 KiB); the limit is there so that a runaway
/// file is refused with a message instead of exhausting the memory.
pub const MAX_FILE_BYTES: u64 = 8 << 20;

/// What stands at a path, looked at without following a link.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    File,
    Folder,
    Link,
    Fifo,
    Socket,
    Device,
    Other,
}

impl Kind {
    /// The kind of `file_type`, which must come from a look that did not
    /// follow links (`symlink_metadata`, `DirEntry::file_type`).
    pub fn of(file_type: std::fs::FileType) -> Kind {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if file_type.is_fifo() {
                return Kind::Fifo;
            }
            if file_type.is_socket() {
                return Kind::Socket;
            }
            if file_type.is_block_device() || file_type.is_char_device() {
                return Kind::Device;
            }
        }
        if file_type.is_symlink() {
            Kind::Link
        } else if file_type.is_dir() {
            Kind::Folder
        } else if file_type.is_file() {
            Kind::File
        } else {
            Kind::Other
        }
    }

    /// The kind of what stands at `path` (a link is not followed).
    pub fn at(path: &Path) -> std::io::Result<Kind> {
        std::fs::symlink_metadata(path).map(|m| Kind::of(m.file_type()))
    }

    /// "a symbolic link", "a FIFO (named pipe)": for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Kind::File => "a regular file",
            Kind::Folder => "a folder",
            Kind::Link => "a symbolic link",
            Kind::Fifo => "a FIFO (named pipe)",
            Kind::Socket => "a socket",
            Kind::Device => "a device",
            Kind::Other => "a special file",
        }
    }
}

/// The problem with something under the archive that minutes does not read:
/// `shown` is the file asked for, `at` the part of its path that is `kind`.
pub fn refusal(shown: &Path, at: &Path, kind: Kind) -> Diagnostic {
    let what = kind.describe();
    let problem = match kind {
        Kind::Link => format!("{} is {what}", at.display()),
        Kind::Folder => format!("{} is {what}, not a file", at.display()),
        _ if at == shown => format!("{} is {what}, not a regular file", at.display()),
        _ => format!("{} is {what}, not a folder", at.display()),
    };
    let message = if at == shown {
        format!("{problem}, so it is not read")
    } else {
        format!("{} is not read: {problem}", shown.display())
    };
    let help = match kind {
        Kind::Link => {
            "minutes does not follow links inside an archive, so that an archive cannot make it read files outside itself; replace the link with the file or folder itself"
        }
        _ => "minutes reads only regular files and folders; remove it",
    };
    Diagnostic::file(shown, message).with_help(help)
}

fn too_large(shown: &Path, size: u64) -> Error {
    let message = format!(
        "the file is {}, more than the {} minutes reads from one file",
        mib(size),
        mib(MAX_FILE_BYTES)
    );
    Diagnostic::file(shown, message)
        .with_help(
            "minutes kept by hand are far smaller: check where this file came from, or split it",
        )
        .into()
}

/// A size as messages give it: `9.0 MiB`, `8 MiB`.
pub fn mib(bytes: u64) -> String {
    let mib = bytes as f64 / f64::from(1 << 20);
    if mib.fract() == 0.0 {
        format!("{mib:.0} MiB")
    } else {
        format!("{mib:.1} MiB")
    }
}

/// The bytes of the file at `path`, which is the archive root joined with
/// `shown` (the file as messages name it, relative to the root).
///
/// Every component of `shown` must be a real folder and the last a regular
/// file of at most [`MAX_FILE_BYTES`]. When `path` does not end with `shown`,
/// only its last component is held to the rule.
pub fn read_regular(path: &Path, shown: &Path) -> Result<Vec<u8>> {
    let (root, parts) = split(path, shown);
    let (mut file, size) = open_below(&root, &parts, shown)?;
    if size > MAX_FILE_BYTES {
        return Err(too_large(shown, size));
    }
    let mut bytes = Vec::new();
    (&mut file)
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io("read", shown, e))?;
    // The file may have grown since it was measured.
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(shown, bytes.len() as u64));
    }
    Ok(bytes)
}

/// The text of the file at `path`, read as [`read_regular`] reads it and
/// strictly as UTF-8: a byte that is not is a problem at its place.
pub fn read_text(path: &Path, shown: &Path) -> Result<String> {
    text(read_regular(path, shown)?, shown)
}

/// Bytes read elsewhere (a revision in git, a file outside the archive) as
/// text, strictly UTF-8 as [`read_text`] reads a file; `shown` names them.
pub fn text(bytes: Vec<u8>, shown: &Path) -> Result<String> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let byte = e.as_bytes()[valid];
        let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
        Diagnostic::at(
            shown,
            &prefix,
            valid..valid,
            format!("the file is not valid UTF-8: byte {valid} (0x{byte:02X}) is not part of a UTF-8 character"),
        )
        .with_help("save the file with the UTF-8 encoding")
        .into()
    })
}

/// [`read_regular`], or `None` when nothing stands at `path`. A link
/// stands there even when it leads nowhere, and is refused.
pub fn read_if_present(path: &Path, shown: &Path) -> Result<Option<Vec<u8>>> {
    match Kind::at(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        _ => read_regular(path, shown).map(Some),
    }
}

/// The file at `path` opened as [`read_regular`] opens it (only a regular
/// file, reached through real folders, no link followed), of any size: for
/// a file that is only compared, never parsed or shown, such as a file of
/// git's work tree that need not be the archive's.
pub fn open_regular(path: &Path, shown: &Path) -> Result<std::fs::File> {
    let (root, parts) = split(path, shown);
    open_below(&root, &parts, shown).map(|(file, _)| file)
}

/// The folder the walk starts from, and the names below it.
fn split(path: &Path, shown: &Path) -> (PathBuf, Vec<PathBuf>) {
    let below: Vec<PathBuf> = shown
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .map(|c| PathBuf::from(c.as_os_str()))
        .collect();
    let plain = below
        .iter()
        .all(|p| matches!(p.components().next(), Some(Component::Normal(_))));
    if plain && !below.is_empty() && path.ends_with(shown) {
        let root = path
            .ancestors()
            .nth(below.len())
            .map(Path::to_path_buf)
            .unwrap_or_default();
        return (root, below);
    }
    let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let name = path.file_name().map(PathBuf::from).unwrap_or_default();
    (root, vec![name])
}

/// Checks, once the file is open, that it is (still) a regular file; gives
/// it back with its size.
fn checked(shown: &Path, file: std::fs::File) -> Result<(std::fs::File, u64)> {
    let meta = file.metadata().map_err(|e| Error::io("read", shown, e))?;
    let kind = Kind::of(meta.file_type());
    if kind != Kind::File {
        return Err(refusal(shown, shown, kind).into());
    }
    Ok((file, meta.len()))
}

#[cfg(unix)]
fn open_below(root: &Path, parts: &[PathBuf], shown: &Path) -> Result<(std::fs::File, u64)> {
    use rustix::fs::{AtFlags, CWD, FileType, Mode, OFlags, openat, statat};

    let io = |e: rustix::io::Errno| Error::io("read", shown, e.into());
    let folder = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
    let root = if root.as_os_str().is_empty() {
        Path::new(".")
    } else {
        root
    };
    // Above the archive, links are the user's business and are followed.
    let mut dir = openat(CWD, root, folder, Mode::empty()).map_err(io)?;
    let mut walked = PathBuf::new();
    for (n, part) in parts.iter().enumerate() {
        walked.push(part);
        let last = n + 1 == parts.len();
        let stat = statat(&dir, part, AtFlags::SYMLINK_NOFOLLOW).map_err(io)?;
        let kind = match FileType::from_raw_mode(stat.st_mode) {
            FileType::RegularFile => Kind::File,
            FileType::Directory => Kind::Folder,
            FileType::Symlink => Kind::Link,
            FileType::Fifo => Kind::Fifo,
            FileType::Socket => Kind::Socket,
            FileType::CharacterDevice | FileType::BlockDevice => Kind::Device,
            FileType::Unknown => Kind::Other,
        };
        match (last, kind) {
            (false, Kind::Folder) => {
                dir = openat(&dir, part, folder | OFlags::NOFOLLOW, Mode::empty()).map_err(io)?;
            }
            (true, Kind::File) => {
                // NONBLOCK: should a FIFO be swapped in after the look above,
                // opening it does not wait for a writer (and fstat refuses it).
                let flags = OFlags::RDONLY
                    | OFlags::NOFOLLOW
                    | OFlags::NONBLOCK
                    | OFlags::NOCTTY
                    | OFlags::CLOEXEC;
                let fd = openat(&dir, part, flags, Mode::empty()).map_err(io)?;
                return checked(shown, std::fs::File::from(fd));
            }
            (_, kind) => return Err(refusal(shown, &walked, kind).into()),
        }
    }
    Err(Error::failed(format!(
        "cannot read {}: it names no file",
        shown.display()
    )))
}

#[cfg(not(unix))]
fn open_below(root: &Path, parts: &[PathBuf], shown: &Path) -> Result<(std::fs::File, u64)> {
    let mut walked = PathBuf::new();
    for (n, part) in parts.iter().enumerate() {
        walked.push(part);
        let kind = Kind::at(&root.join(&walked)).map_err(|e| Error::io("read", shown, e))?;
        let wanted = if n + 1 == parts.len() {
            Kind::File
        } else {
            Kind::Folder
        };
        if kind != wanted {
            return Err(refusal(shown, &walked, kind).into());
        }
    }
    let file = std::fs::File::open(root.join(&walked)).map_err(|e| Error::io("read", shown, e))?;
    checked(shown, file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_walk_starts_at_the_root_of_what_is_shown() {
        let (root, parts) = split(
            Path::new("/a/b/meetings/2025/x.toml"),
            Path::new("meetings/2025/x.toml"),
        );
        assert_eq!(root, Path::new("/a/b"));
        assert_eq!(parts.len(), 3);
        let (root, parts) = split(Path::new("/a/b/x.toml"), Path::new("elsewhere.toml"));
        assert_eq!((root.as_path(), parts.len()), (Path::new("/a/b"), 1));
        let (_, parts) = split(Path::new("/a/../x.toml"), Path::new("../x.toml"));
        assert_eq!(parts, vec![PathBuf::from("x.toml")]);
    }

    #[test]
    fn sizes_read_well() {
        assert_eq!(mib(MAX_FILE_BYTES), "8 MiB");
        assert_eq!(mib(9 << 20 | 1 << 19), "9.5 MiB");
    }
}
