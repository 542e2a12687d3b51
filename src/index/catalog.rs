//! Where the index of meetings keeps its bytes: a large data file that only
//! grows, and a small catalog, replaced whole, that says which of its bytes
//! are in use.
//!
//! The data file (`meetings-<generation>.data`) holds every meeting's parts
//! as blocks, each part of all meetings together (a listing reads its
//! columns in one pass), and the word index: the lists, then a dictionary of
//! the words with where their lists are. The catalog (`meetings.bin`, in the
//! format of `store`) holds the files with what was recorded of them, where
//! each meeting's blocks are with their CRC-32s, and the word lists of the
//! meetings appended since the data file was written (the delta).
//!
//! A changed meeting is appended: its blocks go at the end of the data file
//! and a new catalog points at them, so that one edit writes a few
//! kilobytes and the catalog, not the archive's notes again. Blocks no
//! catalog points at are garbage; once garbage or the delta pass a share of
//! the whole, the live blocks are copied into a new data file (in the order
//! of the files) with one word index, and the old file goes.
//!
//! Readers take no lock: a catalog is replaced by rename, it names its data
//! file and the length it uses, and appending never changes those bytes (a
//! reader whose data file was compacted away meanwhile reads the catalog
//! again). Writers take the index's lock (`meetings.lock`) without waiting
//! — a process that finds it taken leaves the saving to the one holding it —
//! and write only if the catalog is still the one they read. A new data file
//! is written under a temporary name and renamed before a catalog names it;
//! bytes a crashed writer appended past the catalog's length are cut off by
//! the next. The data file is not flushed (a cache may be lost in a power
//! cut, and every block's checksum finds it); the catalog is.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::parts::COUNT;
use super::store::{self, Unusable};
use super::words::{self, Posting};
use crate::error::{Error, Result};

const KIND: &[u8; 8] = b"meetings";
const VERSION: u32 = 6;
const CATALOG: &str = "meetings.bin";
const LOCK: &str = "meetings.lock";
const DATA_PREFIX: &str = "meetings-";
const DATA_SUFFIX: &str = ".data";
/// Reads closer than this are one read: the parts of one kind lie together.
const GAP: u64 = 64 * 1024;

/// Where some bytes are in the data file, and their CRC-32.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    pub at: u64,
    pub len: u32,
    pub crc: u32,
}

impl Block {
    fn end(&self) -> u64 {
        self.at + u64::from(self.len)
    }
}

/// The catalog's first section.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Head {
    /// When the run that wrote it began: files changed since (or just
    /// before) are read again.
    pub written: Duration,
    /// The data file's name, and the length of it in use.
    pub data: String,
    pub data_len: u64,
    /// Slots below this have their words in the data file's lists; the
    /// words of later ones are in the delta.
    pub base: u32,
    /// Where the lists start, and the dictionary of the words.
    pub lists_at: u64,
    pub dictionary: Block,
}

/// A meeting file as it was when recorded.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Entry {
    /// The meeting's id, which is also its file's name.
    pub id: String,
    pub stat: Stat,
    /// Where its blocks are; `None` when it does not parse (`check` says why).
    pub slot: Option<u32>,
}

/// What says whether a file changed: its size, modification time, inode
/// change time and inode number (zero where the system has none).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stat {
    pub len: u64,
    pub modified: Duration,
    pub changed: Duration,
    pub inode: u64,
}

/// The catalog: files in the archive's order, the blocks of each slot, and
/// the delta's word lists (sorted by word, each an encoded list).
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    pub head: Head,
    pub files: Vec<Entry>,
    pub slots: Vec<[Block; COUNT]>,
    pub delta: Vec<(String, Vec<u8>)>,
}

/// A catalog with its data file open.
pub struct Opened {
    pub catalog: Catalog,
    pub data: Data,
}

/// Reads the catalog in `dir` and opens its data file.
pub fn open(dir: &Path) -> Result<Opened, Unusable> {
    // A compaction may remove the data file between the two reads: the
    // catalog that replaced it names the new one.
    let mut tries = 0;
    loop {
        let catalog = read(dir)?;
        match File::open(dir.join(&catalog.head.data)) {
            Ok(file) => {
                let len = file.metadata().map_err(|_| Unusable::Damaged)?.len();
                if len < catalog.head.data_len {
                    return Err(Unusable::Damaged);
                }
                let data = Data {
                    file,
                    len: catalog.head.data_len,
                };
                return Ok(Opened { catalog, data });
            }
            Err(_) if tries < 3 => tries += 1,
            Err(_) => return Err(Unusable::Damaged),
        }
    }
}

fn read(dir: &Path) -> Result<Catalog, Unusable> {
    let sections = store::read(&dir.join(CATALOG), KIND, VERSION, &[0, 1, 2, 3])?;
    let catalog = Catalog {
        head: store::decode(sections.get(0))?,
        files: store::decode(sections.get(1))?,
        slots: store::decode(sections.get(2))?,
        delta: store::decode(sections.get(3))?,
    };
    let known = |s: &Option<u32>| s.is_none_or(|s| (s as usize) < catalog.slots.len());
    let inside = catalog
        .slots
        .iter()
        .flatten()
        .all(|b| b.end() <= catalog.head.data_len);
    if !catalog.files.iter().all(|e| known(&e.slot)) || !inside {
        return Err(Unusable::Damaged);
    }
    Ok(catalog)
}

/// The data file of a catalog, up to the length that catalog uses.
pub struct Data {
    file: File,
    len: u64,
}

/// Blocks read from the data file, each checked when it is taken. One is
/// used again and again (`Data::fetch_into`), so that its memory is.
#[derive(Default)]
pub struct Fetched {
    /// Where each read began in the file, and in `bytes`.
    spans: Vec<(u64, usize)>,
    bytes: Vec<u8>,
}

impl Fetched {
    /// The bytes of `block`, if they were read and are sound.
    pub fn get(&self, block: &Block) -> Option<&[u8]> {
        let i = self.spans.partition_point(|(at, _)| *at <= block.at);
        let (at, start) = self.spans.get(i.checked_sub(1)?)?;
        let start = start + usize::try_from(block.at - at).ok()?;
        let bytes = self.bytes.get(start..start + block.len as usize)?;
        (crc32fast::hash(bytes) == block.crc).then_some(bytes)
    }
}

impl Data {
    /// Reads `blocks`, those near each other in one read.
    pub fn fetch(&self, blocks: impl IntoIterator<Item = Block>) -> Fetched {
        let mut fetched = Fetched::default();
        self.fetch_into(blocks, &mut fetched);
        fetched
    }

    /// Reads `blocks` into `fetched`, in place of what it held.
    pub fn fetch_into(&self, blocks: impl IntoIterator<Item = Block>, fetched: &mut Fetched) {
        use std::io::{Read, Seek, SeekFrom};
        let mut blocks: Vec<Block> = blocks.into_iter().filter(|b| b.end() <= self.len).collect();
        blocks.sort_unstable_by_key(|b| b.at);
        let mut ranges: Vec<(u64, u64)> = Vec::new();
        for b in blocks {
            match ranges.last_mut() {
                Some((_, end)) if b.at <= *end + GAP => *end = (*end).max(b.end()),
                _ => ranges.push((b.at, b.end())),
            }
        }
        fetched.spans.clear();
        fetched.bytes.clear();
        for (at, end) in ranges {
            let start = fetched.bytes.len();
            fetched.bytes.resize(start + (end - at) as usize, 0);
            let mut file = &self.file;
            let read = file
                .seek(SeekFrom::Start(at))
                .and_then(|_| file.read_exact(&mut fetched.bytes[start..]));
            match read {
                Ok(()) => fetched.spans.push((at, start)),
                // Unread blocks are missing, which the caller notices.
                Err(_) => fetched.bytes.truncate(start),
            }
        }
    }

    /// `len` bytes at `at`; `None` when they cannot be read.
    pub fn bytes(&self, at: u64, len: u64) -> Option<Vec<u8>> {
        let mut bytes = vec![0; usize::try_from(len).ok()?];
        let mut file = &self.file;
        file.seek(SeekFrom::Start(at)).ok()?;
        file.read_exact(&mut bytes).ok()?;
        Some(bytes)
    }

    /// The sound bytes of one block.
    pub fn block(&self, block: &Block) -> Option<Vec<u8>> {
        let bytes = self.bytes(block.at, u64::from(block.len))?;
        (block.end() <= self.len && crc32fast::hash(&bytes) == block.crc).then_some(bytes)
    }
}

/// The words of the data file's lists: a dictionary, read once.
pub struct Dictionary {
    bytes: Vec<u8>,
    lists_at: u64,
}

impl Dictionary {
    pub fn read(opened: &Opened) -> Option<Dictionary> {
        let head = &opened.catalog.head;
        Some(Dictionary {
            bytes: opened.data.block(&head.dictionary)?,
            lists_at: head.lists_at,
        })
    }

    /// Every word with where its list is, in word order.
    pub fn words(&self) -> Option<Vec<(&str, Block)>> {
        store::decode(&self.bytes).ok()
    }

    /// The bytes of the lists of `words`, read together; `None` when one
    /// is damaged.
    pub fn lists(&self, data: &Data, words: &[(&str, Block)]) -> Option<Vec<Vec<u8>>> {
        let blocks: Vec<Block> = words
            .iter()
            .map(|(_, b)| Block {
                at: b.at + self.lists_at,
                ..*b
            })
            .collect();
        let fetched = data.fetch(blocks.iter().copied());
        blocks
            .iter()
            .map(|b| fetched.get(b).map(<[u8]>::to_vec))
            .collect()
    }

    /// The postings of every word that meets `need`, merged in order;
    /// `None` when a list is damaged.
    pub fn postings(
        &self,
        data: &Data,
        need: crate::query::search::Need<'_>,
    ) -> Option<Vec<Posting>> {
        let words = self.words()?;
        let found = words::satisfying(&words, |w| w.0, need);
        let mut all = Vec::new();
        for list in self.lists(data, found)? {
            all.extend(words::decode(&list)?);
        }
        if found.len() > 1 {
            all.sort_unstable();
        }
        Some(all)
    }
}

/// The index's lock, held while a catalog is written.
pub struct Writer {
    dir: PathBuf,
    _lock: File,
}

impl Writer {
    /// The lock of the index in `dir`, if no other process holds it, and
    /// the catalog in place is still `seen` (`None`: there was none).
    pub fn take(dir: &Path, seen: Option<&Head>) -> Option<Writer> {
        let lock = crate::lock::try_exclusive(&dir.join(LOCK)).ok()??;
        let now = read(dir).ok().map(|c| c.head);
        (now.as_ref() == seen).then(|| Writer {
            dir: dir.to_path_buf(),
            _lock: lock,
        })
    }

    /// The lock of the index in `dir`, if no other process holds it,
    /// whatever catalog is in place: for a rebuild, which replaces any.
    pub fn take_over(dir: &Path) -> Option<Writer> {
        let lock = crate::lock::try_exclusive(&dir.join(LOCK)).ok()??;
        Some(Writer {
            dir: dir.to_path_buf(),
            _lock: lock,
        })
    }

    /// A new data file, under a temporary name until [`Writer::publish`].
    pub fn create(&self) -> Result<Appender> {
        let file = tempfile::Builder::new()
            .prefix(".minutes-")
            .suffix(".tmp")
            .tempfile_in(&self.dir)
            .map_err(|e| Error::io("write the index in", &self.dir, e))?;
        Ok(Appender {
            len: 0,
            target: Target::New(file),
        })
    }

    /// The data file of `head`, to append to from its length on.
    pub fn extend(&self, head: &Head) -> Result<Appender> {
        let path = self.dir.join(&head.data);
        let file = File::options()
            .write(true)
            .open(&path)
            .map_err(|e| Error::io("open", &path, e))?;
        // What a crashed writer appended after the catalog's length goes.
        file.set_len(head.data_len)
            .and_then(|()| (&file).seek(SeekFrom::Start(head.data_len)))
            .map_err(|e| Error::io("write", &path, e))?;
        Ok(Appender {
            len: head.data_len,
            target: Target::Existing(std::io::BufWriter::new(file), path),
        })
    }

    /// Writes `catalog` in place of the catalog, its data file being
    /// `appender`'s, and removes the data files no catalog names any more.
    pub fn publish(self, mut catalog: Catalog, appender: Appender) -> Result<()> {
        let name = match appender.target {
            Target::New(temp) => {
                let name = format!("{DATA_PREFIX}{:016x}{DATA_SUFFIX}", generation());
                temp.persist(self.dir.join(&name))
                    .map_err(|e| Error::io("write", &self.dir.join(&name), e.error))?;
                name
            }
            Target::Existing(mut out, path) => {
                out.flush().map_err(|e| Error::io("write", &path, e))?;
                catalog.head.data.clone()
            }
        };
        catalog.head.data = name;
        catalog.head.data_len = appender.len;
        let sections = [
            store::encode(&catalog.head)?,
            store::encode(&catalog.files)?,
            store::encode(&catalog.slots)?,
            store::encode(&catalog.delta)?,
        ];
        let sections: Vec<&[u8]> = sections.iter().map(Vec::as_slice).collect();
        store::write(&self.dir.join(CATALOG), KIND, VERSION, &sections)?;
        self.remove_others(&catalog.head.data);
        Ok(())
    }

    /// Removes data files other than `kept`: those of catalogs replaced,
    /// and those a crashed writer left.
    fn remove_others(&self, kept: &str) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with(DATA_PREFIX) && name.ends_with(DATA_SUFFIX) && name != kept {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// A number for a new data file's name, different from the last one's.
fn generation() -> u64 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::SystemTime::UNIX_EPOCH)
        .unwrap_or_default();
    (now.as_nanos() as u64) ^ (u64::from(std::process::id()) << 48)
}

/// Bytes being added to a data file.
pub struct Appender {
    len: u64,
    target: Target,
}

enum Target {
    New(tempfile::NamedTempFile),
    Existing(std::io::BufWriter<File>, PathBuf),
}

impl Appender {
    /// Adds `bytes`; where they are.
    pub fn append(&mut self, bytes: &[u8]) -> Result<Block> {
        let written = match &mut self.target {
            Target::New(file) => file.write_all(bytes),
            Target::Existing(out, _) => out.write_all(bytes),
        };
        written.map_err(|e| Error::failed(format!("cannot write the index: {e}")))?;
        let block = Block {
            at: self.len,
            len: u32::try_from(bytes.len())
                .map_err(|_| Error::failed("a block of the index is over 4 GiB"))?,
            crc: crc32fast::hash(bytes),
        };
        self.len += bytes.len() as u64;
        Ok(block)
    }

    pub fn len(&self) -> u64 {
        self.len
    }
}

/// The word index being written after the blocks: lists as they come, in
/// word order, then the dictionary.
pub struct WordsOut {
    lists_at: u64,
    words: Vec<(String, Block)>,
}

impl WordsOut {
    pub fn new(appender: &Appender) -> WordsOut {
        WordsOut {
            lists_at: appender.len(),
            words: Vec::new(),
        }
    }

    /// Adds the list of `word`, which comes after every word added before.
    pub fn add(&mut self, appender: &mut Appender, word: &str, list: &[u8]) -> Result<()> {
        let mut block = appender.append(list)?;
        block.at -= self.lists_at;
        self.words.push((word.to_string(), block));
        Ok(())
    }

    /// Writes the dictionary, and says in `head` where the word index is.
    pub fn finish(self, appender: &mut Appender, head: &mut Head) -> Result<()> {
        head.lists_at = self.lists_at;
        head.dictionary = appender.append(&store::encode(&self.words)?)?;
        Ok(())
    }
}

/// The delta's lists that meet `need`, merged in order.
pub fn delta_postings(
    delta: &[(String, Vec<u8>)],
    need: crate::query::search::Need<'_>,
) -> Option<Vec<Posting>> {
    let found = words::satisfying(delta, |(w, _)| w.as_str(), need);
    let mut all = Vec::new();
    for (_, list) in found {
        all.extend(words::decode(list)?);
    }
    if found.len() > 1 {
        all.sort_unstable();
    }
    Some(all)
}

/// Bytes of the data file no slot in use points at, and all its bytes in
/// use: what decides a compaction.
pub fn garbage(catalog: &Catalog, live: impl Iterator<Item = u32>) -> u64 {
    let used: u64 = live
        .map(|s| {
            catalog.slots[s as usize]
                .iter()
                .map(|b| u64::from(b.len))
                .sum::<u64>()
        })
        .sum();
    let words = catalog
        .head
        .dictionary
        .end()
        .saturating_sub(catalog.head.lists_at);
    catalog.head.data_len.saturating_sub(used + words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_near_each_other_are_one_read_and_checked() {
        let dir = tempfile::tempdir().unwrap();
        let writer = Writer::take(dir.path(), None).unwrap();
        let mut out = writer.create().unwrap();
        let a = out.append(b"first").unwrap();
        let b = out.append(b"second").unwrap();
        let catalog = Catalog {
            slots: vec![[a; COUNT], [b; COUNT]],
            ..Catalog::default()
        };
        writer.publish(catalog, out).unwrap();
        let opened = open(dir.path()).unwrap();
        let fetched = opened.data.fetch([b, a]);
        assert_eq!(fetched.spans.len(), 1);
        assert_eq!(fetched.get(&a), Some(&b"first"[..]));
        assert_eq!(fetched.get(&b), Some(&b"second"[..]));
        let wrong = Block {
            crc: a.crc ^ 1,
            ..a
        };
        assert_eq!(fetched.get(&wrong), None);
        // A second writer finds the lock taken; a stale view is refused.
        let first = Writer::take(dir.path(), Some(&opened.catalog.head)).unwrap();
        assert!(Writer::take(dir.path(), Some(&opened.catalog.head)).is_none());
        drop(first);
        assert!(Writer::take(dir.path(), None).is_none());
    }
}
