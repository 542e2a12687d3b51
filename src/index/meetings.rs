//! Parsed meetings kept between runs, each re-read only when its file
//! changed, and decoded only as far as a command asks.
//!
//! A file is taken from the index when its size, modification time, inode
//! change time and inode number are the recorded ones, as git trusts its
//! index: a program that writes a file and then sets its modification time
//! back (`cp -p`, `rsync -t`, `touch -r`, an editor keeping times) or
//! renames another file of the same size and time over it still moves the
//! change time or the inode. Nor is a file trusted that changed in the same
//! tick as the index was written: it could have changed again without its
//! times moving (git's "racily clean" entries), so it is read again until a
//! later run records it safely. Files that do not parse are remembered as
//! such.
//!
//! Each meeting is kept in parts (`parts`), so that a listing decodes the
//! columns it prints and a search only the meetings its words are in
//! (`words`); where the bytes are is `catalog`'s business. Files read again
//! are appended; a first run on an archive builds the whole index, reading
//! the files on every core.

use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, SystemTime};

use super::catalog::{
    self, Block, Catalog, Dictionary, Entry, Fetched, Head, Opened, Stat, WordsOut, Writer,
};
use super::parts::{self, COUNT, Parts, SUMMARY, Summary};
use super::store::{self, Unusable};
use super::words::{self, Builder, Posting};
use crate::archive::{self, Loaded};
use crate::cores;
use crate::error::Result;
use crate::id::MeetingId;
use crate::meeting::Meeting;
use crate::query::search::{self, Need};

/// Modification times closer than this to the index's own time are not trusted.
const TICK: Duration = Duration::from_secs(1);
/// A first build reads the files this many at a time, so that it never
/// holds more than these meetings.
const CHUNK: usize = 512;
/// The index is rewritten whole when its garbage passes this share of it
/// (1/n) ...
const GARBAGE_SHARE: u64 = 3;
/// ... or more meetings than this (or than 1/16 of them) were appended.
const DELTA: usize = 256;

/// How much of each meeting a command needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detail<'a> {
    /// Everything but the items' notes (which are left empty).
    Outline,
    Full,
    /// These parts; the others are left empty.
    Parts(Parts),
    /// Whole meetings, but only those where every one of these (folded)
    /// terms may match: what a search can find.
    Matching(&'a [String]),
}

impl<'a> Detail<'a> {
    fn parts(self) -> Parts {
        match self {
            Detail::Outline => Parts::OUTLINE,
            Detail::Full | Detail::Matching(_) => Parts::ALL,
            Detail::Parts(parts) => parts,
        }
    }

    /// What a unit's words must include, for a search; `None` otherwise.
    fn needs(self) -> Option<Vec<Need<'a>>> {
        match self {
            Detail::Matching(terms) => Some(terms.iter().flat_map(|t| search::needs(t)).collect()),
            _ => None,
        }
    }
}

/// The meetings of an archive, oldest first, and how many files failed.
pub struct Meetings {
    pub meetings: Vec<Loaded>,
    pub unreadable: usize,
    /// What happened to the index, for `-v`.
    pub report: String,
}

/// What a visit of the meetings found besides them.
pub struct Visited {
    /// How many files could not be read.
    pub unreadable: usize,
    /// What happened to the index, for `-v`.
    pub report: String,
}

/// A meeting file found in this run.
struct Found {
    id: MeetingId,
    name: String,
    stat: Stat,
}

/// Reads every meeting, through the index in `dir` when there is one.
pub fn load(root: &Path, dir: Option<&Path>, detail: Detail<'_>) -> Result<Meetings> {
    let mut meetings = Vec::new();
    let Visited { unreadable, report } = visit(root, dir, detail, &mut |m| meetings.push(m))?;
    Ok(Meetings {
        meetings,
        unreadable,
        report,
    })
}

/// Gives every meeting to `each`, oldest first (the order of their ids),
/// through the index in `dir` when there is one. A few hundred meetings
/// are decoded at a time: a command that keeps only what it needs of each
/// never holds them all.
pub fn visit(
    root: &Path,
    dir: Option<&Path>,
    detail: Detail<'_>,
    each: &mut dyn FnMut(Loaded),
) -> Result<Visited> {
    run(root, dir, &mut Sink::Meetings(detail, each))
}

/// Gives the [`Summary`] of every meeting to `each`, oldest first, through
/// the index in `dir` when there is one.
pub fn visit_summaries(
    root: &Path,
    dir: Option<&Path>,
    each: &mut dyn FnMut(&MeetingId, Summary),
) -> Result<Visited> {
    run(root, dir, &mut Sink::Summaries(each))
}

/// Where the meetings of a visit go.
enum Sink<'a, 'd> {
    /// Each meeting, as `Detail` asks for it.
    Meetings(Detail<'d>, &'a mut dyn FnMut(Loaded)),
    /// The summary of each.
    Summaries(&'a mut dyn FnMut(&MeetingId, Summary)),
}

impl<'d> Sink<'_, 'd> {
    /// What a unit's words must include, for a search.
    fn needs(&self) -> Option<Vec<Need<'d>>> {
        match self {
            Sink::Meetings(detail, _) => detail.needs(),
            Sink::Summaries(_) => None,
        }
    }

    /// The numbers of the blocks to read of each meeting.
    fn numbers(&self) -> Vec<usize> {
        match self {
            Sink::Meetings(detail, _) => detail.parts().numbers().collect(),
            Sink::Summaries(_) => vec![SUMMARY],
        }
    }

    /// Gives the meeting `id`, whole. For a search, `listed` are the units
    /// that may match by the word lists (else they are found here).
    fn give(
        &mut self,
        id: &MeetingId,
        meeting: Meeting,
        needs: Option<&[Need<'_>]>,
        listed: Option<&[Posting]>,
    ) {
        match self {
            Sink::Meetings(detail, each) => {
                if let Some(meeting) = shaped(meeting, needs, listed, detail.parts()) {
                    each(Loaded {
                        id: id.clone(),
                        meeting,
                    });
                }
            }
            Sink::Summaries(each) => each(id, Summary::of(&meeting)),
        }
    }

    /// Gives the meeting `id` made of `blocks`; `false` when they do not
    /// make one.
    fn give_blocks(
        &mut self,
        id: &MeetingId,
        blocks: &[Option<&[u8]>; COUNT],
        needs: Option<&[Need<'_>]>,
        listed: Option<&[Posting]>,
    ) -> bool {
        match self {
            Sink::Meetings(detail, each) => {
                // The units the lists found are all a search decodes.
                let only = |m: &Meeting| {
                    let units: Vec<u32> = listed
                        .unwrap_or_default()
                        .iter()
                        .map(|&p| p as u32)
                        .collect();
                    search::unit_items(m, &units)
                };
                let only: parts::Only<'_> = match (needs, listed) {
                    (Some(_), Some(_)) => Some(&only),
                    _ => None,
                };
                let Ok(mut meeting) = parts::assemble(blocks, only) else {
                    return false;
                };
                if only.is_none() && needs.is_some() {
                    match shaped(meeting, needs, None, detail.parts()) {
                        Some(m) => meeting = m,
                        None => return true,
                    }
                } else {
                    parts::strip(&mut meeting, detail.parts());
                }
                each(Loaded {
                    id: id.clone(),
                    meeting,
                });
                true
            }
            Sink::Summaries(each) => {
                match blocks[SUMMARY].and_then(|b| store::decode::<Summary>(b).ok()) {
                    Some(summary) => {
                        each(id, summary);
                        true
                    }
                    None => false,
                }
            }
        }
    }
}

/// Builds the index of the meetings of `root` in `dir` if there is none
/// usable, and leaves it alone otherwise: what another command, busy with
/// something else, can do on a core of its own. Failing costs only time.
pub fn prepare(root: &Path, dir: &Path) {
    if catalog::open(dir).is_ok() {
        return;
    }
    let started = since_epoch(SystemTime::now());
    if let (Ok(found), Some(writer)) = (listing(root), Writer::take_over(dir)) {
        let _ = build(root, writer, &found, started);
    }
}

fn run(root: &Path, dir: Option<&Path>, sink: &mut Sink<'_, '_>) -> Result<Visited> {
    let started = since_epoch(SystemTime::now());
    let found = listing(root)?;
    let Some(dir) = dir else {
        return plain(root, &found, sink, "index of meetings not used".into());
    };
    // The catalog a rebuild replaces, if it could be read.
    let mut seen = None;
    let state = match catalog::open(dir) {
        Ok(opened) => match warm(root, dir, opened, &found, sink, started, ("warm", 0))? {
            Ok(visited) => return Ok(visited),
            Err(Damaged(head)) => {
                seen = Some(head);
                "rebuilt (the file was damaged)"
            }
        },
        Err(Unusable::Missing) => "built",
        Err(Unusable::Damaged) => "rebuilt (the file was damaged)",
        Err(Unusable::Foreign) => "rebuilt (not an index of this version)",
    };
    // A catalog that could not be read is replaced whatever it is.
    let writer = match state {
        "built" => Writer::take(dir, None),
        _ if seen.is_some() => Writer::take(dir, seen.as_ref()),
        _ => Writer::take_over(dir),
    };
    let Some(writer) = writer else {
        let report = "index of meetings not saved: another process is writing it";
        return plain(root, &found, sink, report.into());
    };
    build(root, writer, &found, started)?;
    let report = match catalog::open(dir) {
        Ok(opened) => {
            let built = (state, found.len());
            match warm(root, dir, opened, &found, sink, started, built)? {
                Ok(visited) => return Ok(visited),
                Err(_) => format!("index of meetings {state} but damaged"),
            }
        }
        Err(_) => format!("index of meetings {state} but not readable"),
    };
    plain(root, &found, sink, report)
}

/// The meeting files of the archive, in its order, with what says whether
/// they changed.
fn listing(root: &Path) -> Result<Vec<Found>> {
    Ok(archive::meeting_files(root, |meta| stat(&meta))?
        .into_iter()
        .map(|(id, stat)| Found {
            name: id.to_string(),
            stat: stat.unwrap_or_default(),
            id,
        })
        .collect())
}

/// Every meeting read from its file, as the index would give it.
fn plain(root: &Path, found: &[Found], sink: &mut Sink<'_, '_>, report: String) -> Result<Visited> {
    let needs = sink.needs();
    let bar = crate::ui::progress(Some(found.len() as u64), "reading meetings");
    let mut unreadable = 0;
    for chunk in found.chunks(CHUNK) {
        let read = cores::map(chunk, &|| bar.inc(1), |f| parse(root, &f.id));
        for (f, m) in chunk.iter().zip(read) {
            match m {
                None => unreadable += 1,
                Some(meeting) => sink.give(&f.id, meeting, needs.as_deref(), None),
            }
        }
    }
    bar.finish_and_clear();
    Ok(Visited { unreadable, report })
}

/// A meeting as a command asked for it: with only the units that may match
/// a search (those of `units`, else those whose words meet `needs`; `None`
/// when there are none) and only the parts asked.
fn shaped(
    mut meeting: Meeting,
    needs: Option<&[Need<'_>]>,
    units: Option<&[Posting]>,
    parts: Parts,
) -> Option<Meeting> {
    if let Some(needs) = needs {
        let kept: Vec<u32> = match units {
            Some(units) => units.iter().map(|&p| p as u32).collect(),
            None => words::matching_units(&meeting, needs),
        };
        if kept.is_empty() {
            return None;
        }
        search::keep_units(&mut meeting, &kept);
    }
    parts::strip(&mut meeting, parts);
    Some(meeting)
}

/// What is known of a meeting file in a warm run.
enum Known {
    /// As recorded: its slot (`None`: it does not parse).
    Kept(Option<u32>),
    /// Read in this run: the meeting (`None`: it does not parse), its
    /// blocks, and its old slot when those are the same as before.
    Read {
        meeting: Option<Box<Meeting>>,
        blocks: Option<Box<[Vec<u8>; COUNT]>>,
        same: Option<u32>,
    },
}

/// The index, with this catalog, was found damaged before anything was
/// read from it.
struct Damaged(Head);

/// Visits through a usable index, reading again what changed and saving
/// it; `Err(Damaged)` when the word index turned out to be damaged.
fn warm(
    root: &Path,
    dir: &Path,
    opened: Opened,
    found: &[Found],
    sink: &mut Sink<'_, '_>,
    started: Duration,
    (state, built): (&str, usize),
) -> Result<Result<Visited, Damaged>> {
    let catalog = &opened.catalog;
    // Right after a build, the index holds what this run read.
    let trusted_before = match built {
        0 => catalog.head.written.saturating_sub(TICK),
        _ => Duration::MAX,
    };
    let mut recorded: HashMap<&str, &Entry> =
        catalog.files.iter().map(|e| (e.id.as_str(), e)).collect();
    let mut known = Vec::with_capacity(found.len());
    let mut stale = Vec::new();
    for (i, f) in found.iter().enumerate() {
        match recorded.remove(f.name.as_str()) {
            Some(e) if e.stat == f.stat && f.stat.modified.max(f.stat.changed) < trusted_before => {
                known.push(Known::Kept(e.slot));
            }
            old => {
                stale.push((i, old.and_then(|e| e.slot)));
                known.push(Known::Kept(None));
            }
        }
    }
    let removed = !recorded.is_empty();
    let ids: Vec<&MeetingId> = stale.iter().map(|&(i, _)| &found[i].id).collect();
    let bar = crate::ui::progress(Some(ids.len() as u64), "indexing meetings");
    let parsed = cores::map(&ids, &|| bar.inc(1), |id| read_split(root, id));
    bar.finish_and_clear();
    for (&(i, old), (meeting, blocks)) in stale.iter().zip(parsed) {
        let same = old.filter(|&s| {
            blocks.as_ref().is_some_and(|b| {
                catalog.slots[s as usize].iter().zip(b).all(|(old, new)| {
                    old.len as usize == new.len() && old.crc == crc32fast::hash(new)
                })
            })
        });
        known[i] = Known::Read {
            meeting: meeting.map(Box::new),
            blocks: blocks.map(Box::new),
            same,
        };
    }
    let needs = sink.needs();
    let candidates = match &needs {
        Some(needs) if !needs.is_empty() => match candidates(&opened, needs) {
            Some(c) => Some(c),
            None => return Ok(Err(Damaged(opened.catalog.head))),
        },
        _ => None,
    };

    let read = built + stale.len();
    let mut report = format!(
        "index of meetings {state}; {read} of {} read again",
        crate::plural::count(found.len(), "file")
    );
    if !stale.is_empty() || removed {
        match Writer::take(dir, Some(&catalog.head)) {
            Some(writer) => match save(writer, &opened, found, &known, started) {
                Ok(how) => report.push_str(how),
                Err(e) => report = format!("{report}; not saved: {e}"),
            },
            None => report.push_str("; not saved: another process is writing it"),
        }
    }
    let (unreadable, damaged) = gather(root, &opened, found, &known, sink, candidates);
    if damaged > 0 {
        // What was damaged was read from the files; the next run should
        // not have to.
        report.push_str(&format!(
            "; {} damaged",
            crate::plural::count(damaged, "meeting")
        ));
        if let Some(writer) = Writer::take_over(dir) {
            match build(root, writer, found, started) {
                Ok(()) => report.push_str(", rebuilt"),
                Err(e) => report.push_str(&format!(", not rebuilt: {e}")),
            }
        }
    }
    Ok(Ok(Visited { unreadable, report }))
}

/// The meeting `id` read from its file, and its blocks.
fn read_split(root: &Path, id: &MeetingId) -> (Option<Meeting>, Option<[Vec<u8>; COUNT]>) {
    match parse(root, id) {
        Some(mut m) => {
            let blocks = parts::split(&mut m).ok();
            (Some(m), blocks)
        }
        None => (None, None),
    }
}

/// Gives `sink` the meetings of this run: those read again as they are,
/// the others decoded from the index as far as it asks (a meeting whose
/// blocks are damaged is read from its file). How many files could not be
/// read, and how many meetings were damaged.
fn gather(
    root: &Path,
    opened: &Opened,
    found: &[Found],
    known: &[Known],
    sink: &mut Sink<'_, '_>,
    candidates: Option<Vec<Posting>>,
) -> (usize, usize) {
    let needs = sink.needs();
    let needs = needs.as_deref();
    // The units of a slot that may match, among the candidates.
    let units = |slot: u32| -> Option<&[Posting]> {
        let c = candidates.as_deref()?;
        let start = c.partition_point(|&p| words::slot_of(p) < slot);
        let len = c[start..].partition_point(|&p| words::slot_of(p) == slot);
        Some(&c[start..start + len])
    };
    // The slot to decode of each file, if any.
    let wanted: Vec<Option<u32>> = known
        .iter()
        .map(|k| match k {
            Known::Kept(Some(slot)) => Some(*slot),
            _ => None,
        })
        .map(|slot| slot.filter(|&s| units(s).is_none_or(|u| !u.is_empty())))
        .collect();
    let numbers = sink.numbers();
    let slots = &opened.catalog.slots;
    let (mut unreadable, mut damaged) = (0, 0);
    // A chunk of files at a time, so that the bytes read are few at once
    // and their memory is used again.
    let mut fetched = Fetched::default();
    for ((found, known), wanted) in found
        .chunks(CHUNK)
        .zip(known.chunks(CHUNK))
        .zip(wanted.chunks(CHUNK))
    {
        opened.data.fetch_into(
            wanted
                .iter()
                .flatten()
                .flat_map(|&s| numbers.iter().map(move |&n| slots[s as usize][n])),
            &mut fetched,
        );
        for ((f, k), slot) in found.iter().zip(known).zip(wanted) {
            match (k, *slot) {
                (Known::Read { meeting: None, .. }, _) | (Known::Kept(None), _) => unreadable += 1,
                (
                    Known::Read {
                        meeting: Some(m), ..
                    },
                    _,
                ) => sink.give(&f.id, Meeting::clone(m), needs, None),
                (Known::Kept(Some(_)), None) => {}
                (Known::Kept(Some(_)), Some(slot)) => {
                    let blocks: [Option<&[u8]>; COUNT] = std::array::from_fn(|n| {
                        numbers
                            .contains(&n)
                            .then(|| fetched.get(&slots[slot as usize][n]))
                            .flatten()
                    });
                    let listed = units(slot);
                    let whole = numbers.iter().all(|&n| blocks[n].is_some());
                    if whole && sink.give_blocks(&f.id, &blocks, needs, listed) {
                        continue;
                    }
                    // A damaged block: the file itself is read.
                    damaged += 1;
                    match parse(root, &f.id) {
                        Some(m) => sink.give(&f.id, m, needs, listed),
                        None => unreadable += 1,
                    }
                }
            }
        }
    }
    (unreadable, damaged)
}

/// The units (sorted) that may hold every one of `needs`, from the word
/// lists; `None` when a list is damaged.
fn candidates(opened: &Opened, needs: &[Need<'_>]) -> Option<Vec<Posting>> {
    let dictionary = Dictionary::read(opened)?;
    let mut units: Option<Vec<Posting>> = None;
    for &need in needs {
        let mut found = dictionary.postings(&opened.data, need)?;
        found.extend(catalog::delta_postings(&opened.catalog.delta, need)?);
        found.sort_unstable();
        found.dedup();
        units = Some(match units {
            None => found,
            Some(before) => words::intersect(&before, &found),
        });
    }
    units
}

/// A meeting that needs a new slot: the slot, its blocks, the meeting.
type Added<'a> = (u32, &'a [Vec<u8>; COUNT], &'a Meeting);

/// Writes what this run read again: appended, or the whole index anew when
/// enough of it is garbage. Says which, for the report.
fn save(
    writer: Writer,
    opened: &Opened,
    found: &[Found],
    known: &[Known],
    started: Duration,
) -> Result<&'static str> {
    let old = &opened.catalog;
    let mut catalog = Catalog {
        head: Head {
            written: started,
            ..old.head.clone()
        },
        files: Vec::with_capacity(found.len()),
        slots: old.slots.clone(),
        delta: Vec::new(),
    };
    let mut added: Vec<Added<'_>> = Vec::new();
    for (f, k) in found.iter().zip(known) {
        let slot = match k {
            Known::Kept(slot) => *slot,
            Known::Read { same: Some(s), .. } => Some(*s),
            Known::Read {
                meeting: Some(m),
                blocks: Some(blocks),
                ..
            } => {
                let slot = (old.slots.len() + added.len()) as u32;
                added.push((slot, blocks, m));
                Some(slot)
            }
            Known::Read { .. } => None,
        };
        catalog.files.push(Entry {
            id: f.name.clone(),
            stat: f.stat,
            slot,
        });
    }
    let mut live: Vec<u32> = catalog.files.iter().filter_map(|e| e.slot).collect();
    live.sort_unstable();
    let appended = live.iter().filter(|&&s| s >= old.head.base).count();
    let size: u64 = old.head.data_len
        + added
            .iter()
            .flat_map(|(_, blocks, _)| blocks.iter())
            .map(|b| b.len() as u64)
            .sum::<u64>();
    let kept = live
        .iter()
        .copied()
        .filter(|&s| (s as usize) < old.slots.len());
    let garbage = catalog::garbage(old, kept);
    if garbage * GARBAGE_SHARE > size || appended > DELTA.max(live.len() / 16) {
        compact(writer, opened, catalog, &added)?;
        return Ok("; rewritten whole");
    }
    let mut appender = writer.extend(&old.head)?;
    let mut builder = Builder::default();
    for &(slot, blocks, meeting) in &added {
        let mut placed = [Block::default(); COUNT];
        for (n, bytes) in blocks.iter().enumerate() {
            placed[n] = appender.append(bytes)?;
        }
        catalog.slots.push(placed);
        builder.add(slot, meeting);
    }
    catalog.delta = merged_delta(&old.delta, &live, builder);
    writer.publish(catalog, appender)?;
    Ok(if added.is_empty() { "" } else { "; appended" })
}

/// The delta's lists for the slots in use (`live`, sorted), with the words
/// of the slots just added (which come after every slot before them).
fn merged_delta(old: &[(String, Vec<u8>)], live: &[u32], added: Builder) -> Vec<(String, Vec<u8>)> {
    let kept = old.iter().filter_map(|(word, list)| {
        let postings: Vec<Posting> = words::decode(list)
            .unwrap_or_default()
            .into_iter()
            .filter(|&p| live.binary_search(&words::slot_of(p)).is_ok())
            .collect();
        (!postings.is_empty()).then(|| (word.clone(), postings))
    });
    let new = added
        .sorted()
        .into_iter()
        .map(|(w, list)| (w.into(), words::decode(list.bytes()).unwrap_or_default()));
    join_decoded(kept.chain(new).collect())
        .into_iter()
        .map(|(w, p)| (w, words::encode(&p)))
        .collect()
}

/// Lists of words (not in order, a word perhaps more than once) as one
/// list a word, in word order.
fn join_decoded(mut lists: Vec<(String, Vec<Posting>)>) -> Vec<(String, Vec<Posting>)> {
    lists.sort_by(|a, b| a.0.cmp(&b.0));
    let mut joined: Vec<(String, Vec<Posting>)> = Vec::with_capacity(lists.len());
    let mut lists = lists.into_iter().peekable();
    while let Some((word, mut postings)) = lists.next() {
        while let Some((_, more)) = lists.next_if(|(next, _)| *next == word) {
            postings.extend(more);
        }
        postings.sort_unstable();
        postings.dedup();
        joined.push((word, postings));
    }
    joined
}

/// Writes the index anew from the one in use and what was read again:
/// the slots in use copied in the files' order, one word index. `catalog`
/// names the files with their slots in the old numbering (added ones after
/// the old ones).
fn compact(writer: Writer, opened: &Opened, catalog: Catalog, added: &[Added<'_>]) -> Result<()> {
    let old = &opened.catalog;
    let fresh: HashMap<u32, &[Vec<u8>; COUNT]> = added.iter().map(|(s, b, _)| (*s, *b)).collect();
    let order: Vec<u32> = catalog.files.iter().filter_map(|e| e.slot).collect();
    let renumber: HashMap<u32, u32> = order
        .iter()
        .enumerate()
        .map(|(new, &s)| (s, new as u32))
        .collect();
    let mut appender = writer.create()?;
    let mut slots = vec![[Block::default(); COUNT]; order.len()];
    for n in 0..COUNT {
        for (c, chunk) in order.chunks(CHUNK).enumerate() {
            let fetched = opened.data.fetch(
                chunk
                    .iter()
                    .filter(|s| !fresh.contains_key(s))
                    .map(|&s| old.slots[s as usize][n]),
            );
            for (k, &s) in chunk.iter().enumerate() {
                let bytes = match fresh.get(&s) {
                    Some(blocks) => &blocks[n][..],
                    None => fetched.get(&old.slots[s as usize][n]).ok_or_else(damaged)?,
                };
                slots[c * CHUNK + k][n] = appender.append(bytes)?;
            }
        }
    }
    let renumbered = |list: &[u8]| -> Result<Vec<Posting>> {
        Ok(words::decode(list)
            .ok_or_else(damaged)?
            .into_iter()
            .filter_map(|p| Some(words::posting(*renumber.get(&words::slot_of(p))?, p as u32)))
            .collect())
    };
    // The old lists a batch of words at a time, each joined with the same
    // word's lists in the delta and among what was read again.
    let mut builder = Builder::default();
    for &(slot, _, meeting) in added {
        builder.add(renumber[&slot], meeting);
    }
    let mut others: Vec<(String, Vec<Posting>)> = Vec::new();
    for (word, list) in &old.delta {
        others.push((word.clone(), renumbered(list)?));
    }
    for (word, list) in builder.sorted() {
        others.push((word.into(), words::decode(list.bytes()).unwrap_or_default()));
    }
    let dictionary = Dictionary::read(opened).ok_or_else(damaged)?;
    let base = dictionary.words().ok_or_else(damaged)?;
    let mut out = WordsOut::new(&appender);
    let mut others = join_decoded(others).into_iter().peekable();
    for batch in base.chunks(4096) {
        let lists = dictionary.lists(&opened.data, batch).ok_or_else(damaged)?;
        for ((word, _), list) in batch.iter().zip(lists) {
            while let Some((w, p)) = others.next_if(|(w, _)| w.as_str() < *word) {
                out.add(&mut appender, &w, &words::encode(&p))?;
            }
            let mut postings = renumbered(&list)?;
            if let Some((_, more)) = others.next_if(|(w, _)| w.as_str() == *word) {
                postings.extend(more);
                postings.sort_unstable();
                postings.dedup();
            }
            if !postings.is_empty() {
                out.add(&mut appender, word, &words::encode(&postings))?;
            }
        }
    }
    for (w, p) in others {
        out.add(&mut appender, &w, &words::encode(&p))?;
    }
    let mut head = Head {
        written: catalog.head.written,
        base: order.len() as u32,
        ..Head::default()
    };
    out.finish(&mut appender, &mut head)?;
    let files = catalog
        .files
        .into_iter()
        .map(|e| Entry {
            slot: e.slot.map(|s| renumber[&s]),
            ..e
        })
        .collect();
    writer.publish(
        Catalog {
            head,
            files,
            slots,
            delta: Vec::new(),
        },
        appender,
    )
}

fn damaged() -> crate::error::Error {
    crate::error::Error::failed("the index is damaged")
}

/// Builds the index of every file in `found` anew. The files are read a
/// chunk at a time on every core; the notes (most of the bytes) are
/// written as they come, the other parts and the word lists kept until
/// the end, so that no more than a chunk of meetings is ever held.
fn build(root: &Path, writer: Writer, found: &[Found], started: Duration) -> Result<()> {
    let threads = cores::count();
    let mut appender = writer.create()?;
    // The parts other than the notes, each of all meetings together.
    let mut held: Vec<Vec<u8>> = vec![Vec::new(); COUNT];
    let mut slots: Vec<[Block; COUNT]> = Vec::new();
    let mut files = Vec::with_capacity(found.len());
    let mut builders: Vec<Builder> = (0..threads).map(|_| Builder::default()).collect();
    let bar = crate::ui::progress(Some(found.len() as u64), "indexing meetings");
    for chunk in found.chunks(CHUNK) {
        let ids: Vec<&MeetingId> = chunk.iter().map(|f| &f.id).collect();
        let read = cores::map(&ids, &|| bar.inc(1), |id| read_split(root, id));
        let mut meetings: Vec<(u32, Meeting)> = Vec::new();
        for (f, (meeting, blocks)) in chunk.iter().zip(read) {
            let slot = match (meeting, blocks) {
                (Some(m), Some(blocks)) => {
                    let slot = slots.len() as u32;
                    let mut placed = [Block::default(); COUNT];
                    for (n, bytes) in blocks.iter().enumerate() {
                        placed[n] = if n == NOTES {
                            appender.append(bytes)?
                        } else {
                            let at = held[n].len() as u64;
                            held[n].extend_from_slice(bytes);
                            Block {
                                at,
                                len: bytes.len() as u32,
                                crc: crc32fast::hash(bytes),
                            }
                        };
                    }
                    slots.push(placed);
                    meetings.push((slot, m));
                    Some(slot)
                }
                _ => None,
            };
            files.push(Entry {
                id: f.name.clone(),
                stat: f.stat,
                slot,
            });
        }
        // Each core takes a part of the chunk's words, in slot order.
        let per = meetings.len().div_ceil(threads).max(1);
        std::thread::scope(|scope| {
            for (part, builder) in meetings.chunks(per).zip(builders.iter_mut()) {
                scope.spawn(move || {
                    for (slot, m) in part {
                        builder.add(*slot, m);
                    }
                });
            }
        });
    }
    bar.finish_and_clear();
    for (n, bytes) in held.iter().enumerate().filter(|(n, _)| *n != NOTES) {
        let start = appender.append(bytes)?.at;
        for placed in &mut slots {
            placed[n].at += start;
        }
    }
    let mut head = Head {
        written: started,
        base: slots.len() as u32,
        ..Head::default()
    };
    let mut out = WordsOut::new(&appender);
    for (word, list) in Builder::join(builders) {
        out.add(&mut appender, &word, &list)?;
    }
    out.finish(&mut appender, &mut head)?;
    writer.publish(
        Catalog {
            head,
            files,
            slots,
            delta: Vec::new(),
        },
        appender,
    )
}

/// The number of the notes among the parts.
const NOTES: usize = 2;

fn parse(root: &Path, id: &MeetingId) -> Option<Meeting> {
    let file = id.relative_path();
    let text = crate::fsio::read_text(&root.join(&file), &file).ok()?;
    archive::parse_record(id.clone(), file, text)
        .ok()
        .map(|r| r.meeting)
}

fn stat(meta: &std::fs::Metadata) -> Stat {
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
    fn warm_loads_equal_cold_ones_in_every_detail() {
        let root = sample();
        let index = tempfile::tempdir().unwrap();
        let terms = ["goma".to_string(), "m23".to_string()];
        let details = [
            Detail::Full,
            Detail::Outline,
            Detail::Parts(Parts::HEAD),
            Detail::Parts(Parts::ITEMS | Parts::ACTIONS),
            Detail::Parts(Parts::DECISIONS | Parts::UPDATES),
            Detail::Matching(&terms),
            Detail::Matching(&terms[..1]),
        ];
        for detail in details {
            let plain = load(root.path(), None, detail).unwrap();
            let built = load(root.path(), Some(index.path()), detail).unwrap();
            let warm = load(root.path(), Some(index.path()), detail).unwrap();
            assert!(warm.report.contains("warm; 0 of 9"), "{}", warm.report);
            assert_eq!(plain.meetings, built.meetings, "{detail:?}");
            assert_eq!(plain.meetings, warm.meetings, "{detail:?}");
        }
        let summaries = |dir: Option<&Path>| {
            let mut all = Vec::new();
            visit_summaries(root.path(), dir, &mut |id, s| all.push((id.clone(), s))).unwrap();
            all
        };
        let plain = summaries(None);
        assert_eq!(plain.len(), 9);
        assert_eq!(plain, summaries(Some(index.path())));
        let full = load(root.path(), Some(index.path()), Detail::Full).unwrap();
        assert!(full.meetings[3].meeting.items[1].notes.contains("Goma"));
        let found = load(root.path(), Some(index.path()), Detail::Matching(&terms)).unwrap();
        assert!(!found.meetings.is_empty() && found.meetings.len() < 9);
        // Only the items where both words are.
        assert!(
            found
                .meetings
                .iter()
                .all(|m| m.meeting.items.iter().all(|i| {
                    let text = search::units(&crate::meeting::Meeting {
                        items: vec![i.clone()],
                        ..m.meeting.clone()
                    })
                    .concat();
                    text.contains("goma") && text.contains("m23")
                }))
        );
    }
}
