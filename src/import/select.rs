//! Which files of a source are minutes: the Markdown files (or files
//! without an extension) whose names start with a date, among those the
//! `--path` globs take (all, without one) and the `--exclude` globs leave.
//! Everything else is named in the report as skipped, with the reason.

/// What the options select.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    pub paths: Vec<String>,
    pub excludes: Vec<String>,
}

/// Why a file was left out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Skip {
    /// No date starts its name: an index, a script, a read-me.
    NoDate,
    /// Not Markdown: an image or another file the minutes link to.
    Attachment,
    /// Matched by `--exclude`, or by none of the `--path` globs.
    Excluded,
}

impl Skip {
    pub fn describe(self) -> &'static str {
        match self {
            Skip::NoDate => "its name starts with no date",
            Skip::Attachment => "not Markdown (an attachment?)",
            Skip::Excluded => "left out by --path or --exclude",
        }
    }
}

impl Selection {
    /// Whether `path` (relative, with `/`) is imported, or why not.
    pub fn judge(&self, path: &str) -> Result<(), Skip> {
        if self.excludes.iter().any(|g| glob(g, path)) {
            return Err(Skip::Excluded);
        }
        if !self.paths.is_empty() && !self.paths.iter().any(|g| glob(g, path)) {
            return Err(Skip::Excluded);
        }
        let name = path.rsplit('/').next().unwrap_or(path);
        let (stem, extension) = match name.rsplit_once('.') {
            Some((stem, ext)) if !stem.is_empty() => (stem, Some(ext.to_ascii_lowercase())),
            _ => (name, None),
        };
        if super::dates::from_name(stem).is_none() {
            return Err(Skip::NoDate);
        }
        match extension.as_deref() {
            None | Some("md" | "markdown") => Ok(()),
            Some(_) => Err(Skip::Attachment),
        }
    }
}

/// Whether `path` matches `pattern`: `*` is any text within a folder's
/// name, `**` any number of folders, `?` one character. A pattern without
/// a `/` matches the file's name in any folder.
pub fn glob(pattern: &str, path: &str) -> bool {
    if !pattern.contains('/') {
        let name = path.rsplit('/').next().unwrap_or(path);
        return matches(pattern.as_bytes(), name.as_bytes());
    }
    let pattern = pattern.trim_start_matches("./");
    let pattern = pattern
        .strip_suffix('/')
        .map_or(pattern.to_string(), |p| format!("{p}/**"));
    matches(pattern.as_bytes(), path.as_bytes())
}

fn matches(p: &[u8], s: &[u8]) -> bool {
    match p {
        [] => s.is_empty(),
        [b'*', b'*', b'/', rest @ ..] => {
            // Zero or more whole folders.
            matches(rest, s)
                || s.iter()
                    .enumerate()
                    .filter(|(_, c)| **c == b'/')
                    .any(|(i, _)| matches(rest, &s[i + 1..]))
        }
        [b'*', b'*', rest @ ..] => (0..=s.len()).any(|i| matches(rest, &s[i..])),
        [b'*', rest @ ..] => (0..=s.len())
            .take_while(|&i| i == 0 || s[i - 1] != b'/')
            .any(|i| matches(rest, &s[i..])),
        [b'?', rest @ ..] => s.first().is_some_and(|c| *c != b'/') && matches(rest, &s[1..]),
        [c, rest @ ..] => s.first() == Some(c) && matches(rest, &s[1..]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_folders_and_names() {
        assert!(glob("meetings/**/*.md", "meetings/2019/2019-01-14.md"));
        assert!(glob("meetings/**/*.md", "meetings/2019-01-14.md"));
        assert!(!glob("meetings/*.md", "meetings/2019/2019-01-14.md"));
        assert!(glob("*.md", "a/b/2019-01-14.md"));
        assert!(glob(
            "meetings/breakout_meetings/",
            "meetings/breakout_meetings/x.md"
        ));
        assert!(glob("2019-0?-14*", "x/2019-01-14-progress.md"));
    }

    #[test]
    fn minutes_are_dated_markdown_files() {
        let all = Selection::default();
        assert_eq!(all.judge("m/2025-02-18.md"), Ok(()));
        assert_eq!(all.judge("m/2025-02-18"), Ok(()));
        assert_eq!(all.judge("m/README.md"), Err(Skip::NoDate));
        assert_eq!(all.judge("m/2026-02-26-board.svg"), Err(Skip::Attachment));
        let some = Selection {
            paths: vec!["m/**".into()],
            excludes: vec!["*-draft.md".into()],
        };
        assert_eq!(some.judge("m/2025-02-18-draft.md"), Err(Skip::Excluded));
        assert_eq!(some.judge("n/2025-02-18.md"), Err(Skip::Excluded));
        assert_eq!(some.judge("m/2025-02-18.md"), Ok(()));
        assert_eq!(some.judge("m/README.md"), Err(Skip::NoDate));
    }
}
