//! Where a template comes from: the archive's `templates/` folder, else the
//! built-ins. One file of the archive overrides one built-in of the same
//! name, and is read from disk on every run, so an edit shows at once.
//!
//! Names are checked before any file is touched: a template may only name
//! another template, never a path out of the folder.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::fsio;

use super::builtin;

/// The folder of an archive that holds its templates.
pub const FOLDER: &str = "templates";

/// Where the template in force comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    BuiltIn,
    /// The archive's file overrides a built-in (or is identical to it).
    Overrides {
        identical: bool,
    },
    /// The archive's own template; there is no built-in of that name.
    Archive,
}

impl Origin {
    pub fn describe(self) -> &'static str {
        match self {
            Origin::BuiltIn => "built-in",
            Origin::Overrides { identical: true } => "archive file (same as built-in)",
            Origin::Overrides { identical: false } => "archive file (overrides built-in)",
            Origin::Archive => "archive file",
        }
    }
}

/// The templates of one archive.
#[derive(Clone, Debug)]
pub struct Templates {
    root: PathBuf,
}

/// A name such as `article.html`, `_base.html` or `lang/de.toml`: segments of
/// letters, digits, `_`, `-` and `.`, none starting with a dot.
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.split('/').all(|segment| {
            !segment.is_empty()
                && !segment.starts_with('.')
                && segment
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"_-.".contains(&b))
        })
}

fn refuse(name: &str) -> Error {
    Error::usage(format!("`{name}` is not a template name"))
        .with_help("a template is named like `article.html` or `lang/de.toml`, relative to templates/; paths with `..`, `\\` or a leading `/` are refused")
}

impl Templates {
    pub fn new(archive_root: &Path) -> Templates {
        Templates {
            root: archive_root.to_path_buf(),
        }
    }

    /// The archive's file for `name`, relative to the archive root.
    pub fn relative(name: &str) -> PathBuf {
        Path::new(FOLDER).join(name)
    }

    /// `templates/article.html` or `built-in article.html`: for messages.
    pub fn shown(&self, name: &str) -> String {
        match self.origin(name) {
            Some(Origin::BuiltIn) | None => format!("built-in {name}"),
            Some(_) => Self::relative(name).display().to_string(),
        }
    }

    /// Where `name` comes from, or `None` when there is no such template.
    pub fn origin(&self, name: &str) -> Option<Origin> {
        if !valid_name(name) {
            return None;
        }
        let builtin = builtin::file(name);
        let relative = Self::relative(name);
        let path = self.root.join(&relative);
        if !present(&path) {
            return builtin.map(|_| Origin::BuiltIn);
        }
        Some(match builtin {
            None => Origin::Archive,
            Some(text) => Origin::Overrides {
                identical: fsio::read_regular(&path, &relative)
                    .is_ok_and(|bytes| bytes == text.as_bytes()),
            },
        })
    }

    /// The text of `name`: the archive's file when there is one.
    pub fn source(&self, name: &str) -> Result<Option<String>> {
        if !valid_name(name) {
            return Err(refuse(name));
        }
        let relative = Self::relative(name);
        let path = self.root.join(&relative);
        if present(&path) {
            return fsio::read_text(&path, &relative).map(Some);
        }
        Ok(builtin::file(name).map(str::to_string))
    }

    /// Every template and phrase table in force, by name.
    pub fn list(&self) -> Result<Vec<(String, Origin)>> {
        let mut names: Vec<String> = builtin::names().collect();
        let dir = self.root.join(FOLDER);
        names.extend(files_in(&dir, "")?);
        names.extend(files_in(&dir.join("lang"), "lang/")?);
        names.sort();
        names.dedup();
        Ok(names
            .into_iter()
            .filter_map(|name| self.origin(&name).map(|origin| (name, origin)))
            .collect())
    }

    /// Copies the built-in `name` into the archive's `templates/`.
    pub fn eject(&self, name: &str, force: bool) -> Result<PathBuf> {
        if !valid_name(name) {
            return Err(refuse(name));
        }
        let Some(text) = builtin::file(name) else {
            let names: Vec<String> = builtin::names().collect();
            return Err(
                Error::usage(format!("there is no built-in template `{name}`"))
                    .with_help(format!("the built-ins are: {}", names.join(", "))),
            );
        };
        let relative = Self::relative(name);
        let path = self.root.join(&relative);
        if force {
            fsio::write_atomic(&path, &relative, text.as_bytes())?;
        } else {
            fsio::create_new(&path, &relative, text.as_bytes()).map_err(|e| match e {
                Error::Failed { message, .. } if path.exists() => Error::failed(message)
                    .with_help("nothing was written; pass --force to replace it with the built-in"),
                other => other,
            })?;
        }
        Ok(relative)
    }
}

/// Whether the archive has something of its own at `path`: a file, or a
/// link or special file that reading will refuse with a message (rather
/// than silently falling back to the built-in). A folder is not a template.
fn present(path: &Path) -> bool {
    fsio::Kind::at(path).is_ok_and(|kind| kind != fsio::Kind::Folder)
}

/// The names of what `dir` holds but folders (none when it does not exist
/// or is not a real folder: a linked `templates/` is never listed).
fn files_in(dir: &Path, prefix: &str) -> Result<Vec<String>> {
    if fsio::Kind::at(dir).ok() != Some(fsio::Kind::Folder) {
        return Ok(Vec::new());
    }
    let shown = dir.file_name().map(PathBuf::from).unwrap_or_default();
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io("list", &shown, e))? {
        let entry = entry.map_err(|e| Error::io("list", &shown, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let folder = entry
            .file_type()
            .is_ok_and(|t| fsio::Kind::of(t) == fsio::Kind::Folder);
        if !folder && valid_name(&name) {
            names.push(format!("{prefix}{name}"));
        }
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::valid_name;

    #[test]
    fn names_cannot_leave_the_folder() {
        for good in ["article.html", "_base.html", "lang/de.toml", "my-report.md"] {
            assert!(valid_name(good), "{good}");
        }
        for bad in [
            "",
            "../x.html",
            "a/../b.html",
            "/etc/passwd",
            "a\\b.html",
            ".hidden",
            "a//b",
            "C:x",
        ] {
            assert!(!valid_name(bad), "{bad}");
        }
    }
}
