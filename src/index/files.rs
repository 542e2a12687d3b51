//! Parsed meetings kept between runs, each re-read only when its file changed.
//!
//! A file is taken from the cache when its size and modification time are
//! the recorded ones and it was not modified in the same tick as the cache
//! was written: that file could have changed again without its time moving
//! (git's "racily clean" entries), so it is read again until a later run
//! records it safely. Files that do not parse are remembered as such, so
//! that `list` can say how many there are without parsing them each time.

use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use super::store::{self, Unusable};
use crate::archive::{self, Entry};
use crate::error::Result;
use crate::id::MeetingId;
use crate::meeting::Meeting;
use crate::source;

const KIND: &[u8; 8] = b"meetings";
const VERSION: u32 = 1;
/// Modification times closer than this to the cache's own time are not trusted.
const TICK: Duration = Duration::from_secs(1);

#[derive(Default, Serialize, Deserialize)]
struct Cache {
    written: Duration,
    files: Vec<Cached>,
}

/// The same as [`Cache`] on disk, written without copying the meetings.
#[derive(Serialize)]
struct CacheRef<'a> {
    written: Duration,
    files: Vec<&'a Cached>,
}

#[derive(Serialize, Deserialize)]
struct Cached {
    file: String,
    len: u64,
    modified: Duration,
    /// `None`: the file does not parse (`check` says why).
    meeting: Option<Meeting>,
}

/// The meetings of an archive, oldest first, and how many files failed.
pub struct Meetings {
    pub meetings: Vec<(MeetingId, Meeting)>,
    pub unreadable: usize,
    /// What happened to the cache, for `-v`.
    pub report: String,
}

/// Reads every meeting, through the cache in `dir` when there is one.
pub fn load(root: &Path, dir: Option<&Path>) -> Result<Meetings> {
    let started = since_epoch(SystemTime::now());
    let path = dir.map(|d| d.join("meetings.bin"));
    let (cache, state) = match path
        .as_deref()
        .map(|p| store::read::<Cache>(p, KIND, VERSION))
    {
        Some(Ok(cache)) => (cache, "warm"),
        Some(Err(Unusable::Missing)) => (Cache::default(), "built"),
        Some(Err(Unusable::Damaged)) => (Cache::default(), "rebuilt (the file was damaged)"),
        Some(Err(Unusable::Foreign)) => {
            (Cache::default(), "rebuilt (not an index of this version)")
        }
        None => (Cache::default(), "not used (no git repository)"),
    };
    let mut known: HashMap<String, Cached> = cache
        .files
        .into_iter()
        .map(|c| (c.file.clone(), c))
        .collect();
    let trusted_before = cache.written.saturating_sub(TICK);

    let mut files = Vec::new();
    let mut stale = Vec::new();
    for entry in archive::entries(root)? {
        let Entry::Meeting(id) = entry else { continue };
        let file = id.relative_path().to_string_lossy().into_owned();
        let (len, modified) = stat(&root.join(&file));
        match known.remove(&file) {
            Some(c) if c.len == len && c.modified == modified && modified < trusted_before => {
                files.push((id, c))
            }
            _ => {
                stale.push(files.len());
                files.push((
                    id,
                    Cached {
                        file,
                        len,
                        modified,
                        meeting: None,
                    },
                ));
            }
        }
    }
    let changed = !stale.is_empty() || !known.is_empty();
    parse_stale(root, &mut files, &stale);

    let mut report = format!(
        "index of meetings {state}; {} of {} files read again",
        stale.len(),
        files.len()
    );
    if let Some(path) = path.filter(|_| changed) {
        let cache = CacheRef {
            written: started,
            files: files.iter().map(|(_, c)| c).collect(),
        };
        if let Err(e) = store::write(&path, KIND, VERSION, &cache) {
            report = format!("{report}; not saved: {e}");
        }
    }
    let mut meetings = Vec::with_capacity(files.len());
    let mut unreadable = 0;
    for (id, cached) in files {
        match cached.meeting {
            Some(m) => meetings.push((id, m)),
            None => unreadable += 1,
        }
    }
    Ok(Meetings {
        meetings,
        unreadable,
        report,
    })
}

/// Parses the files at `stale`, on every core when there are many.
fn parse_stale(root: &Path, files: &mut [(MeetingId, Cached)], stale: &[usize]) {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(stale.len().div_ceil(64))
        .max(1);
    let chunk = stale.len().div_ceil(threads).max(1);
    let parsed: Vec<Option<Meeting>> = std::thread::scope(|scope| {
        let handles: Vec<_> = stale
            .chunks(chunk)
            .map(|part| {
                let files = &*files;
                scope.spawn(move || {
                    part.iter()
                        .map(|&i| parse(root, &files[i].0))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    for (&i, meeting) in stale.iter().zip(parsed) {
        files[i].1.meeting = meeting;
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
