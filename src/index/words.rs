//! The word index: for every word of the archive's searchable text, folded
//! as search folds it, the units (a meeting's slot and the number of one of
//! its items) that hold it.
//!
//! A search reads the lists of its terms' words, intersects them, and
//! decodes only the meetings left: `query::search` says what a unit's words
//! must include for a term to match in it, this module finds the units that
//! include it. A list is kept as pairs of numbers, each the distance from
//! the previous one, in a variable-length encoding: a few bytes a word a
//! unit. Lists are built in slot order; words are kept sorted, so that a
//! prefix finds its words in one range.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::meeting::Meeting;
use crate::query::search::{self, Need};
use crate::query::text;

/// A unit holding a word: its meeting's slot in the high half, the unit's
/// number in the low.
pub type Posting = u64;

pub fn posting(slot: u32, unit: u32) -> Posting {
    (u64::from(slot) << 32) | u64::from(unit)
}

pub fn slot_of(posting: Posting) -> u32 {
    (posting >> 32) as u32
}

/// The list of one word while it is built.
#[derive(Default)]
pub struct List {
    bytes: Vec<u8>,
    last: Option<Posting>,
}

impl List {
    fn push(&mut self, posting: Posting) {
        if self.last != Some(posting) {
            put_pair(&mut self.bytes, self.last.unwrap_or(0), posting);
            self.last = Some(posting);
        }
    }

    /// The encoded list.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }
}

/// Lists of words being built from meetings given in slot order.
#[derive(Default)]
pub struct Builder {
    lists: HashMap<Box<str>, List, BuildHasherDefault<WordHasher>>,
}

/// A hash of words for building the lists: a multiply and a rotate for
/// every eight bytes, mixed at the end, many times faster than the
/// standard hasher on the millions of words an archive holds. Only lookups
/// get slower when an archive is made to collide; the lists stay right.
#[derive(Default)]
pub struct WordHasher(u64);

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.write(&[byte]);
    }

    fn finish(&self) -> u64 {
        // Every bit of the state reaches the low bits, which pick the bucket.
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

impl Builder {
    /// Adds the words of `meeting`, kept at `slot`.
    pub fn add(&mut self, slot: u32, meeting: &Meeting) {
        search::unit_words(meeting, |unit, word| {
            let at = posting(slot, unit);
            match self.lists.get_mut(word) {
                Some(list) => list.push(at),
                None => {
                    let mut list = List::default();
                    list.push(at);
                    self.lists.insert(word.into(), list);
                }
            }
        });
    }

    /// The words and their lists, in word order.
    pub fn sorted(self) -> Vec<(Box<str>, List)> {
        let mut lists: Vec<_> = self.lists.into_iter().collect();
        lists.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        lists
    }

    /// The lists of builders that took turns over the slots, joined: each
    /// word's list once, in word order, encoded.
    pub fn join(builders: Vec<Builder>) -> Vec<(Box<str>, Vec<u8>)> {
        let mut all: Vec<(Box<str>, List)> =
            builders.into_iter().flat_map(Builder::sorted).collect();
        all.sort_by(|a, b| a.0.cmp(&b.0));
        let mut joined: Vec<(Box<str>, Vec<u8>)> = Vec::with_capacity(all.len());
        let mut all = all.into_iter().peekable();
        while let Some((word, list)) = all.next() {
            if all.peek().is_none_or(|(next, _)| *next != word) {
                joined.push((word, list.bytes));
                continue;
            }
            let mut postings = decode(&list.bytes).unwrap_or_default();
            while let Some((_, more)) = all.next_if(|(next, _)| *next == word) {
                postings.extend(decode(&more.bytes).unwrap_or_default());
            }
            postings.sort_unstable();
            joined.push((word, encode(&postings)));
        }
        joined
    }
}

/// An encoded list of postings, in order.
pub fn encode(postings: &[Posting]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(postings.len() * 2);
    let mut last = 0;
    for &p in postings {
        put_pair(&mut bytes, last, p);
        last = p;
    }
    bytes
}

/// The postings of an encoded list; `None` when it does not decode.
pub fn decode(bytes: &[u8]) -> Option<Vec<Posting>> {
    let mut out = Vec::with_capacity(bytes.len() / 2);
    let mut at = 0;
    let mut last = 0u64;
    while at < bytes.len() {
        let slots = take_varint(bytes, &mut at)?;
        let unit = take_varint(bytes, &mut at)?;
        let slot = u64::from(slot_of(last)).checked_add(slots)?;
        let p = posting(u32::try_from(slot).ok()?, u32::try_from(unit).ok()?);
        if !out.is_empty() && p <= last {
            return None;
        }
        out.push(p);
        last = p;
    }
    Some(out)
}

/// A posting after `last`: the slots between, and the unit.
fn put_pair(bytes: &mut Vec<u8>, last: Posting, posting: Posting) {
    put_varint(bytes, u64::from(slot_of(posting) - slot_of(last)));
    put_varint(bytes, posting & 0xffff_ffff);
}

fn put_varint(bytes: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        bytes.push((value as u8) | 0x80);
        value >>= 7;
    }
    bytes.push(value as u8);
}

fn take_varint(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *bytes.get(*at)?;
        *at += 1;
        value |= u64::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            return Some(value);
        }
    }
    None
}

/// The words that meet `need`, among `words` (sorted): one, or those of a
/// prefix's range.
pub fn satisfying<'w, T>(words: &'w [T], word: impl Fn(&T) -> &str, need: Need<'_>) -> &'w [T] {
    let (Need::Word(w) | Need::Prefix(w)) = need;
    let start = words.partition_point(|e| word(e) < w);
    let len = match need {
        Need::Word(_) => usize::from(words.get(start).is_some_and(|e| word(e) == w)),
        Need::Prefix(p) => words[start..].partition_point(|e| word(e).starts_with(p)),
    };
    &words[start..start + len]
}

/// The postings in both sorted lists.
pub fn intersect(a: &[Posting], b: &[Posting]) -> Vec<Posting> {
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

/// The units of `meeting` (their numbers, in order) whose words meet every
/// one of `needs`: what the lists would say of it, for a meeting read in
/// this run.
pub fn matching_units(meeting: &Meeting, needs: &[Need<'_>]) -> Vec<u32> {
    let units = search::units(meeting);
    let meets = |folded: &String| {
        let mut words: Vec<&str> = text::words(folded).collect();
        words.sort_unstable();
        words.dedup();
        needs
            .iter()
            .all(|&need| !satisfying(&words, |w| w, need).is_empty())
    };
    (0..units.len() as u32)
        .filter(|&u| meets(&units[u as usize]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_round_trip_and_join() {
        let postings = [posting(0, 0), posting(0, 3), posting(7, 1), posting(300, 0)];
        assert_eq!(decode(&encode(&postings)).unwrap(), postings);
        let mut list = List::default();
        for &p in &postings {
            list.push(p);
            list.push(p);
        }
        assert_eq!(decode(list.bytes()).unwrap(), postings);
        assert!(decode(&[0x80]).is_none());
        // A unit twice, or out of order, is damage, not a list.
        assert!(decode(&[2, 1, 0, 1]).is_none());
        assert!(decode(&[2, 1, 0, 0]).is_none());
    }

    #[test]
    fn prefixes_find_their_range() {
        let words = ["congo", "congolese", "cook", "goma"];
        let find = |need| satisfying(&words, |w| w, need).to_vec();
        assert_eq!(find(Need::Prefix("cong")), ["congo", "congolese"]);
        assert_eq!(find(Need::Word("congo")), ["congo"]);
        assert_eq!(find(Need::Word("cong")), Vec::<&str>::new());
        assert_eq!(find(Need::Prefix("z")), Vec::<&str>::new());
    }
}
