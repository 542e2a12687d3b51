//! Parsed meetings kept between runs, each re-read only when its file changed.
//!
//! A file is taken from the cache when its size, modification time, inode
//! change time and inode number are the recorded ones, as git trusts its
//! index: a program that writes a file and then sets its modification time
//! back (`cp -p`, `rsync -t`, `touch -r`, an editor keeping times) or
//! renames another file of the same size and time over it still moves the
//! change time or the inode. Nor is a file trusted that changed in the same
//! tick as the cache was written: it could have changed again without its
//! times moving (git's "racily clean" entries), so it is read again until a
//! later run records it safely. Files that do not parse are remembered as
//! such.
//!
//! The notes — most of an archive's bytes — sit in a section of their own,
//! one encoded block per file: a listing decodes only the outline, and a
//! rewrite copies the blocks of unchanged files without decoding them. A
//! third section holds each file's text folded for search: a search reads
//! the notes only of the meetings whose folded text holds every term.

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
const VERSION: u32 = 4;
/// Modification times closer than this to the cache's own time are not trusted.
const TICK: Duration = Duration::from_secs(1);
/// The sections of the file: the outline, the notes, the folded search text.
const OUTLINE: usize = 0;
const NOTES: usize = 1;
const FOLDED: usize = 2;

/// How much of each meeting a command needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detail<'a> {
    /// Everything but the items' notes (which are left empty).
    Outline,
    Full,
    /// Whole meetings, but only those whose folded text holds every one of
    /// these (folded) terms: what a search can match.
    Matching(&'a [String]),
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
    /// The inode change time and number (zero where the system has none).
    changed: Duration,
    inode: u64,
    /// `None`: the file does not parse (`check` says why). Notes are empty.
    meeting: Option<Meeting>,
    /// Where this file's notes are in the notes section, and their CRC-32
    /// (a search reads single blocks, not the whole checked section).
    notes: (u64, u64, u32),
    /// Where this file's folded search text is in its section.
    folded: (u64, u64),
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
pub fn load(root: &Path, dir: Option<&Path>, detail: Detail<'_>) -> Result<Meetings> {
    let started = since_epoch(SystemTime::now());
    let path = dir.map(|d| d.join("meetings.bin"));
    // A listing reads the outline only, a search the folded text; the notes
    // when they are needed.
    let wanted: &[usize] = match detail {
        Detail::Outline => &[OUTLINE],
        Detail::Full => &[OUTLINE, NOTES],
        Detail::Matching(_) => &[OUTLINE, FOLDED],
    };
    let read = path
        .as_deref()
        .map(|p| store::read(p, KIND, VERSION, wanted));
    let (old, mut sections, state) = match read {
        Some(Ok(sections)) => match store::decode::<Outline>(sections.get(OUTLINE)) {
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
    let trusted_before = old.written.saturating_sub(TICK);
    let mut known: HashMap<String, Cached> =
        old.files.into_iter().map(|c| (c.file.clone(), c)).collect();

    let mut slots = Vec::new();
    let mut stale = Vec::new();
    for entry in archive::entries(root)? {
        let Entry::Meeting(id) = entry else { continue };
        let file = id.relative_path().to_string_lossy().into_owned();
        let Stat {
            len,
            modified,
            changed,
            inode,
        } = stat(&root.join(&file));
        let cached = match known.remove(&file) {
            Some(c)
                if (c.len, c.modified, c.changed, c.inode) == (len, modified, changed, inode)
                    && modified.max(changed) < trusted_before =>
            {
                c
            }
            _ => {
                stale.push(slots.len());
                Cached {
                    file,
                    len,
                    modified,
                    changed,
                    inode,
                    meeting: None,
                    notes: (0, 0, 0),
                    folded: (0, 0),
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
    if changed {
        // The blocks of unchanged files are copied into the new file: read
        // them all, provided the file is still the one whose outline we read.
        let again = path
            .as_deref()
            .and_then(|p| store::read(p, KIND, VERSION, &[OUTLINE, NOTES, FOLDED]).ok());
        match (again, &sections) {
            (Some(again), Some(first)) if again.get(OUTLINE) == first.get(OUTLINE) => {
                sections = Some(again)
            }
            _ => {
                stale = (0..slots.len()).collect();
                sections = None;
            }
        }
    }
    parse_stale(root, &mut slots, &stale);

    let mut report = format!(
        "index of meetings {state}; {} of {} read again",
        stale.len(),
        crate::plural::count(slots.len(), "file")
    );
    if changed {
        let (notes, folded) = rebuild(&mut slots, sections.as_ref())?;
        if let Some(path) = &path {
            let outline = OutlineRef {
                written: started,
                files: slots.iter().map(|s| &s.cached).collect(),
            };
            if let Err(e) = store::write(
                path,
                KIND,
                VERSION,
                &[&store::encode(&outline)?, &notes, &folded],
            ) {
                report = format!("{report}; not saved: {e}");
            }
        }
    }
    let mut meetings = Vec::with_capacity(slots.len());
    let mut unreadable = 0;
    for slot in slots {
        let Slot { id, cached, fresh } = slot;
        if fresh.is_none() && cached.meeting.is_none() {
            unreadable += 1;
            continue;
        }
        if let (Detail::Matching(terms), None) = (detail, &fresh) {
            // Without its folded text (an older block), a meeting stays in.
            let text = sections
                .as_ref()
                .and_then(|s| s.block(FOLDED, cached.folded.0, cached.folded.1));
            if text.is_some_and(|t| !holds_all(&t, terms)) {
                continue;
            }
        }
        let meeting = match (fresh, cached.meeting, detail) {
            (Some(full), _, Detail::Matching(terms)) => Some(full)
                .filter(|m| holds_all(crate::query::search::searchable(m).as_bytes(), terms)),
            (Some(full), _, _) => Some(full),
            (None, Some(mut outline), Detail::Full | Detail::Matching(_)) => {
                let (start, len, crc) = cached.notes;
                let block = sections.as_ref().and_then(|s| s.block(NOTES, start, len));
                match block.filter(|b| crc32fast::hash(b) == crc) {
                    Some(block) => restore_notes(&mut outline, &block),
                    // A damaged block: read the file itself.
                    None => outline = parse(root, &id).unwrap_or(outline),
                }
                Some(outline)
            }
            (None, outline, _) => outline,
        };
        // None here: a file read in this run that cannot match the search.
        if let Some(mut m) = meeting {
            if detail == Detail::Outline {
                m.items.iter_mut().for_each(|i| i.notes.clear());
            }
            meetings.push(Loaded { id, meeting: m });
        }
    }
    Ok(Meetings {
        meetings,
        unreadable,
        report,
    })
}

/// Whether `text` (folded) contains every term.
fn holds_all(text: &[u8], terms: &[String]) -> bool {
    terms
        .iter()
        .all(|t| memchr::memmem::find(text, t.as_bytes()).is_some())
}

/// The same as [`Outline`] on disk, written without copying the meetings.
#[derive(Serialize)]
struct OutlineRef<'a> {
    written: Duration,
    files: Vec<&'a Cached>,
}

/// Lays out new notes and search sections: unchanged files' blocks are
/// copied as they are; read files' notes are encoded and taken out of the
/// outline, and their text folded for search.
fn rebuild(slots: &mut [Slot], old: Option<&store::Sections>) -> Result<(Vec<u8>, Vec<u8>)> {
    let mut notes_section = Vec::new();
    let mut folded_section = Vec::new();
    for slot in slots {
        let (notes, folded) = match &slot.fresh {
            Some(full) => {
                let notes: Vec<&str> = full.items.iter().map(|i| i.notes.as_str()).collect();
                let mut outline = full.clone();
                outline.items.iter_mut().for_each(|i| i.notes.clear());
                slot.cached.meeting = Some(outline);
                (
                    store::encode(&notes)?,
                    crate::query::search::searchable(full).into_bytes(),
                )
            }
            None => {
                let block =
                    |n, (start, len)| old.and_then(|s| s.block(n, start, len)).unwrap_or_default();
                let (start, len, _) = slot.cached.notes;
                (
                    block(NOTES, (start, len)),
                    block(FOLDED, slot.cached.folded),
                )
            }
        };
        slot.cached.notes = (
            notes_section.len() as u64,
            notes.len() as u64,
            crc32fast::hash(&notes),
        );
        slot.cached.folded = (folded_section.len() as u64, folded.len() as u64);
        notes_section.extend_from_slice(&notes);
        folded_section.extend_from_slice(&folded);
    }
    Ok((notes_section, folded_section))
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

/// What says whether a file changed, as the cache records it.
#[derive(Default)]
struct Stat {
    len: u64,
    modified: Duration,
    changed: Duration,
    inode: u64,
}

fn stat(path: &Path) -> Stat {
    let Ok(meta) = std::fs::metadata(path) else {
        return Stat::default();
    };
    let mut stat = Stat {
        len: meta.len(),
        modified: meta.modified().map(since_epoch).unwrap_or_default(),
        ..Stat::default()
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        stat.changed = Duration::new(
            u64::try_from(meta.ctime()).unwrap_or_default(),
            u32::try_from(meta.ctime_nsec()).unwrap_or_default(),
        );
        stat.inode = meta.ino();
    }
    stat
}

fn since_epoch(time: SystemTime) -> Duration {
    time.duration_since(SystemTime::UNIX_EPOCH)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A copy of the sample meetings, modified an hour ago and changed (as
    /// the inode's change time says) over a tick ago, so not racy.
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
        std::thread::sleep(TICK + Duration::from_millis(100));
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
