//! The archive on disk: where it is, which meetings it holds, how to read them.
//!
//! An archive is a folder with `minutes.toml` at its root, found by walking
//! up from the current folder as git finds its repository. Meeting files live
//! at `meetings/<year>/<id>.toml`; translations beside them as
//! `<id>.<lang>.toml`. This module maps ids to paths (never the other way
//! round for user input) and reads files; it does not judge their content
//! beyond what parsing needs (that is `check`). It knows no cache and no
//! repository: the index and git sit above it, and the commands compose them.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::config::{self, Config};
use crate::error::{Error, Result};
use crate::fsio;
use crate::id::{Lang, MeetingId, MeetingRef};
use crate::meeting::{self, Meeting, Status};
use crate::schema::Spans;
use crate::source;
use crate::translation::{self, Overlay};

pub struct Archive {
    pub root: PathBuf,
    pub config: Config,
}

/// A meeting read from its file, with what is needed to point into it.
pub struct Record {
    pub id: MeetingId,
    /// The file, relative to the archive root.
    pub file: PathBuf,
    pub text: String,
    pub meeting: Meeting,
    pub spans: Spans,
}

/// A meeting and its id, as the read commands get it: from the index, or
/// parsed from its file. Unlike a [`Record`], it has no text to point into.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    pub id: MeetingId,
    pub meeting: Meeting,
}

impl From<Record> for Loaded {
    fn from(record: Record) -> Loaded {
        Loaded {
            id: record.id,
            meeting: record.meeting,
        }
    }
}

/// A file found under `meetings/`.
pub enum Entry {
    Meeting(MeetingId),
    /// A translation overlay: the meeting and the language.
    Overlay(MeetingId, Lang),
    /// Anything else: shown by `check`, never read.
    Stray(PathBuf),
}

/// The folder holding `minutes.toml`, from `start` upwards.
pub fn find_root(start: &Path) -> Result<PathBuf> {
    let start = std::path::absolute(start).map_err(|e| Error::io("resolve", start, e))?;
    start
        .ancestors()
        .find(|dir| dir.join(config::FILE_NAME).is_file())
        .map(Path::to_path_buf)
        .ok_or_else(|| {
            Error::failed(format!(
                "no minutes archive here: no {} in {} or any folder above",
                config::FILE_NAME,
                start.display()
            ))
            .with_help("run `minutes init` to create one, or pass -C DIR to point at an archive")
        })
}

impl Archive {
    /// Finds the archive above `start` and reads its configuration.
    pub fn open(start: &Path) -> Result<Archive> {
        let root = find_root(start)?;
        let shown = Path::new(config::FILE_NAME);
        let text = fsio::read_text(&root.join(shown), shown)?;
        let config = Config::parse(shown, &text).map_err(Error::Invalid)?;
        Ok(Archive { root, config })
    }

    pub fn path(&self, relative: &Path) -> PathBuf {
        self.root.join(relative)
    }

    /// Every file under `meetings/`, meetings in chronological order.
    pub fn entries(&self) -> Result<Vec<Entry>> {
        entries(&self.root)
    }

    /// The ids of all meetings, oldest first.
    pub fn ids(&self) -> Result<Vec<MeetingId>> {
        Ok(self
            .entries()?
            .into_iter()
            .filter_map(|e| {
                if let Entry::Meeting(id) = e {
                    Some(id)
                } else {
                    None
                }
            })
            .collect())
    }

    /// Reads one meeting; every problem of its file is an error.
    pub fn load(&self, id: &MeetingId) -> Result<Record> {
        let file = id.relative_path();
        let path = self.root.join(&file);
        // Whatever stands there is read (and refused if it is a link or a
        // special file), so that the message says what it is.
        if fsio::Kind::at(&path).is_err() {
            return Err(Error::failed(format!(
                "there is no meeting {id} (no file {})",
                file.display()
            ))
            .with_help("`minutes list` shows the meetings of this archive"));
        }
        let text = fsio::read_text(&path, &file)?;
        parse_record(id.clone(), file, text).map_err(Error::Invalid)
    }

    /// The translation of meeting `id` into `lang`, if the archive has one;
    /// a file that does not read is an error naming its problems.
    pub fn translation(&self, id: &MeetingId, lang: &Lang) -> Result<Option<Overlay>> {
        let file = id.overlay_path(lang);
        let path = self.root.join(&file);
        // A link or a special file in its place is refused by the reader, not
        // taken for a missing translation.
        if fsio::Kind::at(&path).is_err() {
            return Ok(None);
        }
        let text = fsio::read_text(&path, &file)?;
        let (overlay, _) =
            source::parse(&file, &text, translation::FIELDS).map_err(Error::Invalid)?;
        Ok(Some(overlay))
    }

    /// The meeting that `meeting` names: an id as it is; `latest` and
    /// `next` found among the archive's meetings and the clock.
    pub fn resolve(&self, meeting: &MeetingRef) -> Result<MeetingId> {
        match meeting {
            MeetingRef::Latest => self.ids()?.pop().ok_or_else(|| {
                Error::failed("this archive has no meetings yet")
                    .with_help("`minutes new` drafts the next meeting")
            }),
            MeetingRef::Next => {
                let today = self.today()?;
                self.ids()?
                    .into_iter()
                    .find(|id| id.date() >= today)
                    .ok_or_else(|| {
                        Error::failed(format!("no meeting is planned on or after {today}"))
                            .with_help("`minutes new` drafts the next meeting of the series")
                    })
            }
            MeetingRef::Id(id) => Ok(id.clone()),
        }
    }

    /// The meeting that `agenda add` adds to by default: the first meeting at
    /// status agenda from today on.
    pub fn upcoming_agenda(&self) -> Result<MeetingId> {
        let today = self.today()?;
        for id in self.ids()?.into_iter().filter(|id| id.date() >= today) {
            if self.load(&id)?.meeting.status == Status::Agenda {
                return Ok(id);
            }
        }
        Err(
            Error::failed(format!("no meeting from {today} on has status \"agenda\""))
                .with_help("run `minutes new` to draft the next meeting, or pass --meeting ID"),
        )
    }

    pub fn today(&self) -> Result<NaiveDate> {
        crate::clock::today(self.config.timezone())
    }
}

/// Makes the folder `dir` an archive: `minutes.toml` with `text`, refused
/// unless it reads as one, and an empty `meetings/` that git keeps. Returns
/// the files written, relative to `dir`. Never overwrites a minutes.toml.
pub fn create(dir: &Path, text: &str) -> Result<[&'static Path; 2]> {
    let config = Path::new(config::FILE_NAME);
    Config::parse(config, text).map_err(Error::Invalid)?;
    let meetings = dir.join("meetings");
    std::fs::create_dir_all(&meetings).map_err(|e| Error::io("create", &meetings, e))?;
    fsio::create_new(&dir.join(config), config, text.as_bytes())?;
    let keep = Path::new("meetings/.gitkeep");
    if !dir.join(keep).exists() {
        fsio::write_atomic(&dir.join(keep), keep, b"")?;
    }
    Ok([config, keep])
}

/// Every file under `root/meetings/`, meetings in chronological order.
/// Needs no configuration, so that `check` can list files of an archive
/// whose minutes.toml is broken.
///
/// Only real folders are walked: a year folder that is a symbolic link is
/// listed as a stray (`check` says what it is) and never entered, and
/// `meetings/` itself must not be a link.
pub fn entries(root: &Path) -> Result<Vec<Entry>> {
    let dir = root.join("meetings");
    let mut entries = Vec::new();
    match fsio::Kind::at(&dir) {
        Ok(fsio::Kind::Folder) => {}
        Ok(fsio::Kind::Link) => {
            let shown = Path::new("meetings");
            return Err(fsio::read::refusal(shown, shown, fsio::Kind::Link).into());
        }
        _ => return Ok(entries),
    }
    let relative = |path: &Path| path.strip_prefix(root).unwrap_or(path).to_path_buf();
    for (year, kind) in read_dir(&dir, root)? {
        if kind != fsio::Kind::Folder {
            entries.push(Entry::Stray(relative(&year)));
            continue;
        }
        for (file, _) in read_dir(&year, root)? {
            entries.push(classify(&relative(&file)));
        }
    }
    entries.sort_by(|a, b| entry_key(a).cmp(&entry_key(b)));
    Ok(entries)
}

/// The meeting files under `root/meetings/`, in chronological order, each
/// with what `f` makes of what the system says of it (`None` when it
/// cannot say), the same files as [`entries`] lists. Each file is asked
/// about through its folder, as it is listed, which costs the system less
/// than a path from the root would; a link is asked about as a link, never
/// followed (it is refused when read).
pub fn meeting_files<T: Send>(
    root: &Path,
    f: impl Fn(std::fs::Metadata) -> T + Sync,
) -> Result<Vec<(MeetingId, Option<T>)>> {
    let dir = root.join("meetings");
    match fsio::Kind::at(&dir) {
        Ok(fsio::Kind::Folder) => {}
        Ok(fsio::Kind::Link) => {
            let shown = Path::new("meetings");
            return Err(fsio::read::refusal(shown, shown, fsio::Kind::Link).into());
        }
        _ => return Ok(Vec::new()),
    }
    let years: Vec<PathBuf> = read_dir(&dir, root)?
        .into_iter()
        .filter(|(_, kind)| *kind == fsio::Kind::Folder)
        .map(|(year, _)| year)
        .collect();
    let listed: Vec<Result<Vec<_>>> = crate::cores::map(&years, &|| {}, |year| {
        let shown = year.strip_prefix(root).unwrap_or(year);
        let entries = std::fs::read_dir(year).map_err(|e| Error::io("list", shown, e))?;
        let mut found = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| Error::io("list", shown, e))?;
            let name = entry.file_name();
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            if let Entry::Meeting(id) = classify(&shown.join(&name)) {
                found.push((id, entry.metadata().ok().map(&f)));
            }
        }
        Ok(found)
    });
    let mut files = Vec::new();
    for year in listed {
        files.extend(year?);
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(files)
}

/// Parses the text of a meeting file into a record.
pub fn parse_record(
    id: MeetingId,
    file: PathBuf,
    text: String,
) -> Result<Record, Vec<crate::diagnostic::Diagnostic>> {
    let (mut meeting, spans): (Meeting, Spans) = source::parse(&file, &text, meeting::FIELDS)?;
    meeting.complete();
    Ok(Record {
        id,
        file,
        text,
        meeting,
        spans,
    })
}

/// The entries of `dir` but hidden ones, each with what it is (links are
/// not followed).
fn read_dir(dir: &Path, root: &Path) -> Result<Vec<(PathBuf, fsio::Kind)>> {
    let shown = dir.strip_prefix(root).unwrap_or(dir);
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io("list", shown, e))?;
    let mut paths = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io("list", shown, e))?;
        let name = entry.file_name();
        if !name.to_string_lossy().starts_with('.') {
            let kind = entry.file_type().map_or(fsio::Kind::Other, fsio::Kind::of);
            paths.push((entry.path(), kind));
        }
    }
    Ok(paths)
}

/// What a file under `meetings/` is, by its name alone.
pub fn classify(file: &Path) -> Entry {
    let stray = || Entry::Stray(file.to_path_buf());
    let Some(name) = file
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_suffix(".toml"))
    else {
        return stray();
    };
    let (stem, lang) = match name.split_once('.') {
        Some((stem, lang)) => (stem, Some(lang)),
        None => (name, None),
    };
    let Ok(id) = MeetingId::parse(stem) else {
        return stray();
    };
    if id.relative_path().parent() != file.parent() {
        return stray();
    }
    match lang {
        None => Entry::Meeting(id),
        Some(lang) => match lang.parse() {
            Ok(lang) => Entry::Overlay(id, lang),
            Err(_) => stray(),
        },
    }
}

fn entry_key(entry: &Entry) -> (Option<&MeetingId>, u8, String) {
    match entry {
        Entry::Meeting(id) => (Some(id), 0, String::new()),
        Entry::Overlay(id, lang) => (Some(id), 1, lang.to_string()),
        Entry::Stray(path) => (None, 2, path.display().to_string()),
    }
}
