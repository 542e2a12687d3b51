//! The repository set up to merge the archive's files by meaning:
//! `.gitattributes` hands meeting files, translations and `minutes.toml` to
//! the merge driver, and the repository's own configuration says how to
//! call it (this program's `merge-file`), so that `git merge` and
//! `git pull` merge them as `minutes sync` does. Adds only what is
//! missing; never rewrites a line a person wrote.

use std::path::Path;

use super::Repo;
use crate::error::Result;
use crate::fsio;

/// The lines of `.gitattributes` that hand our files to the driver.
const ATTRIBUTES: &[&str] = &[
    "meetings/**/*.toml merge=minutes",
    "minutes.toml merge=minutes",
];
pub const ATTRIBUTES_FILE: &str = ".gitattributes";

/// Writes the attributes in the archive at `root` and the driver where
/// they are missing; says what it did.
pub fn register_driver(root: &Path, repo: &Repo) -> Result<Vec<String>> {
    let mut done = Vec::new();
    let path = root.join(ATTRIBUTES_FILE);
    // Read as every file of the archive is: a link would have the file it
    // names copied into .gitattributes, and then committed.
    let old = match fsio::Kind::at(&path) {
        Err(_) => String::new(),
        Ok(_) => fsio::read_text(&path, Path::new(ATTRIBUTES_FILE))?,
    };
    let missing: Vec<&str> = ATTRIBUTES
        .iter()
        .copied()
        .filter(|line| !old.lines().any(|l| l.trim() == *line))
        .collect();
    if !missing.is_empty() {
        let mut text = old.clone();
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        if old.is_empty() {
            text.push_str("# Meetings, translations and minutes.toml merge by meaning (`minutes setup git`).\n");
        }
        for line in &missing {
            text.push_str(line);
            text.push('\n');
        }
        fsio::write_atomic(&path, Path::new(ATTRIBUTES_FILE), text.as_bytes())?;
        done.push(format!("wrote {ATTRIBUTES_FILE}: {}", missing.join(", ")));
    }
    let command = format!("{} merge-file %O %A %B %P", executable());
    if repo.set_merge_driver("minutes", "minutes: meetings merged by meaning", &command)? {
        done.push(format!(
            "registered the merge driver in .git/config: {command}"
        ));
    }
    Ok(done)
}

/// How git should call this program: `minutes` when that is what PATH
/// finds, else its full path, so that the driver runs even when it is not
/// installed (a build in a project folder).
fn executable() -> String {
    let Ok(me) = std::env::current_exe().and_then(std::fs::canonicalize) else {
        return "minutes".into();
    };
    let on_path = std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths)
            .any(|dir| std::fs::canonicalize(dir.join("minutes")).is_ok_and(|found| found == me))
    });
    if on_path {
        return "minutes".into();
    }
    let text = me.display().to_string();
    if text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+".contains(c))
    {
        text
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}
