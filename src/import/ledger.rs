//! What became of each line of a source file: kept verbatim (in notes,
//! the preamble or the postscript), converted into a field (a title, an
//! attendee, a link), or dropped (a heading the template writes again, a
//! blank line), each with its category, so that the report can say what
//! did not end up in the meeting and why.

use std::ops::Range;

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "fate", content = "category", rename_all = "lowercase")]
pub enum Fate {
    Kept,
    Converted(&'static str),
    Dropped(&'static str),
}

/// One fate per line (numbered from 1).
#[derive(Clone, Debug, Default)]
pub struct Ledger {
    fates: Vec<Option<Fate>>,
}

impl Ledger {
    pub fn new(lines: usize) -> Ledger {
        Ledger {
            fates: vec![None; lines],
        }
    }

    /// Gives `lines` (from 1, end excluded) their fate.
    pub fn mark(&mut self, lines: Range<usize>, fate: Fate) {
        for n in lines {
            if let Some(slot) = self.fates.get_mut(n.wrapping_sub(1)) {
                *slot = Some(fate);
            }
        }
    }

    /// Every line's fate; a line nothing claimed is blank or unplaced.
    pub fn fates<'a>(
        &'a self,
        line: impl Fn(usize) -> &'a str + 'a,
    ) -> impl Iterator<Item = (usize, Fate)> + 'a {
        self.fates.iter().enumerate().map(move |(i, fate)| {
            let n = i + 1;
            let fate = match fate {
                Some(f) => *f,
                None if line(n).trim().is_empty() => Fate::Dropped("blank"),
                None => Fate::Dropped("unplaced"),
            };
            (n, fate)
        })
    }
}
