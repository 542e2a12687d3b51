//! A meeting cut into parts that are stored, read and decoded apart: what a
//! command asks for is all it decodes (a listing never the notes, `actions`
//! never the sources).
//!
//! The cut is made on the meeting types themselves: the head is the
//! meeting with its items and updates taken out, an item's own fields are
//! the item with its notes, decisions, sources and actions taken out. A
//! field added to a meeting or an item travels with its head or its item
//! without a change here. Loading with and without the index cuts the same
//! way ([`strip`]), so that a command that asks too little sees the same
//! (wrong) thing either way and its tests say so.
//!
//! Beside the parts, each meeting has its [`Summary`]: the line `list`
//! prints, worked out from the meeting (its headline and counts) when it is
//! indexed, so that listing ten thousand meetings decodes ten thousand
//! short lines.

use std::mem::take;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::store::{self, Unusable};
use crate::error::Result;
use crate::meeting::{Item, Meeting, Status};

/// The number of parts of a meeting.
const PARTS: usize = 7;
/// The number of blocks kept of each meeting: its parts, and its summary.
pub const COUNT: usize = PARTS + 1;
/// The number of the summary among the blocks.
pub const SUMMARY: usize = PARTS;

/// A set of parts of a meeting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Parts(u8);

impl Parts {
    /// The meeting's own fields (date, status, title, people ...): always
    /// there, whatever else is asked.
    pub const HEAD: Parts = Parts(1);
    /// Each item's own fields: id, title, lead, tags, presenter ...
    pub const ITEMS: Parts = Parts(1 << 1);
    pub const NOTES: Parts = Parts(1 << 2);
    pub const DECISIONS: Parts = Parts(1 << 3);
    pub const SOURCES: Parts = Parts(1 << 4);
    pub const ACTIONS: Parts = Parts(1 << 5);
    pub const UPDATES: Parts = Parts(1 << 6);
    pub const ALL: Parts = Parts((1 << PARTS) - 1);
    /// Everything but the notes.
    pub const OUTLINE: Parts = Parts(Parts::ALL.0 & !Parts::NOTES.0);

    /// The head, the items if any part of an item is asked, and `self`.
    fn complete(self) -> Parts {
        let of_items = Parts::NOTES.0 | Parts::DECISIONS.0 | Parts::SOURCES.0 | Parts::ACTIONS.0;
        let items = if self.0 & of_items != 0 {
            Parts::ITEMS.0
        } else {
            0
        };
        Parts(self.0 | Parts::HEAD.0 | items)
    }

    pub fn has(self, part: Parts) -> bool {
        self.complete().0 & part.0 == part.0
    }

    /// The numbers of the parts in the set, as [`split`] orders them.
    pub fn numbers(self) -> impl Iterator<Item = usize> {
        let all = self.complete().0;
        (0..PARTS).filter(move |n| all & (1 << n) != 0)
    }
}

impl std::ops::BitOr for Parts {
    type Output = Parts;

    fn bitor(self, other: Parts) -> Parts {
        Parts(self.0 | other.0)
    }
}

/// What a listing of meetings shows of one, worked out when it is indexed,
/// so that a listing decodes nothing else.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub date: NaiveDate,
    pub series: Option<String>,
    pub status: Status,
    /// [`Meeting::headline`].
    pub headline: Option<String>,
    pub items: usize,
    pub actions: usize,
}

impl Summary {
    pub fn of(meeting: &Meeting) -> Summary {
        Summary {
            date: meeting.date,
            series: meeting.series.clone(),
            status: meeting.status,
            headline: meeting.headline().map(str::to_string),
            items: meeting.items.len(),
            actions: meeting.action_count(),
        }
    }
}

/// The blocks of `meeting`: its parts, encoded in the order of their
/// numbers, then its summary. The meeting is taken apart and put back
/// together meanwhile, so that nothing is copied.
pub fn split(meeting: &mut Meeting) -> Result<[Vec<u8>; COUNT]> {
    let summary = store::encode(&Summary::of(meeting));
    let mut items = take(&mut meeting.items);
    let updates = take(&mut meeting.updates);
    let head = store::encode(&*meeting);
    let notes: Vec<String> = items.iter_mut().map(|i| take(&mut i.notes)).collect();
    let decisions: Vec<_> = items.iter_mut().map(|i| take(&mut i.decisions)).collect();
    let sources: Vec<_> = items.iter_mut().map(|i| take(&mut i.sources)).collect();
    let actions: Vec<_> = items.iter_mut().map(|i| take(&mut i.actions)).collect();
    let parts = [
        head,
        store::encode(&items),
        store::encode(&notes),
        store::encode(&decisions),
        store::encode(&sources),
        store::encode(&actions),
        store::encode(&updates),
        summary,
    ];
    for (item, (((n, d), s), a)) in items
        .iter_mut()
        .zip(notes.into_iter().zip(decisions).zip(sources).zip(actions))
    {
        item.notes = n;
        item.decisions = d;
        item.sources = s;
        item.actions = a;
    }
    meeting.items = items;
    meeting.updates = updates;
    let [a, b, c, d, e, f, g, h] = parts;
    Ok([a?, b?, c?, d?, e?, f?, g?, h?])
}

/// Which items of a meeting to keep (their indices, in order), asked of the
/// meeting with its items' own fields.
pub type Only<'a> = Option<&'a dyn Fn(&Meeting) -> Vec<usize>>;

/// A meeting put together from the encoded parts `blocks` (by number; a
/// part not asked for is `None` and stays empty). With `only`, it keeps of
/// the items just those that `only` picks (their indices, in order) of the
/// meeting with its items' own fields, and decodes nothing else of the
/// others: their notes are not even copied.
pub fn assemble(blocks: &[Option<&[u8]>; COUNT], only: Only<'_>) -> Result<Meeting, Unusable> {
    let [head, items, notes, decisions, sources, actions, updates, _] = *blocks;
    let mut meeting: Meeting = store::decode(head.ok_or(Unusable::Damaged)?)?;
    if let Some(block) = items {
        meeting.items = store::decode(block)?;
    }
    let count = meeting.items.len();
    let kept = only.map(|only| only(&meeting));
    if let Some(kept) = &kept {
        let mut at = 0;
        meeting.items.retain(|_| {
            at += 1;
            kept.binary_search(&(at - 1)).is_ok()
        });
    }
    let kept = kept.as_deref();
    let items = &mut meeting.items;
    if let Some(block) = notes {
        // As bytes, so that only the notes kept are checked to be UTF-8.
        let notes: Vec<&[u8]> = pick(store::decode(block)?, count, kept)?;
        let notes: Vec<String> = notes
            .into_iter()
            .map(|n| std::str::from_utf8(n).map(str::to_string))
            .collect::<Result<_, _>>()
            .map_err(|_| Unusable::Damaged)?;
        fill(items, notes, |i, v| i.notes = v)?;
    }
    if let Some(block) = decisions {
        fill(items, pick(store::decode(block)?, count, kept)?, |i, v| {
            i.decisions = v
        })?;
    }
    if let Some(block) = sources {
        fill(items, pick(store::decode(block)?, count, kept)?, |i, v| {
            i.sources = v
        })?;
    }
    if let Some(block) = actions {
        fill(items, pick(store::decode(block)?, count, kept)?, |i, v| {
            i.actions = v
        })?;
    }
    if let Some(block) = updates {
        meeting.updates = store::decode(block)?;
    }
    Ok(meeting)
}

/// The values of one part for the items `kept` (all when `None`); a part
/// that does not have one value for each of the `count` items is damaged.
fn pick<T>(values: Vec<T>, count: usize, kept: Option<&[usize]>) -> Result<Vec<T>, Unusable> {
    if values.len() != count {
        return Err(Unusable::Damaged);
    }
    Ok(match kept {
        None => values,
        Some(kept) => values
            .into_iter()
            .enumerate()
            .filter(|(i, _)| kept.binary_search(i).is_ok())
            .map(|(_, v)| v)
            .collect(),
    })
}

/// Gives each item its value of one part.
fn fill<T>(items: &mut [Item], values: Vec<T>, set: impl Fn(&mut Item, T)) -> Result<(), Unusable> {
    if values.len() != items.len() {
        return Err(Unusable::Damaged);
    }
    for (item, value) in items.iter_mut().zip(values) {
        set(item, value);
    }
    Ok(())
}

/// Empties the parts of `meeting` that are not in `parts`, as a meeting
/// read from the index without them is.
pub fn strip(meeting: &mut Meeting, parts: Parts) {
    if !parts.has(Parts::ITEMS) {
        meeting.items.clear();
    }
    if !parts.has(Parts::UPDATES) {
        meeting.updates.clear();
    }
    for item in &mut meeting.items {
        if !parts.has(Parts::NOTES) {
            item.notes.clear();
        }
        if !parts.has(Parts::DECISIONS) {
            item.decisions.clear();
        }
        if !parts.has(Parts::SOURCES) {
            item.sources.clear();
        }
        if !parts.has(Parts::ACTIONS) {
            item.actions.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A meeting of the project's sample, or of a fixture (`folder`, which
    /// holds every field of the richer format).
    fn sample(folder: &str, id: &str) -> Meeting {
        let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(folder);
        let id = crate::id::MeetingId::parse(id).unwrap();
        let file = id.relative_path();
        let text = std::fs::read_to_string(root.join(&file)).unwrap();
        crate::archive::parse_record(id, file, text)
            .unwrap()
            .meeting
    }

    #[test]
    fn parts_put_together_make_the_meeting() {
        for (folder, id) in [
            ("", "2025-01-28"),
            ("tests/fixtures/language-council", "2025-06-20"),
        ] {
            whole_again(sample(folder, id));
        }
    }

    fn whole_again(mut meeting: Meeting) {
        let before = meeting.clone();
        let blocks = split(&mut meeting).unwrap();
        assert_eq!(meeting, before, "split gives the meeting back whole");
        let all: [Option<&[u8]>; COUNT] = std::array::from_fn(|n| Some(&blocks[n][..]));
        assert_eq!(assemble(&all, None).unwrap(), before);
        let second = |_: &Meeting| vec![1];
        let only = assemble(&all, Some(&second)).unwrap();
        assert_eq!(only.items, before.items[1..2]);
        let summary: Summary = store::decode(&blocks[SUMMARY]).unwrap();
        assert_eq!(summary, Summary::of(&before));
        for parts in [
            Parts::HEAD,
            Parts::HEAD | Parts::ITEMS,
            Parts::ACTIONS | Parts::UPDATES,
            Parts::OUTLINE,
            Parts::NOTES,
        ] {
            let some: [Option<&[u8]>; COUNT] =
                std::array::from_fn(|n| parts.numbers().any(|p| p == n).then(|| &blocks[n][..]));
            let mut stripped = before.clone();
            strip(&mut stripped, parts);
            assert_eq!(assemble(&some, None).unwrap(), stripped, "{parts:?}");
        }
    }

    #[test]
    fn a_part_of_another_meeting_is_damage() {
        let mut meeting = sample("", "2025-01-28");
        let blocks = split(&mut meeting).unwrap();
        let mut fewer = meeting.clone();
        fewer.items.pop();
        let other = split(&mut fewer).unwrap();
        let mixed: [Option<&[u8]>; COUNT] = std::array::from_fn(|n| match n {
            2 => Some(&blocks[n][..]),
            _ => Some(&other[n][..]),
        });
        assert!(assemble(&mixed, None).is_err());
    }
}
