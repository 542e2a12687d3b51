//! What a build of the site reads, as one key, and where it may write:
//! a build whose key is the last one's has nothing to do.

use std::collections::HashMap;
use std::hash::Hasher;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::Options;
use crate::archive::{Archive, Entry};
use crate::error::{Error, Result};

/// The site is built beside the minutes, never over them.
pub(super) fn refuse_unsafe_folder(archive: &Archive, options: &Options) -> Result<()> {
    let canon = |p: &Path| {
        let absolute = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        // The folder may not exist yet: resolve what does.
        let mut existing = absolute.as_path();
        let mut rest = Vec::new();
        while !existing.exists() {
            match (existing.parent(), existing.file_name()) {
                (Some(parent), Some(name)) => {
                    rest.push(name.to_os_string());
                    existing = parent;
                }
                _ => break,
            }
        }
        let mut real = std::fs::canonicalize(existing).unwrap_or_else(|_| existing.to_path_buf());
        real.extend(rest.iter().rev());
        real
    };
    let dir = canon(&options.dir);
    let root = canon(&archive.root);
    let inside = ["meetings", "templates", ".git"]
        .iter()
        .find(|f| dir.starts_with(root.join(f)));
    if dir == root || root.starts_with(&dir) || inside.is_some() {
        let what = match inside {
            Some(folder) => format!("is inside the archive's {folder}/ folder"),
            None => "holds the archive itself".to_string(),
        };
        return Err(Error::failed(format!(
            "{} {what}, so the site was not built",
            options.shown.display()
        ))
        .with_help("build the site into a folder of its own: `minutes site -o public` (or `output` under [publication])"));
    }
    Ok(())
}

/// What a build reads, before it reads it.
pub(super) struct Inputs {
    /// A hash of all of it.
    pub key: u64,
    /// A hash of the configuration, the templates and this program:
    /// what every page depends on.
    pub frame: u64,
    /// Each meeting file and translation (by its path relative to the
    /// archive) as its size, times and inode say it is now.
    pub stamps: HashMap<PathBuf, u64>,
}

/// Everything a build reads: this program, the options, the configuration,
/// the templates and every file under meetings/ (by size, times and inode,
/// as the index trusts them). Taken before the meetings are read, so that
/// a file changed meanwhile is read again by the next build.
pub(super) fn inputs(
    archive: &Archive,
    options: &Options,
    entries: &[Entry],
    today: NaiveDate,
) -> Result<Inputs> {
    let mut hasher = std::hash::DefaultHasher::new();
    hasher.write(env!("CARGO_PKG_VERSION").as_bytes());
    if let Some(exe) = std::env::current_exe()
        .ok()
        .and_then(|e| std::fs::metadata(e).ok())
    {
        stamp(&mut hasher, &exe);
    }
    hasher.write_u8(u8::from(options.minutes));
    let config = archive.root.join(crate::config::FILE_NAME);
    let text = std::fs::read(&config)
        .map_err(|e| Error::io("read", Path::new(crate::config::FILE_NAME), e))?;
    hasher.write(&text);
    for folder in ["templates", "templates/lang"] {
        let mut names: Vec<(String, std::fs::Metadata)> =
            std::fs::read_dir(archive.root.join(folder))
                .into_iter()
                .flatten()
                .flatten()
                .filter_map(|e| {
                    Some((
                        e.file_name().to_string_lossy().into_owned(),
                        e.metadata().ok()?,
                    ))
                })
                .collect();
        names.sort_by(|a, b| a.0.cmp(&b.0));
        for (name, meta) in names {
            hasher.write(name.as_bytes());
            stamp(&mut hasher, &meta);
        }
    }
    let frame = hasher.finish();
    hasher.write(options.dir.as_os_str().as_encoded_bytes());
    let mut stamps = HashMap::with_capacity(entries.len());
    let mut meetings = 0;
    for entry in entries {
        let path = match entry {
            Entry::Meeting(id) => {
                meetings += 1;
                id.relative_path()
            }
            Entry::Overlay(id, lang) => id.overlay_path(lang),
            Entry::Stray(_) => continue,
        };
        let mut one = std::hash::DefaultHasher::new();
        if let Ok(meta) = std::fs::symlink_metadata(archive.root.join(&path)) {
            stamp(&mut one, &meta);
        }
        let own = one.finish();
        hasher.write(path.as_os_str().as_encoded_bytes());
        hasher.write_u64(own);
        stamps.insert(path, own);
    }
    // Only the calendar of an archive without meetings starts today.
    if meetings == 0 {
        hasher.write(today.to_string().as_bytes());
    }
    Ok(Inputs {
        key: hasher.finish(),
        frame,
        stamps,
    })
}

fn stamp(hasher: &mut impl Hasher, meta: &std::fs::Metadata) {
    hasher.write_u64(meta.len());
    let nanos = |t: std::io::Result<std::time::SystemTime>| {
        t.ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos())
    };
    hasher.write_u128(nanos(meta.modified()));
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        hasher.write_i64(meta.ctime());
        hasher.write_i64(meta.ctime_nsec());
        hasher.write_u64(meta.ino());
    }
}
