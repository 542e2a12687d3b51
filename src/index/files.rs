//! Parsed meetings kept between runs, each re-read only when its file changed.
//!
//! A file is taken from the cache when its size and modification time are
//! the recorded ones and it was not modified in the same tick as the cache
//! was written: that file could have changed again without its time moving
//! (git's "racily clean" entries), so it is read again until a later run
//! records it safely. Files that do not parse are remembered as such.
//!
//! The notes — most of an archive's bytes — sit in a section of their own,
//! one encoded block per file: a listing decodes only the outline, and a
//! rewrite copies the blocks of unchanged files without decoding them.

use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use super::store::{self, Unusable};
use crate::archive::{self, Entry, Loaded};
use crate::error::Result;
use crate::id::MeetingId;
use crate::meeting::Meeting;
use crate::source;

const KIND: &[u8; 8] = b"meetings";
const VERSION: u32 = 2;
/// Modification times closer than this to the cache's own time are not trusted.
const TICK: Duration = Duration::from_secs(1);

/// How much of each meeting a command needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detail {
    /// Everything but the items' notes (which are left empty).
    Outline,
    Full,
}

#[derive(Default, Serialize, Deserialize)]
struct Outline {
    written: Duration,
    files: Vec<Cached>,
}

#[derive(Clone, Serialize, Deserialize)]
struct Cached {
    file: String,
    len: u64,
    modified: Duration,
    /// `None`: the file does not parse (`check` says why). Notes are empty.
    meeting: Option<Meeting>,
    /// Where this file's notes are in the notes section.
    notes: (u64, u64),
}

/// The meetings of an archive, oldest first, and how many files failed.
pub struct Meetings {
    pub meetings: Vec<Loaded>,
    pub unreadable: usize,
    /// What happened to the cache, for `-v`.
    pub report: String,
}

/// One meeting file during a load.
struct Slot {
    id: MeetingId,
    cached: Cached,
    /// The whole meeting, when the file was read in this run.
    fresh: Option<Meeting>,
}

/// Reads every meeting, through the cache in `dir` when there is one.
pub fn load(root: &Path, dir: Option<&Path>, detail: Detail) -> Result<Meetings> {
    let started = since_epoch(SystemTime::now());
    let path = dir.map(|d| d.join("meetings.bin"));
    // A listing reads the outline only; the notes when they are needed.
    let wanted: &[usize] = if detail == Detail::Full {
        &[0, 1]
    } else {
        &[0]
    };
    let read = path
        .as_deref()
        .map(|p| store::read(p, KIND, VERSION, wanted));
    let (old, old_notes, state) = match read {
        Some(Ok(sections)) => match store::decode::<Outline>(sections.get(0)) {
            Ok(outline) => (outline, Some(sections), "warm"),
            Err(_) => (Outline::default(), None, "rebuilt (the file was damaged)"),
        },
        Some(Err(Unusable::Missing)) => (Outline::default(), None, "built"),
        Some(Err(Unusable::Damaged)) => {
            (Outline::default(), None, "rebuilt (the file was damaged)")
        }
        Some(Err(Unusable::Foreign)) => (
            Outline::default(),
            None,
            "rebuilt (not an index of this version)",
        ),
        None => (Outline::default(), None, "not used"),
    };
    let mut old_notes = old_notes;
    let trusted_before = old.written.saturating_sub(TICK);
    let mut known: HashMap<String, Cached> =
        old.files.into_iter().map(|c| (c.file.clone(), c)).collect();

    let mut slots = Vec::new();
    let mut stale = Vec::new();
    for entry in archive::entries(root)? {
        let Entry::Meeting(id) = entry else { continue };
        let file = id.relative_path().to_string_lossy().into_owned();
        let (len, modified) = stat(&root.join(&file));
        let cached = match known.remove(&file) {
            Some(c) if c.len == len && c.modified == modified && modified < trusted_before => c,
            _ => {
                stale.push(slots.len());
                Cached {
                    file,
                    len,
                    modified,
                    meeting: None,
                    notes: (0, 0),
                }
            }
        };
        slots.push(Slot {
            id,
            cached,
            fresh: None,
        });
    }
    let changed = !stale.is_empty() || !known.is_empty();
    if changed && detail == Detail::Outline {
        // The notes of unchanged files are copied into the new file: read
        // them now, provided the file is still the one whose outline we read.
        let again = path
            .as_deref()
            .and_then(|p| store::read(p, KIND, VERSION, &[0, 1]).ok());
        match (again, &old_notes) {
            (Some(again), Some(first)) if again.get(0) == first.get(0) => old_notes = Some(again),
            _ => {
                stale = (0..slots.len()).collect();
                old_notes = None;
            }
        }
    }
    let old_section = old_notes.as_ref().map_or(&[][..], |s| s.get(1));
    parse_stale(root, &mut slots, &stale);

    let mut report = format!(
        "index of meetings {state}; {} of {} files read again",
        stale.len(),
        slots.len()
    );
    let notes_section = if changed {
        Some(rebuild_notes(&mut slots, old_section)?)
    } else {
        None
    };
    if let (Some(path), Some(section)) = (&path, &notes_section) {
        let outline = OutlineRef {
            written: started,
            files: slots.iter().map(|s| &s.cached).collect(),
        };
        if let Err(e) = store::write(path, KIND, VERSION, &[&store::encode(&outline)?, section]) {
            report = format!("{report}; not saved: {e}");
        }
    }
    let notes = notes_section.as_deref().unwrap_or(old_section);
    let mut meetings = Vec::with_capacity(slots.len());
    let mut unreadable = 0;
    for slot in slots {
        let meeting = match (slot.fresh, slot.cached.meeting, detail) {
            (Some(full), _, _) => Some(full),
            (None, Some(mut outline), Detail::Full) => {
                restore_notes(&mut outline, block(notes, slot.cached.notes));
                Some(outline)
            }
            (None, outline, _) => outline,
        };
        match meeting {
            Some(mut m) => {
                if detail == Detail::Outline {
                    m.items.iter_mut().for_each(|i| i.notes.clear());
                }
                meetings.push(Loaded {
                    id: slot.id,
                    meeting: m,
                });
            }
            None => unreadable += 1,
        }
    }
    Ok(Meetings {
        meetings,
        unreadable,
        report,
    })
}

/// The same as [`Outline`] on disk, written without copying the meetings.
#[derive(Serialize)]
struct OutlineRef<'a> {
    written: Duration,
    files: Vec<&'a Cached>,
}

/// Lays out a new notes section: unchanged files' blocks are copied as
/// they are, read files' notes are encoded and taken out of the outline.
fn rebuild_notes(slots: &mut [Slot], old: &[u8]) -> Result<Vec<u8>> {
    let mut section = Vec::with_capacity(old.len());
    for slot in slots {
        let bytes = match &slot.fresh {
            Some(full) => {
                let notes: Vec<&str> = full.items.iter().map(|i| i.notes.as_str()).collect();
                let mut outline = full.clone();
                outline.items.iter_mut().for_each(|i| i.notes.clear());
                slot.cached.meeting = Some(outline);
                store::encode(&notes)?
            }
            None => block(old, slot.cached.notes).to_vec(),
        };
        slot.cached.notes = (section.len() as u64, bytes.len() as u64);
        section.extend_from_slice(&bytes);
    }
    Ok(section)
}

fn block(section: &[u8], (start, len): (u64, u64)) -> &[u8] {
    let (start, len) = (start as usize, len as usize);
    section.get(start..start + len).unwrap_or_default()
}

fn restore_notes(meeting: &mut Meeting, block: &[u8]) {
    let notes: Vec<String> = store::decode(block).unwrap_or_default();
    for (item, text) in meeting.items.iter_mut().zip(notes) {
        item.notes = text;
    }
}

/// Parses the files at `stale`, on every core when there are many.
fn parse_stale(root: &Path, slots: &mut [Slot], stale: &[usize]) {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(stale.len().div_ceil(64))
        .max(1);
    let chunk = stale.len().div_ceil(threads).max(1);
    let bar = crate::ui::progress(Some(stale.len() as u64), "indexing meetings");
    let bar = &bar;
    let parsed: Vec<Option<Meeting>> = std::thread::scope(|scope| {
        let handles: Vec<_> = stale
            .chunks(chunk)
            .map(|part| {
                let slots = &*slots;
                scope.spawn(move || {
                    part.iter()
                        .map(|&i| {
                            bar.inc(1);
                            parse(root, &slots[i].id)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    bar.finish_and_clear();
    for (&i, meeting) in stale.iter().zip(parsed) {
        slots[i].fresh = meeting;
    }
}

fn parse(root: &Path, id: &MeetingId) -> Option<Meeting> {
    let file = id.relative_path();
    let text = source::read_text(&root.join(&file), &file).ok()?;
    archive::parse_record(id.clone(), file, text)
        .ok()
        .map(|r| r.meeting)
}

fn stat(path: &Path) -> (u64, Duration) {
    match std::fs::metadata(path) {
        Ok(meta) => (
            meta.len(),
            meta.modified().map(since_epoch).unwrap_or_default(),
        ),
        Err(_) => (0, Duration::ZERO),
    }
}

fn since_epoch(time: SystemTime) -> Duration {
    time.duration_since(SystemTime::UNIX_EPOCH)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A copy of the sample meetings, modified an hour ago (so not racy).
    fn sample() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let from = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("meetings/2025");
        let to = dir.path().join("meetings/2025");
        std::fs::create_dir_all(&to).unwrap();
        let past = SystemTime::now() - Duration::from_secs(3600);
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            std::fs::copy(entry.path(), &target).unwrap();
            std::fs::File::options()
                .write(true)
                .open(&target)
                .unwrap()
                .set_modified(past)
                .unwrap();
        }
        dir
    }

    #[test]
    fn warm_loads_equal_cold_ones_in_both_details() {
        let root = sample();
        let index = tempfile::tempdir().unwrap();
        for detail in [Detail::Full, Detail::Outline, Detail::Full] {
            let plain = load(root.path(), None, detail).unwrap();
            let built = load(root.path(), Some(index.path()), detail).unwrap();
            let warm = load(root.path(), Some(index.path()), detail).unwrap();
            assert!(warm.report.contains("warm; 0 of 9"), "{}", warm.report);
            assert_eq!(plain.meetings, built.meetings);
            assert_eq!(plain.meetings, warm.meetings);
        }
        let full = load(root.path(), Some(index.path()), Detail::Full).unwrap();
        assert!(full.meetings[3].meeting.items[1].notes.contains("Goma"));
        let outline = load(root.path(), Some(index.path()), Detail::Outline).unwrap();
        assert!(
            outline
                .meetings
                .iter()
                .all(|l| l.meeting.items.iter().all(|i| i.notes.is_empty()))
        );
    }

    #[test]
    fn a_meeting_survives_the_binary_form() {
        let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        for id in ["2025-01-28", "2025-03-11"] {
            let meeting = parse(&root, &MeetingId::parse(id).unwrap()).unwrap();
            let bytes = postcard::to_stdvec(&meeting).unwrap();
            assert_eq!(postcard::from_bytes::<Meeting>(&bytes).unwrap(), meeting);
        }
    }
}
