//! Reading the source of an import: the Markdown files of a folder, or a
//! repository's files at its HEAD or through its history, as `import`'s
//! inputs, with what the selection left out.
//!
//! Files are read as the archive's are (no link followed, no huge file);
//! a repository only through `git::Source`. Never writes.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::git::{Source, SourceChange, Stamp};
use crate::import::history::{self, Change, SourceCommit};
use crate::import::report::Skipped;
use crate::import::select::Selection;
use crate::import::{self, HistoryMode, Input};
use crate::{fsio, ui};

/// What was read from the source.
pub(super) struct Gathered {
    /// How meetings name it in `[origin] source`.
    pub name: String,
    pub inputs: Vec<Input>,
    pub skipped: Vec<Skipped>,
    /// With `--history replay`: the commits, and the files through them.
    pub history: Option<(Vec<SourceCommit>, history::Revisions)>,
    /// The source's HEAD, named in a squashed commit.
    pub head: Option<String>,
}

/// A Markdown file, or the files of a folder that the selection takes.
pub(super) fn files(path: &Path, shown: &Path, selection: &Selection) -> Result<Gathered> {
    let meta = std::fs::metadata(path).map_err(|e| {
        Error::io("read", shown, e)
            .with_help("give the path of a Markdown file, or of a folder that holds them")
    })?;
    let name = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let mut gathered = Gathered {
        name: name.display().to_string(),
        inputs: Vec::new(),
        skipped: Vec::new(),
        history: None,
        head: None,
    };
    // Each file: where it is, its path in the source, how messages name it.
    let mut files: Vec<(PathBuf, String, PathBuf)> = Vec::new();
    if meta.is_file() {
        // A file named on the command line is imported whatever its name.
        let file = shown.file_name().map(PathBuf::from).unwrap_or_default();
        files.push((
            path.to_path_buf(),
            file.display().to_string(),
            shown.to_path_buf(),
        ));
        gathered.name = name
            .parent()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
    } else {
        for relative in walk(path)? {
            match selection.judge(&relative) {
                Ok(()) => files.push((
                    path.join(&relative),
                    relative.clone(),
                    shown.join(&relative),
                )),
                Err(why) => gathered.skipped.push(Skipped {
                    path: relative,
                    why,
                }),
            }
        }
    }
    let mut problems = Vec::new();
    for (full, relative, named) in files {
        // Read as the archive's files are: no link followed, no huge file.
        let bytes = fsio::read_regular(&full, &named)?;
        match import::text_of(bytes, &named) {
            Ok(text) => gathered.inputs.push(Input {
                chain: gathered.inputs.len(),
                path: relative,
                text,
                commit: None,
            }),
            Err(Error::Invalid(d)) => problems.extend(d),
            Err(e) => return Err(e),
        }
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    Ok(gathered)
}

/// The files under `dir`, relative and with `/`, in order; hidden folders
/// (`.git`) and links are left out.
fn walk(dir: &Path) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut todo = vec![PathBuf::new()];
    while let Some(relative) = todo.pop() {
        let here = dir.join(&relative);
        let entries = std::fs::read_dir(&here).map_err(|e| Error::io("list", &here, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| Error::io("list", &here, e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let kind = entry
                .file_type()
                .map_err(|e| Error::io("read", &entry.path(), e))?;
            if name.starts_with('.') || kind.is_symlink() {
                continue;
            }
            let path = relative.join(&name);
            if kind.is_dir() {
                todo.push(path);
            } else if kind.is_file() {
                out.push(path.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// A repository's files: at its HEAD, or with `--history replay` through
/// every commit that touched them.
pub(super) fn repository(
    path: &Path,
    shown: &Path,
    selection: &Selection,
    mode: HistoryMode,
) -> Result<Gathered> {
    let source = Source::open(path, shown)?;
    let Some(head) = source.head()? else {
        return Err(Error::failed(format!("{} has no commits to import", shown.display()))
            .with_help("--from takes a repository with history; for files alone, give the folder without --from"));
    };
    let files = source.files()?;
    // Only what lies beside the minutes is worth naming as left out.
    let folders: Vec<&str> = files
        .iter()
        .filter(|(p, _)| selection.judge(p).is_ok())
        .map(|(p, _)| p.rsplit_once('/').map_or("", |(d, _)| d))
        .collect();
    let mut gathered = Gathered {
        name: source.describe(),
        inputs: Vec::new(),
        skipped: files
            .iter()
            .filter(|(p, _)| folders.contains(&p.rsplit_once('/').map_or("", |(d, _)| d)))
            .filter_map(|(p, _)| {
                selection.judge(p).err().map(|why| Skipped {
                    path: p.clone(),
                    why,
                })
            })
            .collect(),
        history: None,
        head: Some(head.clone()),
    };
    let text = |blob: &str, path: &str, commit: &str| {
        let shown = shown.join(format!("{path}@{}", &commit[..commit.len().min(12)]));
        import::text_of(source.blob(blob)?, &shown)
    };
    if mode == HistoryMode::Replay {
        let wanted = |p: &str| selection.judge(p).is_ok();
        let found = source.commits(&wanted)?;
        let bar = ui::bar(found.len() as u64, "reading history");
        let mut commits = Vec::with_capacity(found.len());
        for c in found {
            let mut changes = Vec::with_capacity(c.changes.len());
            for change in &c.changes {
                changes.push(match change {
                    SourceChange::Write { path, blob } => Change::Write {
                        path: path.clone(),
                        text: text(blob, path, &c.id)?,
                    },
                    SourceChange::Delete { path } => Change::Delete { path: path.clone() },
                    SourceChange::Rename { from, to, blob } => Change::Rename {
                        from: from.clone(),
                        to: to.clone(),
                        text: text(blob, to, &c.id)?,
                    },
                });
            }
            commits.push(SourceCommit {
                id: c.id,
                author: stamp(&c.author),
                committer: stamp(&c.committer),
                message: c.message,
                changes,
            });
            bar.inc(1);
        }
        bar.finish_and_clear();
        let revisions = history::revisions(&commits);
        gathered.inputs = revisions.inputs.clone();
        gathered.history = Some((commits, revisions));
    } else {
        for (path, blob) in files.iter().filter(|(p, _)| selection.judge(p).is_ok()) {
            gathered.inputs.push(Input {
                chain: gathered.inputs.len(),
                path: path.clone(),
                text: text(blob, path, &head)?,
                commit: Some(head.clone()),
            });
        }
    }
    Ok(gathered)
}

fn stamp(s: &Stamp) -> history::Stamp {
    history::Stamp {
        name: s.name.clone(),
        email: s.email.clone(),
        time: s.time,
        offset: s.offset,
    }
}
